/// The two-dimensional self-stabilization dynamics, eq. (3) of the paper (docs/eos.md §1.5):
///
///     x_{t+1} = −(1 + η y_t) x_t
///     y_{t+1} = y_t + η (α − β x_t² / 2)
///
/// x is the displacement along the top eigenvector, y the sharpness above 2/η.
public struct SelfStabilizationMap: Equatable {
    /// Learning rate η.
    public var learningRate: Double
    /// Progressive-sharpening rate α (docs/eos.md §1.2).
    public var alpha: Double
    /// Self-stabilization strength β = ‖∇S⊥‖².
    public var beta: Double

    public init(learningRate: Double, alpha: Double, beta: Double) {
        self.learningRate = learningRate
        self.alpha = alpha
        self.beta = beta
    }

    /// δ² = 2α/β, the squared amplitude of the period-2 orbit x = ±δ, y = 0.
    public var deltaSquared: Double { 2 * alpha / beta }

    /// One step of eq. (3).
    @inlinable
    public func step(x: Double, y: Double) -> (x: Double, y: Double) {
        let η = learningRate
        return (-(1 + η * y) * x, y + η * (alpha - beta * x * x / 2))
    }

    /// Iterates eq. (3) for `steps` steps from (x₀, y₀); returns `steps + 1` points including the start.
    public func trajectory(x0: Double, y0: Double, steps: Int) -> Trajectory2D {
        var result = Trajectory2D(capacity: steps + 1)
        var (x, y) = (x0, y0)
        result.append(x: x, y: y)
        for _ in 0..<steps {
            (x, y) = step(x: x, y: y)
            result.append(x: x, y: y)
        }
        return result
    }

    /// The quantity conserved by the continuous-time limit of eq. (3) (docs/eos.md §1.5):
    ///
    ///     g(x, y) = y²/α + z − ln z,   z = x²/δ²,
    ///
    /// minimal (g = 1) on the period-2 orbit. The discrete map lets it drift slowly upward.
    public func conservedQuantity(x: Double, y: Double) -> Double {
        let z = x * x / deltaSquared
        return y * y / alpha + z - logarithm(z)
    }
}

/// A sequence of (x, y) points.
public struct Trajectory2D: Equatable {
    public var x: [Double] = []
    public var y: [Double] = []

    public init(capacity: Int = 0) {
        x.reserveCapacity(capacity)
        y.reserveCapacity(capacity)
    }

    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "x and y must have the same length")
        self.x = x
        self.y = y
    }

    public mutating func append(x: Double, y: Double) {
        self.x.append(x)
        self.y.append(y)
    }

    public var count: Int { x.count }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) func logarithm(_ value: Double) -> Double { log(value) }
