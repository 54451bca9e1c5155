import LinearAlgebra

/// The full-batch training loss L(θ) = (1/n) Σᵢ ℓ(f(θ, xᵢ), yᵢ) of a feed-forward network (MLP or
/// CNN) on fixed data, with its exact gradient and exact Hessian-vector products.
///
/// `evaluate(at:)` runs one forward and one backward pass and keeps what the R-operator needs
/// (activations, σ′, σ″, the backward signals), so every HVP at that point costs only a tangent
/// forward pass and a tangent backward pass: about 2× a gradient, with no per-example loops.
///
/// With n ≥ 2·`ExampleBlocks.minimumRows` examples the work is split into `blockCount` contiguous blocks of
/// examples that run on separate threads and are combined in block order (`+Blocks`), so the
/// result is the same whatever the number of cores. A block whose tape would outgrow
/// `ExampleBlocks.tapeBudgetBytes` is evaluated in chunks of `ExampleBlocks.chunkTapeBytes`, one
/// after another, keeping no chunk's tape in the evaluation: its memory grows with the chunk, not
/// with n. An HVP rebuilds each chunk's tape (forward pass and backward signals) unless an earlier
/// one at the same evaluation kept them (`KeptTapes`, within its budget).
public final class SupervisedObjective<Scalar: RealScalar>: TrainingObjective {
    public let model: FeedForwardNetwork
    public let loss: LossFunction
    public let exampleCount: Int
    public var parameterCount: Int { model.parameterCount }
    /// n × d, row-major, and n × C (one-hot for squaredError/crossEntropy, ±1 for binary); empty
    /// when the examples live in `blocks`, so that they are stored once.
    let inputs: [Scalar]
    let targets: [Scalar]
    /// The blocks of examples and their weights n_b/n (empty: evaluated in one piece).
    let blocks: [SupervisedObjective]
    let blockWeights: [Scalar]
    /// Whether `blocks` are chunks: evaluated one after another, their tapes not kept.
    let isChunked: Bool
    /// The layers as the derivatives see them (`LayerStep`), for this objective's examples.
    let steps: [LayerStep<Scalar>]
    /// Where a chunked block keeps its chunks' tapes for repeated HVPs at one point (`KeptTapes`).
    let tapeSlot = ChunkTapeSlot<Scalar>()

    /// The n × d inputs, row-major.
    public var inputValues: [Scalar] { blocks.isEmpty ? inputs : blocks.flatMap(\.inputValues) }
    /// The n × C targets, row-major.
    public var targetValues: [Scalar] { blocks.isEmpty ? targets : blocks.flatMap(\.targetValues) }

    /// - Parameters:
    ///   - inputs: n × d features, row-major.
    ///   - targets: n × C (one-hot rows, or the ±1 label for `binarySquaredError` with C = 1).
    ///   - blockCount: blocks of examples evaluated concurrently (1: none); only used when every
    ///     block has at least `ExampleBlocks.minimumRows` examples. Part of the numerics: it fixes the order
    ///     of the sums, so it is a constant of the code, not the machine's core count.
    ///   - chunkRows: the most examples one unblocked piece evaluates at once (also part of the
    ///     numerics); nil: from the tape's size (`ExampleBlocks.chunkRows(examples:bytesPerExample:)`).
    public init(model: FeedForwardNetwork, loss: LossFunction, inputs: [Scalar], targets: [Scalar],
                blockCount: Int = ExampleBlocks.defaultCount, chunkRows: Int? = nil) {
        let n = inputs.count / model.widths[0]
        precondition(n * model.widths[0] == inputs.count, "inputs are not n × \(model.widths[0])")
        precondition(targets.count == n * model.widths.last!, "targets are not n × \(model.widths.last!)")
        precondition(loss != .binarySquaredError || model.widths.last! == 1, "binary_mse needs one output")
        self.model = model
        self.loss = loss
        self.exampleCount = n
        steps = (0..<model.layerCount).map { LayerStep(model: model, layer: $0, examples: n) }
        (blocks, blockWeights, isChunked) = Self.makeBlocks(model: model, loss: loss, inputs: inputs, targets: targets, count: blockCount,
                                                             chunkRows: chunkRows)
        self.inputs = blocks.isEmpty ? inputs : []
        self.targets = blocks.isEmpty ? targets : []
    }

    /// What `evaluate(at:)` returns: the loss, the gradient and this objective's tape.
    public typealias Evaluation = ObjectiveEvaluation<Scalar>

    /// L(θ) only (a forward pass).
    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func lossValue(at θ: [Scalar]) -> Scalar {
        if !blocks.isEmpty { return combinedLoss(at: θ) }
        var evaluation = Evaluation(parameters: θ)
        forward(&evaluation, θ)
        return evaluation.loss
    }

    /// L(θ) and ∇L(θ), keeping the forward and backward quantities for HVPs at θ.
    /// - Complexity: one forward and one backward pass, about 6·n·P flops.
    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func evaluate(at θ: [Scalar]) -> Evaluation {
        precondition(θ.count == model.parameterCount, "θ has \(θ.count) entries, the model \(model.parameterCount)")
        if !blocks.isEmpty { return combinedEvaluation(at: θ) }
        var evaluation = Evaluation(parameters: θ)
        forward(&evaluation, θ)
        backward(&evaluation, θ)
        return evaluation
    }

