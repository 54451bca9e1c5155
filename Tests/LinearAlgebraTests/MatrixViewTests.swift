import LinearAlgebra
import XCTest

/// `multiply` on views: transposes read without copying, a leading dimension larger than the
/// columns selects a sub-block, and an empty inner dimension scales C by β (BLAS reads no A or B).
final class MatrixViewTests: XCTestCase {
    func test_transposedViewsAndLeadingDimensions_matchTheDefinition() {
        // A is 2×3 stored inside a 2×4 buffer (leading dimension 4); B is stored 2×3 and read as 3×2.
        let a: [Double] = [1, 2, 3, 99, 4, 5, 6, 99]
        let b: [Double] = [1, 0, -1, 2, 1, 0]
        var c: [Double] = [1, 1, 1, 1]
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    multiply(MatrixView(pa.baseAddress!, rows: 2, columns: 3, leadingDimension: 4),
                             MatrixView(pb.baseAddress!, rows: 2, columns: 3).transposed,
                             into: MutableMatrixView(pc.baseAddress!, rows: 2, columns: 2), alpha: 2, beta: 10)
                }
            }
        }
        // A·Bᵀ = [[1−3, 2+2], [4−6, 8+5]] = [[−2, 4], [−2, 13]]; C = 2·A·Bᵀ + 10·1.
        XCTAssertEqual(c, [6, 18, 6, 36])
    }

    func test_emptyInnerDimension_scalesTheResultByBeta() {
        let empty: [Double] = [0]
        var c: [Double] = [1, 2, 3, 4]
        empty.withUnsafeBufferPointer { p in
            c.withUnsafeMutableBufferPointer { pc in
                multiply(MatrixView(p.baseAddress!, rows: 2, columns: 0), MatrixView(p.baseAddress!, rows: 0, columns: 2),
                         into: MutableMatrixView(pc.baseAddress!, rows: 2, columns: 2), beta: 0.5)
            }
        }
        XCTAssertEqual(c, [0.5, 1, 1.5, 2])
    }
}
