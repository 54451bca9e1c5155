import LinearAlgebra

/// Everything a training objective computed at one point θ: the loss, the gradient and the
/// outputs, and what its Hessian-vector products at θ reuse. The feed-forward tape (`loweredInputs`
/// to `probabilities`) is filled by `SupervisedObjective` only; `TransformerObjective` keeps none.
public final class ObjectiveEvaluation<Scalar: RealScalar> {
    public let parameters: [Scalar]
    public internal(set) var loss: Scalar = 0
    public internal(set) var gradient: [Scalar]
    /// X_l = M_l(A_{l−1}) for every layer (A_{l−1} itself, shared, for plain dense layers; the
    /// activations are kept only there, as the next layer's input).
    var loweredInputs: [[Scalar]] = []
    /// σ′(Z_l) and σ″(Z_l) for hidden layers.
    var slopes: [[Scalar]] = []
    var curvatures: [[Scalar]] = []
    /// ∂L/∂A_l for hidden layers (before multiplying by σ′).
    var activationGradients: [[Scalar]] = []
    /// ∂L/∂Z_l for every layer, the output layer last.
    var preactivationGradients: [[Scalar]] = []
    /// Softmax probabilities (cross-entropy only), n × C.
    var probabilities: [Scalar] = []
    public internal(set) var outputs: [Scalar] = []
    /// The evaluation of each block (empty when the objective has no blocks).
    var blockEvaluations: [ObjectiveEvaluation] = []

    init(parameters: [Scalar]) {
        self.parameters = parameters
        self.gradient = [Scalar](repeating: 0, count: parameters.count)
    }

    /// An evaluation for products only (`TrainingObjective.evaluateForProducts`): no gradient, loss NaN.
    init(productsOnlyAt parameters: [Scalar]) {
        self.parameters = parameters
        self.gradient = []
        self.loss = .nan
    }
}
