import COpenBLAS

/// A floating-point type that BLAS and LAPACK compute with: `Double` (the default for the
/// dynamics) or `Float` (where a spec says single precision is safe).
///
/// Each requirement wraps one CBLAS routine; the `d` or `s` variant is chosen by the type.
public protocol BLASScalar: BinaryFloatingPoint {
    /// C ← α·op(A)·op(B) + β·C, row-major. The corresponding C functions are `cblas_dgemm`/`cblas_sgemm`.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int, beta: Self,
                     c: UnsafeMutablePointer<Self>, ldc: Int)
    /// y ← α·op(A)·x + β·y, row-major. The corresponding C functions are `cblas_dgemv`/`cblas_sgemv`.
    static func gemv(transposeA: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
                     x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)
    /// x·y. The corresponding C functions are `cblas_ddot`/`cblas_sdot`.
    static func dot(n: Int, x: UnsafePointer<Self>, y: UnsafePointer<Self>) -> Self
    /// y ← αx + y. The corresponding C functions are `cblas_daxpy`/`cblas_saxpy`.
    static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
    /// ‖x‖₂. The corresponding C functions are `cblas_dnrm2`/`cblas_snrm2`.
    static func nrm2(n: Int, x: UnsafePointer<Self>) -> Self
    /// x ← αx. The corresponding C functions are `cblas_dscal`/`cblas_sscal`.
    static func scal(n: Int, alpha: Self, x: UnsafeMutablePointer<Self>)
}


@inline(__always) private func transposeFlag(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

extension Double: BLASScalar {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, beta: Double,
                            c: UnsafeMutablePointer<Double>, ldc: Int) {
        cblas_dgemm(CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB), blasint(m), blasint(n),
                    blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
    public static func gemv(transposeA: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                            x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasRowMajor, transposeFlag(transposeA), blasint(m), blasint(n), alpha, a, blasint(lda), x, 1,
                    beta, y, 1)
    }
    public static func dot(n: Int, x: UnsafePointer<Double>, y: UnsafePointer<Double>) -> Double {
        cblas_ddot(blasint(n), x, 1, y, 1)
    }
    public static func axpy(n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
        cblas_daxpy(blasint(n), alpha, x, 1, y, 1)
    }
    public static func nrm2(n: Int, x: UnsafePointer<Double>) -> Double { cblas_dnrm2(blasint(n), x, 1) }
    public static func scal(n: Int, alpha: Double, x: UnsafeMutablePointer<Double>) {
        cblas_dscal(blasint(n), alpha, x, 1)
    }
}

extension Float: BLASScalar {
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
                            c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB), blasint(m), blasint(n),
                    blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
    public static func gemv(transposeA: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                            x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, transposeFlag(transposeA), blasint(m), blasint(n), alpha, a, blasint(lda), x, 1,
                    beta, y, 1)
    }
    public static func dot(n: Int, x: UnsafePointer<Float>, y: UnsafePointer<Float>) -> Float {
        cblas_sdot(blasint(n), x, 1, y, 1)
    }
    public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(blasint(n), alpha, x, 1, y, 1)
    }
    public static func nrm2(n: Int, x: UnsafePointer<Float>) -> Float { cblas_snrm2(blasint(n), x, 1) }
    public static func scal(n: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
        cblas_sscal(blasint(n), alpha, x, 1)
    }
}
