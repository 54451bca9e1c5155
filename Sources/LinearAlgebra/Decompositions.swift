import COpenBLAS

/// A failure of a LAPACK routine, naming it and its `info` code.
public struct LAPACKError: Error, CustomStringConvertible, Equatable {
    public var routine: String
    public var info: Int
    public var message: String
    public var description: String { "\(routine) failed (info = \(info)): \(message)" }
}

/// The eigendecomposition A = V·diag(λ)·Vᵀ of a symmetric matrix.
public struct SymmetricEigendecomposition {
    /// Eigenvalues in ascending order.
    public var values: [Double]
    /// Eigenvectors as columns: `vectors[i, k]` is entry i of the k-th eigenvector (unit norm).
    public var vectors: Matrix<Double>
}

/// Eigenvalues and eigenvectors of a symmetric matrix (only its lower triangle in C order is
/// read), by divide and conquer. For dense checks on small problems (n up to a few thousand).
/// The corresponding LAPACK routine is `dsyevd`.
/// - Complexity: O(n³).
public func symmetricEigendecomposition(_ a: Matrix<Double>) throws -> SymmetricEigendecomposition {
    precondition(a.rows == a.columns, "Eigendecomposition needs a square matrix, got \(a.rows)×\(a.columns)")
    let n = a.rows
    if n == 0 { return SymmetricEigendecomposition(values: [], vectors: Matrix(rows: 0, columns: 0)) }
    // LAPACK is column-major: the row-major buffer is Aᵀ = A, and the returned column-major
    // eigenvector matrix read row-major is Vᵀ, so transpose it at the end.
    var work = a.elements
    var values = [Double](repeating: 0, count: n)
    var info: Int32 = 0
    var size = Int32(n), lda = Int32(n)
    var lworkQuery: Int32 = -1, liworkQuery: Int32 = -1
    var optimalWork: Double = 0
    var optimalIWork: Int32 = 0
    dsyevd_("V", "U", &size, &work, &lda, &values, &optimalWork, &lworkQuery, &optimalIWork, &liworkQuery, &info)
    guard info == 0 else { throw LAPACKError(routine: "dsyevd", info: Int(info), message: "workspace query failed") }
    var lwork = Int32(optimalWork)
    var liwork = optimalIWork
    var workspace = [Double](repeating: 0, count: Int(lwork))
    var iworkspace = [Int32](repeating: 0, count: Int(liwork))
    dsyevd_("V", "U", &size, &work, &lda, &values, &workspace, &lwork, &iworkspace, &liwork, &info)
    guard info == 0 else {
        throw LAPACKError(routine: "dsyevd", info: Int(info),
                          message: info > 0 ? "the algorithm failed to converge" : "illegal argument \(-info)")
    }
    return SymmetricEigendecomposition(values: values, vectors: Matrix(rows: n, columns: n, elements: work).transposed)
}

/// Solves A·X = B for symmetric positive-definite A by Cholesky factorisation.
/// A matrix that is not positive definite is a `LAPACKError`.
/// The corresponding LAPACK routines are `dpotrf` and `dpotrs`.
/// - Complexity: O(n³/3 + n²·nrhs).
public func choleskySolve(_ a: Matrix<Double>, _ b: Matrix<Double>) throws -> Matrix<Double> {
    precondition(a.rows == a.columns && b.rows == a.rows, "Cholesky solve needs A n×n and B n×k")
    let n = a.rows
    if n == 0 || b.columns == 0 { return b }
    var factor = a.elements  // symmetric: row-major equals column-major
    var size = Int32(n), lda = Int32(n), info: Int32 = 0
    dpotrf_("U", &size, &factor, &lda, &info)
    guard info == 0 else {
        throw LAPACKError(routine: "dpotrf", info: Int(info),
                          message: info > 0 ? "the matrix is not positive definite (minor \(info))" : "illegal argument")
    }
    // LAPACK wants B column-major: pass Bᵀ's row-major buffer.
    var right = b.transposed.elements
    var nrhs = Int32(b.columns), ldb = Int32(n)
    dpotrs_("U", &size, &nrhs, &factor, &lda, &right, &ldb, &info)
    guard info == 0 else { throw LAPACKError(routine: "dpotrs", info: Int(info), message: "illegal argument") }
    return Matrix(rows: b.columns, columns: n, elements: right).transposed
}
