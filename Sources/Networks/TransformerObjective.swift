import LinearAlgebra

/// L(θ) = (1/n) Σᵢ ‖f(θ, xᵢ) − yᵢ‖² for the `Transformer` (`binary_mse` with one output, `cat_mse`
/// with one-hot targets), with its exact gradient and exact Hessian-vector products.
///
/// The passes run example by example (`Transformer+Passes`), so memory does not grow with n; an HVP
/// reruns them in dual numbers at θ + εv (`PassNumber`): measured 1.05× a gradient's time at the
/// default size and 1.94× at paper size (`make bench`). With
/// n ≥ 2·`ExampleBlocks.minimumRows` the examples are split into blocks on separate threads,
/// combined in block order (the result does not depend on the core count).
public final class TransformerObjective<Scalar: RealScalar>: TrainingObjective {
    public let model: Transformer
    public let exampleCount: Int
    /// n × T token ids (as exact small integers) and n × C targets, row-major; empty when the
    /// examples live in `blocks`.
    let tokens: [Scalar]
    let targets: [Scalar]
    let blocks: [TransformerObjective]
    let blockWeights: [Scalar]
    let layout: Transformer.Layout

    public var parameterCount: Int { layout.parameterCount }

    /// - Parameters:
    ///   - tokens: n × T token ids in 0..<vocabulary.
    ///   - targets: n × C (the ±1 label for one output, one-hot rows otherwise).
    public init(model: Transformer, tokens: [Scalar], targets: [Scalar], blockCount: Int = ExampleBlocks.defaultCount) {
        let n = tokens.count / model.length
        precondition(n * model.length == tokens.count, "tokens are not n × \(model.length)")
        precondition(targets.count == n * model.outputs, "targets are not n × \(model.outputs)")
        precondition(tokens.allSatisfy { $0 >= 0 && $0 < Scalar(model.vocabulary) && $0.rounded() == $0 },
                     "token ids must be integers in 0..<\(model.vocabulary)")
        self.model = model
        exampleCount = n
        layout = model.layout
        let ranges = ExampleBlocks.ranges(examples: n, count: blockCount)
        let T = model.length, C = model.outputs
        blocks = ranges.map {
            TransformerObjective(model: model, tokens: Array(tokens[$0.lowerBound * T..<$0.upperBound * T]),
                                 targets: Array(targets[$0.lowerBound * C..<$0.upperBound * C]), blockCount: 1)
        }
        blockWeights = ranges.map { Scalar($0.count) / Scalar(n) }
        self.tokens = blocks.isEmpty ? tokens : []
        self.targets = blocks.isEmpty ? targets : []
    }

    /// Runs the passes in `N` over this (unblocked) objective's examples: the loss, the outputs and,
    /// when `withGradient`, ∇L, each the mean over the examples.
    func passes<N: PassNumber>(_ θ: [N], withGradient: Bool) -> (loss: N, gradient: [N], outputs: [N]) where N.Real == Scalar {
        var loss = N(0)
        var gradient = [N](repeating: N(0), count: withGradient ? θ.count : 0)
        var outputs: [N] = []
        outputs.reserveCapacity(exampleCount * model.outputs)
        let weight = 1 / Scalar(exampleCount), T = model.length, C = model.outputs
        tokens.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { y in
                θ.withUnsafeBufferPointer { parameters in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for example in 0..<exampleCount {
                            outputs += model.accumulateExample(
                                tokens: UnsafeBufferPointer(rebasing: x[(example * T)..<((example + 1) * T)]),
                                target: UnsafeBufferPointer(rebasing: y[(example * C)..<((example + 1) * C)]), weight: weight,
                                layout: layout, parameters, gradient: withGradient ? g : nil, loss: &loss)
                        }
                    }
                }
            }
        }
        return (loss, gradient, outputs)
    }

    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func lossValue(at θ: [Scalar]) -> Scalar {
        guard blocks.isEmpty else {
            let losses = ExampleBlocks.map(count: blocks.count) { blocks[$0].lossValue(at: θ) }
            return ExampleBlocks.combine(losses, weights: blockWeights)
        }
        return passes(θ.map { Plain($0) }, withGradient: false).loss.real
    }

    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func evaluate(at θ: [Scalar]) -> ObjectiveEvaluation<Scalar> {
        precondition(θ.count == parameterCount, "θ has \(θ.count) entries, the model \(parameterCount)")
        let evaluation = ObjectiveEvaluation(parameters: θ)
        if blocks.isEmpty {
            let result = passes(θ.map { Plain($0) }, withGradient: true)
            (evaluation.loss, evaluation.gradient, evaluation.outputs) = (result.loss.real, result.gradient.map(\.real), result.outputs.map(\.real))
        } else {
            let parts = ExampleBlocks.map(count: blocks.count) { blocks[$0].evaluate(at: θ) }
            evaluation.loss = ExampleBlocks.combine(parts.map(\.loss), weights: blockWeights)
            evaluation.gradient = ExampleBlocks.combine(parts.map(\.gradient), weights: blockWeights)
            evaluation.outputs = parts.flatMap(\.outputs)
        }
        return evaluation
    }

    /// Only θ: an HVP runs its dual-number passes from θ and reuses nothing.
    public func evaluateForProducts(at θ: [Scalar]) -> ObjectiveEvaluation<Scalar> {
        precondition(θ.count == parameterCount, "θ has \(θ.count) entries, the model \(parameterCount)")
        return ObjectiveEvaluation(productsOnlyAt: θ)
    }

    /// H(θ)v: the ε part of ∇L(θ + εv), the passes run in dual numbers.
    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func hessianVectorProduct(_ evaluation: ObjectiveEvaluation<Scalar>, along tangent: [Scalar]) -> [Scalar] {
        precondition(tangent.count == parameterCount, "tangent has \(tangent.count) entries, the model \(parameterCount)")
        guard blocks.isEmpty else {
            let parts = ExampleBlocks.map(count: blocks.count) { blocks[$0].hessianVectorProduct(evaluation, along: tangent) }
            return ExampleBlocks.combine(parts, weights: blockWeights)
        }
        let point = zip(evaluation.parameters, tangent).map { Dual($0, tangent: $1) }
        return passes(point, withGradient: true).gradient.map(\.tangent)
    }

    /// θ, the gradient and the outputs: the passes keep nothing between calls.
    public var evaluationByteCount: Int {
        (2 * parameterCount + exampleCount * model.outputs) * MemoryLayout<Scalar>.size
    }

    /// None: every HVP reruns the passes.
    public var keptTapeByteCount: Int { 0 }
}
