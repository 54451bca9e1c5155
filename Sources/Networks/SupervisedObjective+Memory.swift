/// What an `Evaluation` keeps alive, so that a stage can refuse a size that cannot fit in memory
/// before it spends hours on it (a paper-size CNN evaluation holds gigabytes: every hidden layer's
/// σ′, σ″, ∂L/∂A and ∂L/∂Z, and each convolution's im2col matrix, for every example).
extension SupervisedObjective {
    /// Scalars one `evaluate(at:)` result holds, all blocks together, or for a chunked block its
    /// gradient and outputs and the largest chunk's tape while it runs: the lowered inputs of layers
    /// that are not plain dense (a plain dense layer reads the previous activation itself, which is
    /// then kept), four arrays per hidden layer, the outputs and ∂L/∂F (and the softmax for cross-entropy), the gradient, and
    /// the parameters once. The examples themselves belong to the objective and are not counted.
    public var evaluationScalarCount: Int { model.parameterCount + scalarsBeyondParameters }

    /// What an evaluation holds besides θ (which blocks and chunks share): an unblocked piece's own
    /// arrays; for blocks, the combined gradient and outputs plus every block's; for chunks, the
    /// combined gradient and outputs plus one chunk's arrays (one chunk is alive at a time).
    private var scalarsBeyondParameters: Int {
        guard !blocks.isEmpty else { return ownEvaluationScalars }
        let combined = model.parameterCount + exampleCount * model.widths.last!
        if isChunked { return combined + blocks.map(\.ownEvaluationScalars).max()! }
        return combined + blocks.reduce(0) { $0 + $1.scalarsBeyondParameters }
    }

    /// Bytes of chunk tapes that HVPs may keep besides the live evaluations (`KeptTapes`), all blocks
    /// together: a chunked block keeps its chunks' tapes when they fit its share of the budget
    /// (1/`ExampleBlocks.defaultCount`, so that the blocks never push each other's out); 0 when
    /// nothing is chunked.
    public var keptTapeByteCount: Int {
        guard !blocks.isEmpty else { return 0 }
        guard isChunked else { return blocks.reduce(0) { $0 + $1.keptTapeByteCount } }
        let bytes = blocks.reduce(0) { $0 + $1.ownEvaluationScalars - model.parameterCount } * MemoryLayout<Scalar>.size
        return bytes <= KeptTapes.shared.budgetBytes / ExampleBlocks.defaultCount ? bytes : 0
    }

    /// `evaluationScalarCount` in bytes at this objective's precision.
    public var evaluationByteCount: Int { evaluationScalarCount * MemoryLayout<Scalar>.size }

    /// An unblocked evaluation's arrays except its parameters.
    private var ownEvaluationScalars: Int {
        model.parameterCount + exampleCount * Self.tapeScalarsPerExample(model: model, loss: loss)
    }

    /// The tape's scalars per example: the lowered inputs of layers that are not plain dense, four
    /// arrays per hidden layer (five when the next layer reads the activation itself), the outputs
    /// and ∂L/∂F, and the softmax for cross-entropy.
    static func tapeScalarsPerExample(model: FeedForwardNetwork, loss: LossFunction) -> Int {
        let L = model.layerCount, C = model.widths.last!
        var scalars = 2 * C + (loss == .crossEntropy ? C : 0)
        for layer in 0..<L {
            let map = model.layers[layer]
            if !map.isPlainDense { scalars += map.positions * map.fanIn }
            // σ′, σ″, ∂L/∂A and ∂L/∂Z; the activation itself only as the next layer's shared input.
            if layer < L - 1 { scalars += (model.layers[layer + 1].isPlainDense ? 5 : 4) * map.positions * map.outputChannels }
        }
        return scalars
    }
}
