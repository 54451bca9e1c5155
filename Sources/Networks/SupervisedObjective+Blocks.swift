import LinearAlgebra

/// Blocks of examples on separate threads (`ExampleBlocks`); each block's BLAS calls run on one thread.
/// A chunked objective's blocks are chunks: run one after another, each evaluation dropped once added.
extension SupervisedObjective {
    /// The number of blocks the examples are split into (1: one piece).
    public var blockCount: Int { max(1, blocks.count) }
    /// Whether HVPs rebuild chunk tapes (forward pass and backward signals) instead of reusing a kept tape.
    public var rebuildsTapeForProducts: Bool { isChunked || blocks.contains(where: \.isChunked) }

    /// Runs one closure per block (`ExampleBlocks.map`), or per chunk in order.
    func mapBlocks<T>(_ body: (Int) -> T) -> [T] { isChunked ? blocks.indices.map(body) : ExampleBlocks.map(count: blocks.count, body) }

    /// Blocks when `count` > 1 and every block is large enough, else chunks of `chunkRows` when n
    /// exceeds it (nil: chunks only when the tape outgrows its budget, `ExampleBlocks.chunkRows`).
    static func makeBlocks(model: FeedForwardNetwork, loss: LossFunction, inputs: [Scalar], targets: [Scalar],
                           count: Int, chunkRows: Int?) -> ([SupervisedObjective], [Scalar], chunked: Bool) {
        let d = model.widths[0], C = model.widths.last!, n = inputs.count / d
        var ranges = ExampleBlocks.ranges(examples: n, count: count)
        let chunkRows = chunkRows ?? (ranges.isEmpty ? ExampleBlocks.chunkRows(
            examples: n, bytesPerExample: tapeScalarsPerExample(model: model, loss: loss) * MemoryLayout<Scalar>.size) : nil)
        let chunked = ranges.isEmpty && n > chunkRows ?? .max
        if chunked, let chunkRows { ranges = stride(from: 0, to: n, by: chunkRows).map { $0..<min(n, $0 + chunkRows) } }
        let parts = ranges.map {
            SupervisedObjective(model: model, loss: loss, inputs: Array(inputs[$0.lowerBound * d..<$0.upperBound * d]),
                                targets: Array(targets[$0.lowerBound * C..<$0.upperBound * C]), blockCount: 1,
                                chunkRows: chunked ? Int.max : chunkRows)
        }
        return (parts, ranges.map { Scalar($0.count) / Scalar(n) }, chunked)
    }

    /// Σ_b w_b·v_b in block order.
    func combine(_ vectors: [[Scalar]]) -> [Scalar] { ExampleBlocks.combine(vectors, weights: blockWeights) }

    func combinedLoss(at θ: [Scalar]) -> Scalar {
        let losses = mapBlocks { blocks[$0].lossValue(at: θ) }
        return ExampleBlocks.combine(losses, weights: blockWeights)
    }

    func combinedEvaluation(at θ: [Scalar]) -> Evaluation {
        if isChunked { return chunkedEvaluation(at: θ) }
        let parts = mapBlocks { blocks[$0].evaluate(at: θ) }
        let evaluation = Evaluation(parameters: θ)
        evaluation.blockEvaluations = parts
        evaluation.loss = ExampleBlocks.combine(parts.map(\.loss), weights: blockWeights)
        evaluation.gradient = combine(parts.map(\.gradient))
        evaluation.outputs = parts.flatMap(\.outputs)
        return evaluation
    }

    func combinedHessianVectorProduct(_ evaluation: Evaluation, along tangent: [Scalar]) -> [Scalar] {
        if isChunked { return chunkedHessianVectorProduct(evaluation, along: tangent) }
        precondition(evaluation.blockEvaluations.count == blocks.count, "the evaluation comes from another objective")
        return combine(mapBlocks { blocks[$0].hessianVectorProduct(evaluation.blockEvaluations[$0], along: tangent) })
    }

    /// The chunks' losses, gradients and outputs summed in chunk order (as `combine` does), one chunk alive at a time.
    func chunkedEvaluation(at θ: [Scalar]) -> Evaluation {
        let evaluation = Evaluation(parameters: θ)
        for (weight, chunk) in zip(blockWeights, blocks) {
            let part = chunk.evaluate(at: θ)
            evaluation.loss += weight * part.loss
            axpy(weight, part.gradient, &evaluation.gradient)
            evaluation.outputs += part.outputs
        }
        return evaluation
    }

    /// Σ_c w_c·H_c v in chunk order, from the chunk tapes kept at `evaluation` (`KeptTapes`), or each
    /// chunk's tape rebuilt at θ first and copied into this block's slot for the next HVPs there, when
    /// the budget has room and more products are expected (`keepsChunkTapes`).
    func chunkedHessianVectorProduct(_ evaluation: Evaluation, along tangent: [Scalar]) -> [Scalar] {
        let slot = tapeSlot
        slot.use.lock()
        defer { slot.use.unlock() }
        let (kept, storage) = KeptTapes.shared.withLock { (slot.evaluation === evaluation ? slot.storage : [], slot.storage) }
        let bytes = keptTapeByteCount
        let keeping = kept.isEmpty && evaluation.keepsChunkTapes && bytes > 0 && KeptTapes.shared.reserve(bytes, for: slot)
        var filled = keeping ? storage : []
        let θ = evaluation.parameters
        var total = [Scalar](repeating: 0, count: tangent.count)
        for (index, (weight, chunk)) in zip(blockWeights, blocks).enumerated() {
            let tape = kept.isEmpty ? chunk.tape(at: θ) : kept[index]
            axpy(weight, chunk.hessianVectorProduct(tape, along: tangent), &total)
            guard keeping else { continue }
            if index < filled.count { filled[index].overwrite(with: tape) } else { filled.append(tape) }
        }
        if keeping { KeptTapes.shared.keep(filled, at: evaluation, in: slot) }
        return total
    }
}
