import LinearAlgebra

/// Blocks of examples on separate threads (`ExampleBlocks`); each block's BLAS calls run on one thread.
extension SupervisedObjective {
    /// The number of blocks the examples are split into (1: one piece).
    public var blockCount: Int { max(1, blocks.count) }

    /// Runs one closure per block (`ExampleBlocks.map`).
    func mapBlocks<T>(_ body: (Int) -> T) -> [T] { ExampleBlocks.map(count: blocks.count, body) }

    static func makeBlocks(model: FeedForwardNetwork, loss: LossFunction, inputs: [Scalar], targets: [Scalar],
                           count: Int) -> ([SupervisedObjective], [Scalar]) {
        let d = model.widths[0], C = model.widths.last!, n = inputs.count / d
        let ranges = ExampleBlocks.ranges(examples: n, count: count)
        let parts = ranges.map {
            SupervisedObjective(model: model, loss: loss, inputs: Array(inputs[$0.lowerBound * d..<$0.upperBound * d]),
                                targets: Array(targets[$0.lowerBound * C..<$0.upperBound * C]), blockCount: 1)
        }
        return (parts, ranges.map { Scalar($0.count) / Scalar(n) })
    }

    /// Σ_b w_b·v_b in block order.
    func combine(_ vectors: [[Scalar]]) -> [Scalar] { ExampleBlocks.combine(vectors, weights: blockWeights) }

    func combinedLoss(at θ: [Scalar]) -> Scalar {
        let losses = mapBlocks { blocks[$0].lossValue(at: θ) }
        return zip(blockWeights, losses).reduce(0) { $0 + $1.0 * $1.1 }
    }

    func combinedEvaluation(at θ: [Scalar]) -> Evaluation {
        let parts = mapBlocks { blocks[$0].evaluate(at: θ) }
        let evaluation = Evaluation(parameters: θ)
        evaluation.blockEvaluations = parts
        evaluation.loss = zip(blockWeights, parts).reduce(0) { $0 + $1.0 * $1.1.loss }
        evaluation.gradient = combine(parts.map(\.gradient))
        evaluation.outputs = parts.flatMap(\.outputs)
        return evaluation
    }

    func combinedHessianVectorProduct(_ evaluation: Evaluation, along tangent: [Scalar]) -> [Scalar] {
        precondition(evaluation.blockEvaluations.count == blocks.count, "the evaluation comes from another objective")
        return combine(mapBlocks { blocks[$0].hessianVectorProduct(evaluation.blockEvaluations[$0], along: tangent) })
    }
}
