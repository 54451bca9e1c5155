/// A stage's parameters: a JSON object with typed accessors whose errors name the parameter
/// source (file or definition) and the field.
public struct Parameters: Equatable {
    /// Where the parameters came from, for error messages (a file path, or "--parameters").
    public var source: String
    public var values: [String: JSONValue]

    public init(source: String, values: [String: JSONValue]) {
        self.source = source
        self.values = values
    }

    /// The canonical JSON text of all parameters.
    public var canonicalJSON: String { JSONValue.object(values).canonicalText }

    /// A required number.
    public func double(_ name: String) throws -> Double {
        guard let value = values[name] else { throw ParameterError.missing(source: source, field: name) }
        guard let number = value.doubleValue else {
            throw ParameterError.wrongType(source: source, field: name, expected: "a number", found: value.canonicalText)
        }
        return number
    }

    /// A number with a default.
    public func double(_ name: String, default fallback: Double) throws -> Double {
        values[name] == nil ? fallback : try double(name)
    }

    /// A required finite number within a range.
    public func double(_ name: String, in range: ClosedRange<Double>) throws -> Double {
        let number = try double(name)
        guard number.isFinite, range.contains(number) else {
            throw ParameterError.outOfRange(source: source, field: name, value: "\(number)", range: "\(range)")
        }
        return number
    }

    /// A finite number within a range, with a default.
    public func double(_ name: String, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
        values[name] == nil ? fallback : try double(name, in: range)
    }

    /// A required list of whole numbers, each within a range.
    public func integers(_ name: String, in range: ClosedRange<Int>) throws -> [Int] {
        let numbers = try doubles(name)
        guard numbers.allSatisfy({ $0 == $0.rounded() && $0 >= Double(range.lowerBound) && $0 <= Double(range.upperBound) }) else {
            throw ParameterError.outOfRange(source: source, field: name, value: "\(numbers)", range: "whole numbers in \(range)")
        }
        return numbers.map { Int($0) }
    }

    /// A required whole number, optionally within a range.
    public func integer(_ name: String, in range: ClosedRange<Int>? = nil) throws -> Int {
        guard let value = values[name] else { throw ParameterError.missing(source: source, field: name) }
        guard case .integer(let number) = value else {
            throw ParameterError.wrongType(source: source, field: name, expected: "a whole number", found: value.canonicalText)
        }
        if let range, !range.contains(Int(number)) {
            throw ParameterError.outOfRange(source: source, field: name, value: "\(number)", range: "\(range)")
        }
        return Int(number)
    }

    /// A whole number with a default.
    public func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>? = nil) throws -> Int {
        values[name] == nil ? fallback : try integer(name, in: range)
    }

    /// A required list of numbers.
    public func doubles(_ name: String) throws -> [Double] {
        guard let value = values[name] else { throw ParameterError.missing(source: source, field: name) }
        guard case .array(let items) = value, let numbers = Optional(items.compactMap(\.doubleValue)),
              numbers.count == items.count else {
            throw ParameterError.wrongType(source: source, field: name, expected: "a list of numbers", found: value.canonicalText)
        }
        return numbers
    }

    /// A required list of strings.
    public func strings(_ name: String) throws -> [String] {
        guard let value = values[name] else { throw ParameterError.missing(source: source, field: name) }
        guard case .array(let items) = value, items.allSatisfy({ $0.stringValue != nil }) else {
            throw ParameterError.wrongType(source: source, field: name, expected: "a list of strings", found: value.canonicalText)
        }
        return items.compactMap(\.stringValue)
    }

    /// A required string.
    public func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw ParameterError.missing(source: source, field: name) }
        guard let text = value.stringValue else {
            throw ParameterError.wrongType(source: source, field: name, expected: "a string", found: value.canonicalText)
        }
        return text
    }

    /// A string with a default.
    public func string(_ name: String, default fallback: String) throws -> String {
        values[name] == nil ? fallback : try string(name)
    }

    /// One of a closed set of names (`ParameterChoice`); an unknown name is an error listing the
    /// allowed ones. Without a default the parameter is required.
    public func choice<Choice: ParameterChoice>(_ name: String, default fallback: Choice? = nil) throws -> Choice {
        if values[name] == nil, let fallback { return fallback }
        let text = try string(name)
        guard let value = Choice(rawValue: text) else {
            throw ParameterError.invalid(source: source, field: name,
                                         reason: "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), found '\(text)'")
        }
        return value
    }

    /// A JSON true or false with a default; anything else ("no", 0) is an error, not a silent true.
    public func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let value = values[name] else { return fallback }
        guard case .bool(let flag) = value else {
            throw ParameterError.wrongType(source: source, field: name, expected: "true or false", found: value.canonicalText)
        }
        return flag
    }
}

/// A parameter's closed set of values, named by their raw strings (`Parameters.choice`).
public protocol ParameterChoice: RawRepresentable, CaseIterable where RawValue == String {}

/// A parameter that is missing, of the wrong type or out of range.
public enum ParameterError: Error, CustomStringConvertible, Equatable {
    case missing(source: String, field: String)
    case wrongType(source: String, field: String, expected: String, found: String)
    case outOfRange(source: String, field: String, value: String, range: String)
    case invalid(source: String, field: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let source, let field): return "\(source): missing parameter '\(field)'"
        case .wrongType(let source, let field, let expected, let found):
            return "\(source): parameter '\(field)' must be \(expected), found \(found)"
        case .outOfRange(let source, let field, let value, let range):
            return "\(source): parameter '\(field)' = \(value) is outside \(range)"
        case .invalid(let source, let field, let reason): return "\(source): parameter '\(field)': \(reason)"
        }
    }
}
