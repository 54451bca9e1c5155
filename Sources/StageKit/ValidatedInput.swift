import HDF5

/// Values read from input files, refused unless they are in range: a stage trusts nothing an
/// input file holds (a hand-edited or damaged file must give a message, never a trap, an OOM or a
/// silent exit 0). Errors name the file, the dataset and the allowed range.
extension Group {
    /// A finite number from a one-element dataset, within `range`.
    public func scalar(_ name: String, in range: ClosedRange<Double>) throws -> Double {
        let value: Double = try read(name, count: 1)[0]
        guard value.isFinite, range.contains(value) else { throw outOfRange(name, value: "\(value)", allowed: "\(range)") }
        return value
    }

    /// A whole number from a one-element integer dataset, within `range`.
    public func count(_ name: String, in range: ClosedRange<Int>) throws -> Int {
        let value: Int64 = try read(name, count: 1, as: Int64.self)[0]
        guard value >= Int64(range.lowerBound), value <= Int64(range.upperBound) else {
            throw outOfRange(name, value: "\(value)", allowed: "\(range)")
        }
        return Int(value)
    }

    private func outOfRange(_ name: String, value: String, allowed: String) -> StageError {
        let dataset = path == "/" ? "/\(name)" : "\(path)/\(name)"
        return .invalidInput(path: filePath, reason: "dataset \(dataset) = \(value) is outside the allowed range \(allowed)")
    }
}

/// The limits input values are checked against.
public enum InputLimits {
    /// Steps of any loop read from a file: at most ten million.
    public static let steps = 1...10_000_000
    /// Learning rates, step sizes and other positive scales.
    public static let positive = Double.leastNormalMagnitude...1e12
    /// Any finite coordinate.
    public static let finite = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude
}
