/// What an `Evaluation` keeps alive, so that a stage can refuse a size that cannot fit in memory
/// before it spends hours on it (a paper-size CNN evaluation holds gigabytes: every hidden layer's
/// value, σ′, σ″, ∂L/∂A and ∂L/∂Z, and each convolution's im2col matrix, for every example).
extension SupervisedObjective {
    /// Scalars one `evaluate(at:)` result holds, all blocks together: the lowered inputs of layers
    /// that are not plain dense (a plain dense layer reads the previous array itself), five arrays
    /// per hidden layer, the outputs and ∂L/∂F (and the softmax for cross-entropy), the gradient, and
    /// the parameters once. The examples themselves belong to the objective and are not counted.
    public var evaluationScalarCount: Int {
        let P = model.parameterCount, C = model.widths.last!
        guard !blocks.isEmpty else { return P + ownEvaluationScalars }
        // Blocks share θ; the combined evaluation adds its own gradient and the gathered outputs.
        return P + P + exampleCount * C + blocks.reduce(0) { $0 + $1.ownEvaluationScalars }
    }

    /// `evaluationScalarCount` in bytes at this objective's precision.
    public var evaluationByteCount: Int { evaluationScalarCount * MemoryLayout<Scalar>.size }

    /// An unblocked evaluation's arrays except its parameters.
    private var ownEvaluationScalars: Int {
        let n = exampleCount, L = model.layerCount, C = model.widths.last!
        var scalars = model.parameterCount + 2 * n * C + (loss == .crossEntropy ? n * C : 0)
        for layer in 0..<L {
            let map = model.layers[layer]
            let rows = n * map.positions
            if !map.isPlainDense { scalars += rows * map.fanIn }
            if layer < L - 1 { scalars += 5 * rows * map.outputChannels }
        }
        return scalars
    }
}
