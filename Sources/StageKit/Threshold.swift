import Foundation

/// A claim's bound on one measured value, written once: it renders its own text for the claims
/// table and tests a value, so the text and the test cannot drift apart. NaN never holds.
public struct Threshold: Equatable {
    public enum Bound: Equatable {
        case atMost(Double), atLeast(Double), below(Double), above(Double), within(ClosedRange<Double>)
    }

    public let bound: Bound
    /// The number as the text shows it ("1e-4" rather than 0.0001); nil: its shortest form.
    let shown: String?
    /// Whether the text shows the number as a percentage (0.95 as "95%").
    let percent: Bool

    init(_ bound: Bound, shown: String? = nil, percent: Bool = false) {
        self.bound = bound
        self.shown = shown
        self.percent = percent
    }

    public static func atMost(_ limit: Double, shown: String? = nil, percent: Bool = false) -> Threshold { Threshold(.atMost(limit), shown: shown, percent: percent) }
    public static func atLeast(_ limit: Double, shown: String? = nil, percent: Bool = false) -> Threshold { Threshold(.atLeast(limit), shown: shown, percent: percent) }
    public static func below(_ limit: Double, shown: String? = nil, percent: Bool = false) -> Threshold { Threshold(.below(limit), shown: shown, percent: percent) }
    public static func above(_ limit: Double, shown: String? = nil, percent: Bool = false) -> Threshold { Threshold(.above(limit), shown: shown, percent: percent) }
    public static func within(_ range: ClosedRange<Double>) -> Threshold { Threshold(.within(range)) }

    /// Whether `value` satisfies the bound.
    public func holds(_ value: Double) -> Bool {
        switch bound {
        case .atMost(let limit): return value <= limit
        case .atLeast(let limit): return value >= limit
        case .below(let limit): return value < limit
        case .above(let limit): return value > limit
        case .within(let range): return range.contains(value)
        }
    }

    /// "≤ 1e-4", "≥ 95%", "< 0.95", "> 1", "in [0.8, 1.2]".
    public var text: String {
        switch bound {
        case .atMost(let limit): return "≤ " + number(limit)
        case .atLeast(let limit): return "≥ " + number(limit)
        case .below(let limit): return "< " + number(limit)
        case .above(let limit): return "> " + number(limit)
        case .within(let range): return "in [\(number(range.lowerBound)), \(number(range.upperBound))]"
        }
    }

    func number(_ value: Double) -> String {
        if let shown { return shown }
        if percent { return String(format: "%g%%", value * 100) }
        if value == value.rounded(), value.magnitude < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