    /// What HVPs at θ read, without ∇L: the tape (a forward pass and the backward signals, about
    /// two thirds of a gradient), the blocks' tapes, or only θ when chunked (each HVP rebuilds its chunks' tapes).
    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func evaluateForProducts(at θ: [Scalar]) -> Evaluation {
        precondition(θ.count == model.parameterCount, "θ has \(θ.count) entries, the model \(model.parameterCount)")
        if blocks.isEmpty { return tape(at: θ) }
        let evaluation = Evaluation(productsOnlyAt: θ)
        if !isChunked { evaluation.blockEvaluations = mapBlocks { blocks[$0].evaluateForProducts(at: θ) } }
        return evaluation
    }

    /// The tape at θ that HVPs read, without ∇L (for a chunk whose tape was not kept).
    func tape(at θ: [Scalar]) -> Evaluation {
        var evaluation = Evaluation(productsOnlyAt: θ)
        forward(&evaluation, θ)
        backward(&evaluation, θ, parameterGradient: false)
        return evaluation
    }

    // MARK: - Forward and backward

    /// Z_l = X_l·W_lᵀ + 1·b_lᵀ and A_l = σ(Z_l) layer by layer, keeping X_l, σ′(Z_l), σ″(Z_l); then the loss.
    func forward(_ e: inout Evaluation, _ θ: [Scalar]) {
        let n = exampleCount, steps = self.steps
        var previous = inputs
        e.loweredInputs = []
        e.slopes = []
        e.curvatures = []
        θ.withUnsafeBufferPointer { parameters in
            for (layer, step) in steps.enumerated() {
                let lowered = PassTimings.measure(layer, .lower) { step.map.lower(previous, examples: n) }
                e.loweredInputs.append(lowered)
                let z = PassTimings.measure(layer, .gemm) { step.forward(lowered, parameters: parameters) }
                guard layer < steps.count - 1 else { e.outputs = z; break }
                let (value, slope, curvature) = PassTimings.measure(layer, .elementwise) { model.activation.evaluate(all: z) }
                e.slopes.append(slope)
                e.curvatures.append(curvature)
                previous = value
            }
        }
        PassTimings.measure(steps.count - 1, .loss) { computeLoss(&e) }
    }

    /// Sets the loss and ∂L/∂F (stored as the last preactivation gradient).
    func computeLoss(_ e: inout Evaluation) {
        let n = exampleCount, C = model.widths.last!
        let scale = 1 / Scalar(n)
        var outputGradient = [Scalar](repeating: 0, count: n * C)
        var total: Scalar = 0
        switch loss {
        case .squaredError, .binarySquaredError:
            // ℓ = ‖f − y‖²,  ∂L/∂f = (2/n)(f − y)
            for index in outputGradient.indices {
                let residual = e.outputs[index] - targets[index]
                total += residual * residual
                outputGradient[index] = 2 * scale * residual
            }
        case .crossEntropy:
            // ℓ = −Σ_c y_c log p_c with p = softmax(f);  ∂L/∂f = (p − y)/n
            e.probabilities = [Scalar](repeating: 0, count: n * C)
            for row in 0..<n {
                let base = row * C
                var largest = e.outputs[base]
                for c in 1..<max(C, 1) { largest = max(largest, e.outputs[base + c]) }
                var sum: Scalar = 0
                for c in 0..<C {
                    let value = Scalar.exp(e.outputs[base + c] - largest)
                    e.probabilities[base + c] = value
                    sum += value
                }
                let logSum = Scalar.log(sum) + largest
                for c in 0..<C {
                    e.probabilities[base + c] /= sum
                    total += targets[base + c] * (logSum - e.outputs[base + c])
                    outputGradient[base + c] = scale * (e.probabilities[base + c] - targets[base + c])
                }
            }
        }
        e.loss = total * scale
        e.preactivationGradients = [outputGradient]
    }

    /// From G_L = ∂L/∂F down: ∂L/∂W_l = G_lᵀX_l, ∂L/∂b_l = G_lᵀ1, ∂L/∂A_{l−1} = Mᵀ(G_l·W_l),
    /// G_{l−1} = ∂L/∂A_{l−1} ⊙ σ′(Z_{l−1}).
    /// `parameterGradient: false` computes the signals only (the tape `evaluateForProducts` keeps), leaving ∇L untouched.
    func backward(_ e: inout Evaluation, _ θ: [Scalar], parameterGradient: Bool = true) {
        let n = exampleCount, steps = self.steps
        var signal = e.preactivationGradients[0]  // G for the current layer
        var preactivationGradients = [signal]
        var activationGradients: [[Scalar]] = []
        θ.withUnsafeBufferPointer { parameters in
            e.gradient.withUnsafeMutableBufferPointer { gradient in
                for layer in steps.indices.reversed() {
                    let step = steps[layer]
                    if parameterGradient {
                        PassTimings.measure(layer, .gemm) { step.pullParameters(signal, e.loweredInputs[layer], into: gradient) }
                    }
                    guard layer > 0 else { break }
                    let loweredGradient = PassTimings.measure(layer, .gemm) { step.pullInput([(signal, parameters)]) }
                    let activationGradient = PassTimings.measure(layer, .raise) { step.map.raise(loweredGradient, examples: n) }
                    let slope = e.slopes[layer - 1]
                    signal = PassTimings.measure(layer - 1, .elementwise) { Elementwise.product(activationGradient, slope) }
                    activationGradients.insert(activationGradient, at: 0)
                    preactivationGradients.insert(signal, at: 0)
                }
            }
        }
        e.activationGradients = activationGradients
        e.preactivationGradients = preactivationGradients
    }
}
