/// A row-major matrix somewhere in memory, as BLAS reads it: a base pointer, rows × columns, and the
/// leading dimension (the distance between rows, ≥ columns), used as itself or transposed. It owns
/// nothing; it only lets a product be written as one checked call, `multiply(_:_:into:)`.
public struct MatrixView<Scalar: BLASScalar> {
    public let base: UnsafePointer<Scalar>
    /// The stored shape (before any transpose).
    public let rows: Int
    public let columns: Int
    public let leadingDimension: Int
    /// Whether products read this matrix as its transpose.
    public let isTransposed: Bool

    public init(_ base: UnsafePointer<Scalar>, rows: Int, columns: Int, leadingDimension: Int? = nil, transposed: Bool = false) {
        precondition(rows >= 0 && columns >= 0 && (leadingDimension ?? columns) >= columns, "bad matrix view \(rows)×\(columns)")
        self.base = base
        self.rows = rows
        self.columns = columns
        self.leadingDimension = max(1, leadingDimension ?? columns)
        self.isTransposed = transposed
    }

    /// The transpose, without copying.
    public var transposed: MatrixView {
        MatrixView(base, rows: rows, columns: columns, leadingDimension: leadingDimension, transposed: !isTransposed)
    }

    /// The shape a product sees: (columns, rows) when transposed.
    public var productRows: Int { isTransposed ? columns : rows }
    public var productColumns: Int { isTransposed ? rows : columns }
}

/// A row-major matrix that a product writes into.
public struct MutableMatrixView<Scalar: BLASScalar> {
    public let base: UnsafeMutablePointer<Scalar>
    public let rows: Int
    public let columns: Int
    public let leadingDimension: Int

    public init(_ base: UnsafeMutablePointer<Scalar>, rows: Int, columns: Int, leadingDimension: Int? = nil) {
        precondition(rows >= 0 && columns >= 0 && (leadingDimension ?? columns) >= columns, "bad matrix view \(rows)×\(columns)")
        self.base = base
        self.rows = rows
        self.columns = columns
        self.leadingDimension = max(1, leadingDimension ?? columns)
    }
}

/// C ← α·A·B + β·C (A and B as their views read them, transposed or not); the shapes are checked.
/// The one place this package calls gemm for a product (`multiply` of `Matrix` values wraps it).
@inline(__always)
public func multiply<Scalar: BLASScalar>(_ a: MatrixView<Scalar>, _ b: MatrixView<Scalar>, into c: MutableMatrixView<Scalar>,
                                         alpha: Scalar = 1, beta: Scalar = 0) {
    precondition(a.productColumns == b.productRows, "Inner dimensions disagree: \(a.productRows)×\(a.productColumns) times \(b.productRows)×\(b.productColumns)")
    precondition(a.productRows == c.rows && b.productColumns == c.columns, "Result must be \(a.productRows)×\(b.productColumns), is \(c.rows)×\(c.columns)")
    guard c.rows > 0, c.columns > 0 else { return }
    if a.productColumns == 0 {  // C ← β·C (BLAS would read no A or B)
        for row in 0..<c.rows { for column in 0..<c.columns { c.base[row * c.leadingDimension + column] *= beta } }
        return
    }
    Scalar.gemm(transposeA: a.isTransposed, transposeB: b.isTransposed, m: c.rows, n: c.columns, k: a.productColumns, alpha: alpha,
                a: a.base, lda: a.leadingDimension, b: b.base, ldb: b.leadingDimension, beta: beta, c: c.base, ldc: c.leadingDimension)
}
