/// Columns of numbers written as a gnuplot data file: a `#` header naming the columns, then one
/// whitespace-separated row per line; blocks are separated by two blank lines so a script can
/// select them with `index`.
///
/// Numbers are written with Swift's shortest round-trip representation, so the file is exact
/// and the same on every machine.
public struct DataTable: Equatable {
    /// Column names, written in the header.
    public var columns: [String]
    /// Blocks of rows; each row has one value per column.
    public var blocks: [[[Double]]]

    public init(columns: [String], blocks: [[[Double]]] = []) {
        self.columns = columns
        self.blocks = blocks
    }

    /// A single block from column arrays of equal length.
    public init(columns: [(name: String, values: [Double])]) {
        self.columns = columns.map(\.name)
        let count = columns.first?.values.count ?? 0
        precondition(columns.allSatisfy { $0.values.count == count }, "All columns must have the same length")
        self.blocks = [(0..<count).map { row in columns.map { $0.values[row] } }]
    }

    /// Appends a block from column arrays in the table's column order.
    public mutating func appendBlock(_ columnValues: [[Double]]) {
        precondition(columnValues.count == columns.count, "Expected \(columns.count) columns")
        let count = columnValues.first?.count ?? 0
        blocks.append((0..<count).map { row in columnValues.map { $0[row] } })
    }

    /// The 1-based number gnuplot gives column `name`, so that scripts name columns rather than
    /// count them (inserting a column then moves no plot).
    public func column(_ name: String) -> Int {
        guard let index = columns.firstIndex(of: name) else { preconditionFailure("no column '\(name)' in \(columns)") }
        return index + 1
    }

    /// A `using` specification by column names: `using("step", "gd_x")` is "1:9".
    public func using(_ names: String...) -> String { names.map { String(column($0)) }.joined(separator: ":") }

    /// A column's value in a gnuplot expression: `value("delta")` is "$20".
    public func value(_ name: String) -> String { "$\(column(name))" }

    /// The file's text.
    public func text(comment: String? = nil) -> String {
        var out = ""
        if let comment { out += comment.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined() }
        out += "# " + columns.joined(separator: " ") + "\n"
        for (index, block) in blocks.enumerated() {
            if index > 0 { out += "\n\n" }
            for row in block {
                out += row.map(formatNumber).joined(separator: " ") + "\n"
            }
        }
        return out
    }
}

/// A number as gnuplot reads it: shortest round-trip digits; NaN and infinities as `NaN`, which
/// gnuplot treats as a missing point.
public func formatNumber(_ value: Double) -> String {
    guard value.isFinite else { return "NaN" }
    if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// A number in a caption or claims table: three significant digits (`%.3g`).
public func formatShort(_ value: Double) -> String { String(format: "%.3g", value) }
