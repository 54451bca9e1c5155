import CHDF5

/// How a dataset is laid out: contiguous, or chunked with shuffle + deflate.
public enum Compression: Equatable {
    /// Contiguous storage, no filters.
    case none
    /// Chunked storage (chunks of at most about 1 MiB), shuffle, then deflate at `level` (1–9).
    case deflate(level: Int)

    /// What the project uses unless told otherwise.
    public static let standard = Compression.deflate(level: 4)
}

/// An HDF5 dataset: an n-dimensional array of one element type, with attributes.
public final class Dataset: Object {
    /// The dimensions, slowest first (C order); `[]` for a scalar dataset.
    /// The corresponding C functions are `H5Dget_space` and `H5Sget_simple_extent_dims`.
    public func shape() throws -> [Int] {
        let space = try location.check(H5Dget_space(id), "H5Dget_space")
        defer { H5Sclose(space) }
        return try dimensions(of: space, at: location)
    }

    /// The stored element type in words (`float64`, `int32`, `uint8`, `string`, …).
    public func elementTypeName() throws -> String {
        let type = try location.check(H5Dget_type(id), "H5Dget_type")
        defer { H5Tclose(type) }
        return try describeType(type, at: location)
    }

    /// Reads the whole dataset, converting to `T` as HDF5 converts numbers.
    /// Reading a string dataset as numbers is an error naming the dataset.
    /// The corresponding C function is `H5Dread`.
    public func read<T: HDF5Element>(as type: T.Type = T.self) throws -> [T] {
        let stored = try elementTypeName()
        guard stored != "string", stored != "other" else {
            throw location.fail("H5Dread", "holds \(stored) values, cannot read as \(T.elementTypeName)")
        }
        let count = try shape().reduce(1, *)
        var values = [T](repeating: T.zero, count: count)
        if count > 0 {
            try values.withUnsafeMutableBytes { buffer in
                try location.check(
                    H5Dread(id, T.memoryType, chdf5_H5S_ALL(), chdf5_H5S_ALL(), chdf5_H5P_DEFAULT(), buffer.baseAddress),
                    "H5Dread", "cannot read as \(T.elementTypeName)")
            }
        }
        return values
    }

    /// Reads the stored bytes in the native layout of the stored type (little-endian here), for
    /// content hashing. Strings and other classes are refused.
    public func readNativeBytes() throws -> [UInt8] {
        let fileType = try location.check(H5Dget_type(id), "H5Dget_type")
        defer { H5Tclose(fileType) }
        let native = try location.check(H5Tget_native_type(fileType, H5T_DIR_ASCEND), "H5Tget_native_type")
        defer { H5Tclose(native) }
        let elementSize = H5Tget_size(native)
        let count = try shape().reduce(1, *)
        var bytes = [UInt8](repeating: 0, count: count * elementSize)
        if count > 0 {
            try bytes.withUnsafeMutableBytes { buffer in
                try location.check(
                    H5Dread(id, native, chdf5_H5S_ALL(), chdf5_H5S_ALL(), chdf5_H5P_DEFAULT(), buffer.baseAddress),
                    "H5Dread")
            }
        }
        return bytes
    }
}

