/// C ← α·op(A)·op(B) + β·C, where op transposes when asked. Shapes must agree.
/// The corresponding C function is `cblas_dgemm` (or `cblas_sgemm`).
/// - Complexity: O(m·n·k), 2mnk flops.
public func multiply<Scalar: BLASScalar>(
    _ a: Matrix<Scalar>, transposed transposeA: Bool = false,
    _ b: Matrix<Scalar>, transposed transposeB: Bool = false,
    into c: inout Matrix<Scalar>, alpha: Scalar = 1, beta: Scalar = 0
) {
    let (rows, columns) = (c.rows, c.columns)
    a.elements.withUnsafeBufferPointer { pa in
        b.elements.withUnsafeBufferPointer { pb in
            c.elements.withUnsafeMutableBufferPointer { pc in
                multiply(MatrixView(pa.baseAddress!, rows: a.rows, columns: a.columns, transposed: transposeA),
                         MatrixView(pb.baseAddress!, rows: b.rows, columns: b.columns, transposed: transposeB),
                         into: MutableMatrixView(pc.baseAddress!, rows: rows, columns: columns), alpha: alpha, beta: beta)
            }
        }
    }
}

/// Returns op(A)·op(B). The corresponding C function is `cblas_dgemm` (or `cblas_sgemm`).
public func product<Scalar: BLASScalar>(_ a: Matrix<Scalar>, transposed transposeA: Bool = false,
                                        _ b: Matrix<Scalar>, transposed transposeB: Bool = false) -> Matrix<Scalar> {
    var c = Matrix<Scalar>(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
    multiply(a, transposed: transposeA, b, transposed: transposeB, into: &c)
    return c
}

/// y ← α·op(A)·x + β·y. The corresponding C function is `cblas_dgemv` (or `cblas_sgemv`).
/// - Complexity: O(rows·columns).
public func multiply<Scalar: BLASScalar>(_ a: Matrix<Scalar>, transposed: Bool = false, _ x: [Scalar],
                                         into y: inout [Scalar], alpha: Scalar = 1, beta: Scalar = 0) {
    precondition(x.count == (transposed ? a.rows : a.columns), "x has \(x.count) entries, op(A) is \(transposed ? a.columns : a.rows)×\(transposed ? a.rows : a.columns)")
    precondition(y.count == (transposed ? a.columns : a.rows), "y has the wrong length \(y.count)")
    guard a.rows > 0, a.columns > 0 else {
        for index in y.indices { y[index] *= beta }
        return
    }
    a.elements.withUnsafeBufferPointer { pa in
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                Scalar.gemv(transposeA: transposed, m: a.rows, n: a.columns, alpha: alpha, a: pa.baseAddress!,
                            lda: a.columns, x: px.baseAddress!, beta: beta, y: py.baseAddress!)
            }
        }
    }
}

/// Returns op(A)·x. The corresponding C function is `cblas_dgemv` (or `cblas_sgemv`).
public func product<Scalar: BLASScalar>(_ a: Matrix<Scalar>, transposed: Bool = false, _ x: [Scalar]) -> [Scalar] {
    var y = [Scalar](repeating: 0, count: transposed ? a.columns : a.rows)
    multiply(a, transposed: transposed, x, into: &y)
    return y
}

/// x·y. The corresponding C function is `cblas_ddot` (or `cblas_sdot`).
public func dot<Scalar: BLASScalar>(_ x: [Scalar], _ y: [Scalar]) -> Scalar {
    precondition(x.count == y.count, "dot of vectors of lengths \(x.count) and \(y.count)")
    guard !x.isEmpty else { return 0 }
    return x.withUnsafeBufferPointer { px in
        y.withUnsafeBufferPointer { py in Scalar.dot(n: x.count, x: px.baseAddress!, y: py.baseAddress!) }
    }
}

/// y ← αx + y. The corresponding C function is `cblas_daxpy` (or `cblas_saxpy`).
public func axpy<Scalar: BLASScalar>(_ alpha: Scalar, _ x: [Scalar], _ y: inout [Scalar]) {
    precondition(x.count == y.count, "axpy of vectors of lengths \(x.count) and \(y.count)")
    guard !x.isEmpty else { return }
    x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in Scalar.axpy(n: x.count, alpha: alpha, x: px.baseAddress!, y: py.baseAddress!) }
    }
}

/// ‖x‖₂, computed without overflow. The corresponding C function is `cblas_dnrm2` (or `cblas_snrm2`).
public func norm<Scalar: BLASScalar>(_ x: [Scalar]) -> Scalar {
    guard !x.isEmpty else { return 0 }
    return x.withUnsafeBufferPointer { Scalar.nrm2(n: x.count, x: $0.baseAddress!) }
}

/// x ← αx. The corresponding C function is `cblas_dscal` (or `cblas_sscal`).
public func scale<Scalar: BLASScalar>(_ x: inout [Scalar], by alpha: Scalar) {
    guard !x.isEmpty else { return }
    let count = x.count
    x.withUnsafeMutableBufferPointer { Scalar.scal(n: count, alpha: alpha, x: $0.baseAddress!) }
}
