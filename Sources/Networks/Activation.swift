/// A smooth activation σ with its first and second derivatives, computed together.
public enum Activation: String, CaseIterable, Codable {
    /// σ(z) = tanh z;  σ' = 1 − t²;  σ'' = −2t(1 − t²).
    case tanh
    /// ELU with α = 1: z for z > 0, eᶻ − 1 otherwise;  σ' = 1 or eᶻ;  σ'' = 0 or eᶻ (C¹ at 0).
    case elu
    /// swish (SiLU): σ(z) = z·s(z) with s the logistic function;
    /// σ' = s + z s(1 − s);  σ'' = s(1 − s)(2 + z(1 − 2s)).
    case swish

    /// (σ(z), σ'(z), σ''(z)).
    @inline(__always)
    public func evaluate<Scalar: RealScalar>(_ z: Scalar) -> (value: Scalar, slope: Scalar, curvature: Scalar) {
        switch self {
        case .tanh:
            let t = Scalar.tanh(z)
            let slope = 1 - t * t
            return (t, slope, -2 * t * slope)
        case .elu:
            if z > 0 { return (z, 1, 0) }
            let e = Scalar.exp(z)
            return (e - 1, e, e)
        case .swish:
            let s = 1 / (1 + Scalar.exp(-z))
            let ds = s * (1 - s)
            return (z * s, s + z * ds, ds * (2 + z * (1 - 2 * s)))
        }
    }
}

/// The per-example loss ℓ(f, y), averaged over examples (eos.md §2.2, the authors' definitions).
public enum LossFunction: String, CaseIterable, Codable {
    /// `cat_mse`: ℓ = ‖f − e_y‖², summed over classes, no ½ (twice Cohen et al.'s squared loss).
    case squaredError
    /// `binary_mse`: ℓ = (f₀ − y)² with y = ±1 (one output).
    case binarySquaredError
    /// `ce`: ℓ = −log softmax(f)_y.
    case crossEntropy
}