extension Group {
    /// Creates a dataset of the given shape holding `values` (C order), compressed as asked.
    /// A failed write removes the half-made dataset.
    /// The corresponding C functions are `H5Screate_simple`, `H5Pset_chunk`, `H5Pset_shuffle`,
    /// `H5Pset_deflate`, `H5Dcreate2` and `H5Dwrite`.
    @discardableResult
    public func createDataset<T: HDF5Element>(
        named name: String, shape: [Int], values: [T], compression: Compression = .standard
    ) throws -> Dataset {
        let child = location.child(name)
        let count = shape.reduce(1, *)
        guard count == values.count, shape.allSatisfy({ $0 >= 0 }) else {
            throw child.fail("H5Dcreate2", "shape \(shape) holds \(count) values, got \(values.count)")
        }
        let dims = shape.map { hsize_t($0) }
        let space = try child.check(
            shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, nil),
            "H5Screate_simple")
        defer { H5Sclose(space) }
        let creation = try untimedPropertyList(chdf5_H5P_DATASET_CREATE(), at: child)
        defer { H5Pclose(creation) }
        if case .deflate(let level) = compression, !shape.isEmpty, count >= 64 {
            let chunk = chunkShape(for: shape, elementSize: MemoryLayout<T>.stride).map { hsize_t($0) }
            try child.check(H5Pset_chunk(creation, Int32(chunk.count), chunk), "H5Pset_chunk")
            try child.check(H5Pset_shuffle(creation), "H5Pset_shuffle")
            try child.check(H5Pset_deflate(creation, UInt32(max(1, min(9, level)))), "H5Pset_deflate")
        }
        let id = try child.check(
            H5Dcreate2(self.id, name, T.fileType, space, chdf5_H5P_DEFAULT(), creation, chdf5_H5P_DEFAULT()),
            "H5Dcreate2", "cannot create the dataset")
        let dataset = Dataset(id: id, location: child)
        do {
            if count > 0 {
                try values.withUnsafeBytes { buffer in
                    try child.check(
                        H5Dwrite(id, T.memoryType, chdf5_H5S_ALL(), chdf5_H5S_ALL(), chdf5_H5P_DEFAULT(), buffer.baseAddress),
                        "H5Dwrite")
                }
            }
        } catch {
            try? dataset.close()
            H5Ldelete(self.id, name, chdf5_H5P_DEFAULT())
            throw error
        }
        return dataset
    }

    /// Writes a dataset and closes it: the common case of `createDataset`.
    public func write<T: HDF5Element>(_ values: [T], shape: [Int]? = nil, to name: String,
                                      compression: Compression = .standard) throws {
        try createDataset(named: name, shape: shape ?? [values.count], values: values,
                          compression: compression).close()
    }

    /// Opens a dataset. The corresponding C function is `H5Dopen2`.
    public func openDataset(named name: String) throws -> Dataset {
        let child = location.child(name)
        try requireMember(name, kind: .dataset)
        let id = try child.check(H5Dopen2(self.id, name, chdf5_H5P_DEFAULT()), "H5Dopen2", "cannot open the dataset")
        return Dataset(id: id, location: child)
    }

    /// Reads a whole dataset as `T` and closes it.
    public func read<T: HDF5Element>(_ name: String, as type: T.Type = T.self) throws -> [T] {
        let dataset = try openDataset(named: name)
        defer { try? dataset.close() }
        return try dataset.read(as: T.self)
    }

    /// Reads a dataset that must have exactly `count` elements; a different size names the dataset.
    public func read<T: HDF5Element>(_ name: String, count: Int, as type: T.Type = T.self) throws -> [T] {
        let values: [T] = try read(name)
        guard values.count == count else {
            throw location.child(name).fail("H5Dread", "expected \(count) values, found \(values.count)")
        }
        return values
    }
}

/// Chunk dimensions for a dataset: the full shape, halving the largest dimension until a chunk is
/// at most 1 MiB, as HDF5's guidance suggests for whole-array reads.
func chunkShape(for shape: [Int], elementSize: Int) -> [Int] {
    var chunk = shape.map { max(1, $0) }
    while chunk.reduce(elementSize, *) > 1 << 20, let largest = chunk.indices.max(by: { chunk[$0] < chunk[$1] }),
          chunk[largest] > 1 {
        chunk[largest] = (chunk[largest] + 1) / 2
    }
    return chunk
}

func dimensions(of space: hid_t, at location: Location) throws -> [Int] {
    let rank = try location.check(H5Sget_simple_extent_ndims(space), "H5Sget_simple_extent_ndims")
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    if rank > 0 {
        try location.check(H5Sget_simple_extent_dims(space, &dims, nil), "H5Sget_simple_extent_dims")
    }
    return dims.map { Int($0) }
}

func describeType(_ type: hid_t, at location: Location) throws -> String {
    let size = H5Tget_size(type)
    switch H5Tget_class(type) {
    case H5T_FLOAT: return "float\(size * 8)"
    case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + "\(size * 8)"
    case H5T_STRING: return "string"
    default: return "other"
    }
}
