/// The arithmetic the transformer's passes are written in (`Transformer+Passes`): a real scalar for
/// the loss and gradient, or a dual number a + εȧ (ε² = 0) for a Hessian-vector product. Run at
/// θ + εv, the passes return ∇L(θ) + ε·H(θ)v, exactly: forward mode over the reverse pass, the
/// R-operator of Pearlmutter (1994) obtained from the gradient code itself.
protocol PassNumber {
    associatedtype Real: RealScalar
    /// A constant (no ε part).
    init(_ real: Real)
    /// The real part a.
    var real: Real { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static func exp(_ x: Self) -> Self
    /// 1/√x.
    static func reciprocalSquareRoot(_ x: Self) -> Self
    /// (σ(x), σ′(x)).
    func activated(by activation: Activation) -> (value: Self, slope: Self)
}

extension PassNumber {
    @inline(__always) static func += (a: inout Self, b: Self) { a = a + b }
    @inline(__always) static func *= (a: inout Self, b: Self) { a = a * b }
}

/// A real number as a `PassNumber` (a wrapper that compiles away).
struct Plain<Real: RealScalar>: PassNumber {
    var real: Real

    @inline(__always) init(_ real: Real) { self.real = real }

    @inline(__always) static func + (a: Plain, b: Plain) -> Plain { Plain(a.real + b.real) }
    @inline(__always) static func - (a: Plain, b: Plain) -> Plain { Plain(a.real - b.real) }
    @inline(__always) static func * (a: Plain, b: Plain) -> Plain { Plain(a.real * b.real) }
    @inline(__always) static func / (a: Plain, b: Plain) -> Plain { Plain(a.real / b.real) }
    @inline(__always) static func exp(_ x: Plain) -> Plain { Plain(Real.exp(x.real)) }
    @inline(__always) static func reciprocalSquareRoot(_ x: Plain) -> Plain { Plain(1 / x.real.squareRoot()) }
    @inline(__always) func activated(by activation: Activation) -> (value: Plain, slope: Plain) {
        let (value, slope, _) = activation.evaluate(real)
        return (Plain(value), Plain(slope))
    }
}

/// a + εȧ with ε² = 0: f(a + εȧ) = f(a) + ε f′(a) ȧ.
struct Dual<Real: RealScalar>: PassNumber {
    var real: Real
    var tangent: Real

    @inline(__always) init(_ real: Real) { self.real = real; tangent = 0 }
    @inline(__always) init(_ real: Real, tangent: Real) { self.real = real; self.tangent = tangent }

    @inline(__always) static func + (a: Dual, b: Dual) -> Dual { Dual(a.real + b.real, tangent: a.tangent + b.tangent) }
    @inline(__always) static func - (a: Dual, b: Dual) -> Dual { Dual(a.real - b.real, tangent: a.tangent - b.tangent) }
    @inline(__always) static func * (a: Dual, b: Dual) -> Dual {
        Dual(a.real * b.real, tangent: a.tangent * b.real + a.real * b.tangent)
    }
    /// (a + εȧ)/(b + εḃ) = a/b + ε(ȧ − (a/b)ḃ)/b.
    @inline(__always) static func / (a: Dual, b: Dual) -> Dual {
        let quotient = a.real / b.real
        return Dual(quotient, tangent: (a.tangent - quotient * b.tangent) / b.real)
    }
    @inline(__always) static func exp(_ x: Dual) -> Dual {
        let e = Real.exp(x.real)
        return Dual(e, tangent: e * x.tangent)
    }
    /// (a + εȧ)^(−1/2) = a^(−1/2) − ε ½ a^(−3/2) ȧ.
    @inline(__always) static func reciprocalSquareRoot(_ x: Dual) -> Dual {
        let r = 1 / x.real.squareRoot()
        return Dual(r, tangent: -r * r * r * x.tangent / 2)
    }
    /// (σ(a) + εσ′(a)ȧ, σ′(a) + εσ″(a)ȧ).
    @inline(__always) func activated(by activation: Activation) -> (value: Dual, slope: Dual) {
        let (value, slope, curvature) = activation.evaluate(real)
        return (Dual(value, tangent: slope * tangent), Dual(slope, tangent: curvature * tangent))
    }
}
