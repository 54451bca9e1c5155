import CHDF5
import XCTest

/// Opens a dataset of an HDF5 file for writing in place (as a damaged or hand-edited file would
/// be), for tests that feed stages and the reference check altered files.
func editDataset(_ dataset: String, in path: String, _ body: (_ data: hid_t, _ count: Int) -> Void) {
    let file = H5Fopen(path, chdf5_H5F_ACC_RDWR(), chdf5_H5P_DEFAULT())
    XCTAssertGreaterThanOrEqual(file, 0, "cannot open \(path)")
    defer { H5Fclose(file) }
    let data = H5Dopen2(file, dataset, chdf5_H5P_DEFAULT())
    XCTAssertGreaterThanOrEqual(data, 0, "no dataset \(dataset) in \(path)")
    defer { H5Dclose(data) }
    let space = H5Dget_space(data)
    let count = Int(H5Sget_simple_extent_npoints(space))
    H5Sclose(space)
    body(data, count)
}
