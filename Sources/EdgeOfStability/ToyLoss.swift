/// The toy loss of the four-stages figure (docs/eos.md §4.2, F2):
///
///     L(x, y) = −α y + ½ (2/η + y) x²
///
/// Gradient descent on it with step η is exactly eq. (3) with β = 1:
///     ∂L/∂x = (2/η + y) x   ⇒  x ← x − η(2/η + y)x = −(1 + ηy) x
///     ∂L/∂y = −α + x²/2     ⇒  y ← y + η(α − x²/2)
public struct ToyLoss: Equatable {
    public var learningRate: Double
    public var alpha: Double

    public init(learningRate: Double, alpha: Double) {
        self.learningRate = learningRate
        self.alpha = alpha
    }

    /// L(x, y).
    public func value(x: Double, y: Double) -> Double {
        -alpha * y + 0.5 * (2 / learningRate + y) * x * x
    }

    /// ∇L(x, y) = ((2/η + y) x, −α + x²/2).
    public func gradient(x: Double, y: Double) -> (x: Double, y: Double) {
        ((2 / learningRate + y) * x, -alpha + x * x / 2)
    }

    /// ∇²L(x, y) = [[2/η + y, x], [x, 0]].
    public func hessian(x: Double, y: Double) -> (xx: Double, xy: Double, yy: Double) {
        (2 / learningRate + y, x, 0)
    }

    /// The sharpness S = λ_max(∇²L): for [[a, b], [b, c]] the larger root of the characteristic
    /// polynomial, (a + c)/2 + √(((a − c)/2)² + b²). Close to 2/η + y + x²/(2/η + y) for small x.
    public func sharpness(x: Double, y: Double) -> Double {
        let h = hessian(x: x, y: y)
        let mean = (h.xx + h.yy) / 2
        let half = (h.xx - h.yy) / 2
        return mean + (half * half + h.xy * h.xy).squareRoot()
    }

    /// `steps` steps of gradient descent with step η from (x₀, y₀), `steps + 1` points.
    public func gradientDescent(x0: Double, y0: Double, steps: Int) -> Trajectory2D {
        var result = Trajectory2D(capacity: steps + 1)
        var (x, y) = (x0, y0)
        result.append(x: x, y: y)
        for _ in 0..<steps {
            let g = gradient(x: x, y: y)
            x -= learningRate * g.x
            y -= learningRate * g.y
            result.append(x: x, y: y)
        }
        return result
    }
}
