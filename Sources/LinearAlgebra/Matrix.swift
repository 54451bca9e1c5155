/// A dense matrix stored row-major (C order): element (i, j) is `elements[i * columns + j]`.
public struct Matrix<Scalar: BLASScalar>: Equatable {
    public var rows: Int
    public var columns: Int
    /// The entries, row after row.
    public var elements: [Scalar]

    /// A rows × columns matrix of zeros.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative, got \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = [Scalar](repeating: 0, count: rows * columns)
    }

    /// A matrix over the given row-major entries.
    public init(rows: Int, columns: Int, elements: [Scalar]) {
        precondition(elements.count == rows * columns,
                     "A \(rows)×\(columns) matrix needs \(rows * columns) entries, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from nested rows, for tests and small constants.
    public init(_ nestedRows: [[Scalar]]) {
        let columns = nestedRows.first?.count ?? 0
        precondition(nestedRows.allSatisfy { $0.count == columns }, "All rows must have the same length")
        self.init(rows: nestedRows.count, columns: columns, elements: nestedRows.flatMap { $0 })
    }

    /// The n × n identity.
    public static func identity(_ n: Int) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        for i in 0..<n { matrix.elements[i * n + i] = 1 }
        return matrix
    }

    public subscript(row: Int, column: Int) -> Scalar {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The transpose. - Complexity: O(rows·columns)
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { result.elements[j * rows + i] = elements[i * columns + j] } }
        return result
    }
}
