import LinearAlgebra
import Randomness
import XCTest

final class LinearAlgebraTests: XCTestCase {
    func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix<Double> {
        var stream = RandomStream(seed: seed)
        return Matrix(rows: rows, columns: columns, elements: stream.normals(rows * columns))
    }

    func naiveProduct(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
        var c = Matrix<Double>(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows { for j in 0..<b.columns { for k in 0..<a.columns { c[i, j] += a[i, k] * b[k, j] } } }
        return c
    }

    func assertClose(_ a: [Double], _ b: [Double], relative: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, file: file, line: line)
        let scale = max(1, b.map(\.magnitude).max() ?? 1)
        let worst = zip(a, b).map { ($0 - $1).magnitude }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, relative * scale, file: file, line: line)
    }

    /// Sizes above OpenBLAS's blocking thresholds run its optimised kernels (the fast path when
    /// the process was started with it); the result must match plain loops.
    func test_gemm_matchesNaiveLoops_allTranspositions() {
        for (m, k, n) in [(3, 4, 5), (67, 129, 95), (256, 300, 128)] {
            let a = randomMatrix(m, k, seed: 1), b = randomMatrix(k, n, seed: 2)
            let expected = naiveProduct(a, b)
            assertClose(product(a, b).elements, expected.elements, relative: 1e-12)
            assertClose(product(a.transposed, transposed: true, b).elements, expected.elements, relative: 1e-12)
            assertClose(product(a, transposed: false, b.transposed, transposed: true).elements, expected.elements, relative: 1e-12)
            var c = randomMatrix(m, n, seed: 3)
            let c0 = c
            multiply(a, b, into: &c, alpha: 2, beta: -0.5)
            assertClose(c.elements, zip(expected.elements, c0.elements).map { 2 * $0 - 0.5 * $1 }, relative: 1e-12)
        }
    }

    func test_sgemm_matchesDoubleWithinSinglePrecision() {
        let a = randomMatrix(70, 90, seed: 4), b = randomMatrix(90, 50, seed: 5)
        let af = Matrix<Float>(rows: 70, columns: 90, elements: a.elements.map(Float.init))
        let bf = Matrix<Float>(rows: 90, columns: 50, elements: b.elements.map(Float.init))
        assertClose(product(af, bf).elements.map(Double.init), naiveProduct(a, b).elements, relative: 1e-4)
    }

    func test_gemvDotAxpyNormScale_matchNaiveLoops() {
        let a = randomMatrix(40, 30, seed: 6)
        var stream = RandomStream(seed: 7)
        let x = stream.normals(30), z = stream.normals(40)
        let naive = (0..<40).map { i in (0..<30).reduce(0.0) { $0 + a[i, $1] * x[$1] } }
        assertClose(product(a, x), naive, relative: 1e-13)
        let naiveT = (0..<30).map { j in (0..<40).reduce(0.0) { $0 + a[$1, j] * z[$1] } }
        assertClose(product(a, transposed: true, z), naiveT, relative: 1e-13)
        XCTAssertEqual(dot(x, x), x.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-12)
        XCTAssertEqual(norm(x), x.reduce(0) { $0 + $1 * $1 }.squareRoot(), accuracy: 1e-12)
        var y = x
        axpy(2, x, &y)
        assertClose(y, x.map { 3 * $0 }, relative: 1e-15)
        scale(&y, by: 0.5)
        assertClose(y, x.map { 1.5 * $0 }, relative: 1e-15)
    }

    func test_symmetricEigendecomposition_knownMatrices() throws {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3 with eigenvectors (1, −1)/√2 and (1, 1)/√2.
        let small = try symmetricEigendecomposition(Matrix([[2, 1], [1, 2]]))
        XCTAssertEqual(small.values[0], 1, accuracy: 1e-14)
        XCTAssertEqual(small.values[1], 3, accuracy: 1e-14)
        XCTAssertEqual(abs(small.vectors[0, 1]), 1 / 2.0.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(small.vectors[0, 1] * small.vectors[1, 1], 0.5, accuracy: 1e-14)
        // The 1-D Laplacian tridiag(−1, 2, −1) of size n has eigenvalues 2 − 2cos(kπ/(n+1)).
        let n = 50
        var laplacian = Matrix<Double>(rows: n, columns: n)
        for i in 0..<n {
            laplacian[i, i] = 2
            if i > 0 { laplacian[i, i - 1] = -1; laplacian[i - 1, i] = -1 }
        }
        let decomposition = try symmetricEigendecomposition(laplacian)
        let expected = (1...n).map { 2 - 2 * cos(Double($0) * Double.pi / Double(n + 1)) }.sorted()
        assertClose(decomposition.values, expected, relative: 1e-12)
        // A·v = λ·v for every pair.
        for k in [0, n / 2, n - 1] {
            let v = (0..<n).map { decomposition.vectors[$0, k] }
            assertClose(product(laplacian, v), v.map { $0 * decomposition.values[k] }, relative: 1e-12)
        }
    }

    func test_choleskySolve_solvesSPDSystems_andRejectsIndefinite() throws {
        let g = randomMatrix(30, 30, seed: 8)
        var spd = product(g, transposed: true, g)
        for i in 0..<30 { spd[i, i] += 1 }
        let b = randomMatrix(30, 3, seed: 9)
        let x = try choleskySolve(spd, b)
        assertClose(product(spd, x).elements, b.elements, relative: 1e-10)
        XCTAssertThrowsError(try choleskySolve(Matrix([[1, 2], [2, 1]]), Matrix([[1], [1]])))
    }

    func test_kernelClass_comesFromCPUFeatures_notFromOpenBLASDetection() {
        let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq"]
        XCTAssertEqual(BLASKernel.choice(environment: [:], cpuFlags: avx512), .featureClass("SkylakeX"))
        XCTAssertEqual(BLASKernel.choice(environment: [:], cpuFlags: ["avx2", "fma"]), .featureClass("Haswell"))
        XCTAssertEqual(BLASKernel.choice(environment: [:], cpuFlags: ["avx2", "fma", "avx512f"]), .featureClass("Haswell"),
                       "AVX-512 F alone is not enough for SkylakeX")
        XCTAssertEqual(BLASKernel.choice(environment: [:], cpuFlags: ["sse2", "avx"]), .noClass)
        XCTAssertNotNil(BLASKernel.warning(.noClass))
        XCTAssertNil(BLASKernel.warning(.featureClass("Haswell")))
        // The user's choice is respected, and the pipeline's own setting is recognised as the class.
        XCTAssertEqual(BLASKernel.choice(environment: ["OPENBLAS_CORETYPE": "Zen"], cpuFlags: avx512), .user("Zen"))
        XCTAssertEqual(BLASKernel.choice(environment: ["OPENBLAS_CORETYPE": "Haswell"], cpuFlags: avx512), .user("Haswell"))
        XCTAssertEqual(BLASKernel.choice(environment: ["OPENBLAS_CORETYPE": "SkylakeX"], cpuFlags: avx512), .featureClass("SkylakeX"))
        XCTAssertEqual(BLASKernel.choice(environment: ["DAMIAN_BLAS_FASTPATH": "0"], cpuFlags: avx512), .openBLASOwn)
        XCTAssertEqual(BLASKernel.classEnvironment(.featureClass("Haswell")), ["OPENBLAS_CORETYPE": "Haswell"])
        XCTAssertEqual(BLASKernel.classEnvironment(.openBLASOwn), [:])
        XCTAssertEqual(BLASKernel.runnableClasses(cpuFlags: avx512), ["SkylakeX", "Haswell"])
    }

    /// The process running the tests runs the class the CPU's features give: `make test` starts it
    /// with the pipeline's choice (`pipeline environment --blas-variables`).
    func test_testProcess_runsTheKernelClass() throws {
        guard case .featureClass(let name) = BLASKernel.choice() else {
            throw XCTSkip("this process has no feature class (\(BLASKernel.choice().description))")
        }
        XCTAssertEqual(BLASKernel.coreName, name)
    }
}
