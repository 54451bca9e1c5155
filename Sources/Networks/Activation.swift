/// An activation σ with its first and second derivatives, computed together.
///
/// The edge-of-stability theory needs ∇S = ∇³L[u, u], so σ must be C³ there (`isThreeTimesDifferentiable`);
/// ELU is kept for comparison only: its σ'' jumps from 1 to 0 at z = 0, so the Hessian is discontinuous.
public enum Activation: String, CaseIterable, Codable {
    /// σ(z) = tanh z;  σ' = 1 − t²;  σ'' = −2t(1 − t²).
    case tanh
    /// ELU with α = 1: z for z > 0, eᶻ − 1 otherwise;  σ' = 1 or eᶻ;  σ'' = 0 or eᶻ (C¹ at 0).
    case elu
    /// swish (SiLU): σ(z) = z·s(z) with s the logistic function;
    /// σ' = s + z s(1 − s);  σ'' = s(1 − s)(2 + z(1 − 2s)).
    case swish
    /// GELU, tanh form: σ(z) = ½z(1 + t), t = tanh u, u = c(z + a z³), c = √(2/π), a = 0.044715;
    /// σ' = ½(1 + t) + ½z(1 − t²)u';  σ'' = (1 − t²)u' + ½z(1 − t²)(u'' − 2t u'²), u' = c(1 + 3a z²), u'' = 6a c z.
    case gelu
    /// softplus: σ(z) = log(1 + eᶻ) = max(z, 0) + log(1 + e^{−|z|});  σ' = s(z);  σ'' = s(1 − s).
    case softplus

    /// Whether σ is C³ on ℝ, as ∇S = ∇³L[u, u] needs (docs/eos.md §6): every case but ELU.
    public var isThreeTimesDifferentiable: Bool { self != .elu }

    /// (σ(z), σ'(z), σ''(z)).
    @inline(__always)
    public func evaluate<Scalar: RealScalar>(_ z: Scalar) -> (value: Scalar, slope: Scalar, curvature: Scalar) {
        switch self {
        case .tanh:
            return Self.tanhDerivatives(Scalar.tanh(z))
        case .elu:
            if z > 0 { return (z, 1, 0) }
            let e = Scalar.exp(z)
            return (e - 1, e, e)
        case .swish:
            let s = 1 / (1 + Scalar.exp(-z))
            let ds = s * (1 - s)
            return (z * s, s + z * ds, ds * (2 + z * (1 - 2 * s)))
        case .gelu:
            let c = Scalar(0.7978845608028654), a = Scalar(0.044715)
            let z2 = z * z
            let t = Scalar.tanh(c * (z + a * z2 * z))
            let du = c * (1 + 3 * a * z2), d2u = 6 * a * c * z
            let sech2 = 1 - t * t
            let half = Scalar(0.5)
            return (half * z * (1 + t), half * (1 + t) + half * z * sech2 * du, sech2 * du + half * z * sech2 * (d2u - 2 * t * du * du))
        case .softplus:
            let s = 1 / (1 + Scalar.exp(-z))
            let value = (z > 0 ? z : 0) + Scalar.log(1 + Scalar.exp(-abs(z)))
            return (value, s, s * (1 - s))
        }
    }
}

extension Activation {
    /// (t, σ′, σ″) = (t, 1 − t², −2t(1 − t²)) for t = tanh z.
    @inline(__always)
    static func tanhDerivatives<Scalar: RealScalar>(_ t: Scalar) -> (value: Scalar, slope: Scalar, curvature: Scalar) {
        let slope = 1 - t * t
        return (t, slope, -2 * t * slope)
    }

    /// (σ(z), σ′(z), σ″(z)) for every element of `z`, through raw buffers so that the loop carries
    /// no copy-on-write or bounds checks; tanh goes through `PortableTanh`'s batch, two at a time.
    public func evaluate<Scalar: RealScalar>(all z: [Scalar]) -> (values: [Scalar], slopes: [Scalar], curvatures: [Scalar]) {
        z.withUnsafeBufferPointer { z in
            Elementwise.arrays(count: z.count) { values, slopes, curvatures in
                if self == .tanh {
                    PortableTanh.tanh(z, into: values)
                    for index in z.indices { (_, slopes[index], curvatures[index]) = Self.tanhDerivatives(values[index]) }
                } else {
                    for index in z.indices { (values[index], slopes[index], curvatures[index]) = evaluate(z[index]) }
                }
            }
        }
    }
}

/// The per-example loss ℓ(f, y), averaged over examples (docs/eos.md §2.2, the authors' definitions).
public enum LossFunction: String, CaseIterable, Codable {
    /// `cat_mse`: ℓ = ‖f − e_y‖², summed over classes, no ½ (twice Cohen et al.'s squared loss).
    case squaredError
    /// `binary_mse`: ℓ = (f₀ − y)² with y = ±1 (one output).
    case binarySquaredError
    /// `ce`: ℓ = −log softmax(f)_y.
    case crossEntropy
}
