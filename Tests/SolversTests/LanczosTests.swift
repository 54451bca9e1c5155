import LinearAlgebra
import Randomness
import Solvers
import XCTest

/// Eigenvalues from Lanczos against the dense eigensolver (docs/eos.md §3, T4).
final class LanczosTests: XCTestCase {
    /// A symmetric matrix with a known spectrum: one outlier, a second value, a bulk.
    func matrix(dimension n: Int, seed: UInt64, outliers: [Double]) -> Matrix<Double> {
        var stream = RandomStream(seed: seed)
        let g = Matrix<Double>(rows: n, columns: n, elements: stream.normals(n * n).map { $0 / Double(n).squareRoot() })
        var a = product(g, transposed: true, g)  // bulk in [0, 4]
        var u = stream.unitVector(dimension: n)
        for value in outliers {
            for i in 0..<n { for j in 0..<n { a[i, j] += value * u[i] * u[j] } }
            u = stream.unitVector(dimension: n)
        }
        return a
    }

    func test_topEigenpairs_matchDenseEigensolver() throws {
        for seed: UInt64 in [1, 2, 3] {
            let a = matrix(dimension: 200, seed: seed, outliers: [30, 12])
            let dense = try symmetricEigendecomposition(a)
            var stream = RandomStream(seed: seed + 10)
            let pairs = Lanczos.topEigenpairs(count: 2, start: stream.normals(200), relativeTolerance: 1e-10,
                                              measureResiduals: true) { product(a, $0) }
            XCTAssertTrue(pairs.isConverged)
            XCTAssertEqual(pairs.values[0], dense.values[199], accuracy: 1e-9 * dense.values[199])
            XCTAssertEqual(pairs.values[1], dense.values[198], accuracy: 1e-9 * dense.values[199])
            for (index, column) in [199, 198].enumerated() {
                let reference = (0..<200).map { dense.vectors[$0, column] }
                XCTAssertEqual(abs(dot(reference, pairs.vectors[index])), 1, accuracy: 1e-8)
                XCTAssertLessThanOrEqual(pairs.residuals[index], 1e-8 * dense.values[199])
            }
        }
    }

    /// An operator that returns NaN (the HVP at a diverged point) gives NaN eigenvalues, not a trap,
    /// and stops at once instead of restarting until the budget is spent.
    func test_nonFiniteOperator_givesNaN_andStops() {
        var stream = RandomStream(seed: 5)
        let pairs = Lanczos.topEigenpairs(count: 2, start: stream.normals(50)) { v in v.map { $0 * .nan } }
        XCTAssertFalse(pairs.isConverged)
        XCTAssertEqual(pairs.values.count, 2)
        XCTAssertTrue(pairs.values.allSatisfy(\.isNaN))
        XCTAssertEqual(pairs.operatorApplications, 1)
    }

    func test_warmStart_convergesInFewApplications() {
        let a = matrix(dimension: 300, seed: 4, outliers: [40])
        var stream = RandomStream(seed: 5)
        let cold = Lanczos.topEigenpairs(count: 1, start: stream.normals(300)) { product(a, $0) }
        // A slightly perturbed operator, warm-started from the previous vector.
        var b = a
        for i in 0..<300 { b[i, i] += 0.01 }
        let warm = Lanczos.topEigenpairs(count: 1, start: cold.vectors[0]) { product(b, $0) }
        XCTAssertEqual(warm.values[0], cold.values[0] + 0.01, accuracy: 1e-8)
        XCTAssertLessThan(warm.operatorApplications, cold.operatorApplications)
        XCTAssertLessThanOrEqual(warm.operatorApplications, 3)
    }

    func test_restarts_reachTheToleranceWithASmallBasis() throws {
        let a = matrix(dimension: 150, seed: 6, outliers: [5.5])
        let dense = try symmetricEigendecomposition(a)
        var stream = RandomStream(seed: 7)
        let pairs = Lanczos.topEigenpairs(count: 1, start: stream.normals(150), relativeTolerance: 1e-10, basisSize: 8,
                                          maximumApplications: 2000, measureResiduals: true) { product(a, $0) }
        XCTAssertTrue(pairs.isConverged)
        XCTAssertGreaterThan(pairs.operatorApplications, 8)
        XCTAssertEqual(pairs.values[0], dense.values[149], accuracy: 1e-9 * dense.values[149])
    }
}
