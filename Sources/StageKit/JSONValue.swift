import Foundation

/// A JSON value with a canonical text form: object keys sorted by their UTF-8 bytes, no
/// whitespace, integers without a fraction, other numbers in Swift's shortest round-trip form.
/// Canonical text is what cache keys and the `params_json` provenance attribute hash.
public enum JSONValue: Equatable, Codable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses JSON text. Errors say where the text is malformed.
    public static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The canonical text.
    public var canonicalText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .integer(let value): return String(value)
        case .number(let value):
            if value.isNaN || value.isInfinite { return "null" }
            if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) + ".0" }
            return "\(value)"
        case .string(let value): return quoted(value)
        case .array(let values): return "[" + values.map(\.canonicalText).joined(separator: ",") + "]"
        case .object(let members):
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            return "{" + keys.map { quoted($0) + ":" + members[$0]!.canonicalText }.joined(separator: ",") + "}"
        }
    }

    public var description: String { canonicalText }

    /// The value as a Double when it is a number.
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default: return nil
        }
    }

    /// The members when the value is an object.
    public var objectValue: [String: JSONValue]? { if case .object(let members) = self { return members } else { return nil } }
    /// The text when the value is a string.
    public var stringValue: String? { if case .string(let value) = self { return value } else { return nil } }
}

private func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
