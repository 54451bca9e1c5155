import LinearAlgebra

/// Everything a training objective computed at one point θ: the loss, the gradient and the
/// outputs, and what its Hessian-vector products at θ reuse. The feed-forward tape (`loweredInputs`
/// to `probabilities`) is filled by `SupervisedObjective` only; `TransformerObjective` keeps none.
public final class ObjectiveEvaluation<Scalar: RealScalar> {
    public internal(set) var parameters: [Scalar]
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
    /// Whether a chunked block's HVP here keeps its chunk tapes for the next ones (`KeptTapes`); false
    /// where one product is all there will be (`TrainingObjective.singleHessianVectorProduct`).
    var keepsChunkTapes = true

    init(parameters: [Scalar]) {
        self.parameters = parameters
        self.gradient = [Scalar](repeating: 0, count: parameters.count)
    }

    /// Marks this evaluation and its blocks' as points with one product: no chunk tapes are kept.
    func markingOneProduct() -> ObjectiveEvaluation {
        keepsChunkTapes = false
        for block in blockEvaluations { _ = block.markingOneProduct() }
        return self
    }

    /// Makes this evaluation a copy of `other`, writing into its own arrays where their sizes agree
    /// (a kept chunk tape overwritten by the same chunk's tape at another point, `KeptTapes`).
    func overwrite(with other: ObjectiveEvaluation) {
        parameters = other.parameters  // θ is shared, not copied: it is the same for every chunk
        loss = other.loss
        Self.copy(other.gradient, into: &gradient)
        Self.copy(other.loweredInputs, into: &loweredInputs)
        Self.copy(other.slopes, into: &slopes)
        Self.copy(other.curvatures, into: &curvatures)
        Self.copy(other.activationGradients, into: &activationGradients)
        Self.copy(other.preactivationGradients, into: &preactivationGradients)
        Self.copy(other.probabilities, into: &probabilities)
        Self.copy(other.outputs, into: &outputs)
        precondition(other.blockEvaluations.isEmpty, "only a chunk's tape is overwritten")
    }

    private static func copy(_ source: [[Scalar]], into target: inout [[Scalar]]) {
        guard target.count == source.count else { target = source; return }
        for index in source.indices { copy(source[index], into: &target[index]) }
    }

    private static func copy(_ source: [Scalar], into target: inout [Scalar]) {
        guard target.count == source.count else { target = source; return }
        target.withUnsafeMutableBufferPointer { destination in
            source.withUnsafeBufferPointer { destination.baseAddress?.update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// An evaluation for products only (`TrainingObjective.evaluateForProducts`): no gradient, loss NaN.
    init(productsOnlyAt parameters: [Scalar]) {
        self.parameters = parameters
        self.gradient = []
        self.loss = .nan
    }
}
