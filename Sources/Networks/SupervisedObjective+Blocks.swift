import Dispatch
import LinearAlgebra

/// Blocks of examples on separate threads (docs/eos.md §3: "work splits over the cores, examples across
/// threads"). L, ∇L and Hv are sums over examples, so each block computes its own mean over its
/// n_b examples and the results are combined as Σ_b (n_b/n)·(block value) in block order. The block
/// boundaries depend only on n and the block count, and each block's BLAS calls run on one thread,
/// so the result is bit-identical whether the blocks run concurrently or one after another.
/// (Multithreaded OpenBLAS is not: its GEMM results change with the thread count.)
extension SupervisedObjective {
    /// Two blocks: the target machine's two cores. Changing it changes results in the last bits.
    public static var defaultBlockCount: Int { 2 }
    /// Blocks smaller than this are not worth a thread.
    public static var minimumBlockRows: Int { 100 }
    /// The number of blocks the examples are split into (1: one piece).
    public var blockCount: Int { max(1, blocks.count) }

    /// Runs one closure per block, concurrently unless `BlockExecution.serial` is set.
    func mapBlocks<T>(_ body: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: blocks.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            if BlockExecution.serial {
                for index in 0..<blocks.count { base[index] = body(index) }
            } else {
                DispatchQueue.concurrentPerform(iterations: blocks.count) { index in base[index] = body(index) }
            }
        }
        return results.map { $0! }
    }

    static func makeBlocks(model: FeedForwardNetwork, loss: LossFunction, inputs: [Scalar], targets: [Scalar],
                           count: Int) -> ([SupervisedObjective], [Scalar]) {
        let d = model.widths[0], C = model.widths.last!, n = inputs.count / d
        guard count > 1, n >= count * minimumBlockRows else { return ([], []) }
        let rows = (n + count - 1) / count
        var parts: [SupervisedObjective] = [], weights: [Scalar] = []
        for start in stride(from: 0, to: n, by: rows) {
            let end = min(n, start + rows)
            parts.append(SupervisedObjective(model: model, loss: loss, inputs: Array(inputs[start * d..<end * d]),
                                             targets: Array(targets[start * C..<end * C]), blockCount: 1))
            weights.append(Scalar(end - start) / Scalar(n))
        }
        return (parts, weights)
    }

    /// Σ_b w_b·v_b in block order.
    func combine(_ vectors: [[Scalar]]) -> [Scalar] {
        var total = [Scalar](repeating: 0, count: vectors[0].count)
        for (weight, vector) in zip(blockWeights, vectors) { axpy(weight, vector, &total) }
        return total
    }

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

/// How blocks of examples run: concurrently (the default) or one after another (tests use this to
/// show that the two agree bit for bit).
public enum BlockExecution {
    nonisolated(unsafe) public static var serial = false
}
