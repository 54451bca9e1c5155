import Dispatch
import LinearAlgebra

/// A full-batch training loss L(θ) = (1/n) Σᵢ ℓ(f(θ, xᵢ), yᵢ) with its exact gradient and exact
/// Hessian-vector products: what the edge-of-stability code needs of a network, whichever it is
/// (`SupervisedObjective` for MLPs and CNNs, `TransformerObjective`).
///
/// Called through `any TrainingObjective<Scalar>`, a conformer's methods run their generic body;
/// each carries `@_specialize(where Scalar == Double)` (and Float), not only the `exported:` form,
/// so that the generic body dispatches to the specialised code at run time (measured: 27× faster).
public protocol TrainingObjective<Scalar>: AnyObject {
    associatedtype Scalar: RealScalar
    /// P, the length of θ.
    var parameterCount: Int { get }
    var exampleCount: Int { get }
    /// Bytes one `evaluate(at:)` result keeps alive (`MemoryRequirement` refuses sizes that cannot fit).
    var evaluationByteCount: Int { get }
    /// Bytes of tapes its HVPs keep besides the live evaluations (`KeptTapes`), at most one set at a time.
    var keptTapeByteCount: Int { get }
    /// L(θ) only.
    func lossValue(at θ: [Scalar]) -> Scalar
    /// L(θ), ∇L(θ) and what HVPs at θ reuse.
    func evaluate(at θ: [Scalar]) -> ObjectiveEvaluation<Scalar>
    /// What ∇²L(θ)v reuses at θ, without ∇L, for points where only products are needed (the ρ₄
    /// monitor's θ ± εv, a sharpness): the tape without the parameter gradient's
    /// products, or nothing but θ where an HVP rebuilds its tape anyway (chunks, the Transformer). Its
    /// `gradient` is empty and its `loss` is not to be read. Products from it equal those from
    /// `evaluate(at:)` bit for bit.
    func evaluateForProducts(at θ: [Scalar]) -> ObjectiveEvaluation<Scalar>
    /// ∇²L(θ)v for the θ of `evaluation`.
    func hessianVectorProduct(_ evaluation: ObjectiveEvaluation<Scalar>, along tangent: [Scalar]) -> [Scalar]
    /// ∇²L(θ)v where it is the only product at θ (∇⁴L's θ ± εv for ρ₄): the bits
    /// `hessianVectorProduct(evaluateForProducts(at: θ), along:)` gives, without keeping tapes for more
    /// products there (`KeptTapes`).
    func singleHessianVectorProduct(at θ: [Scalar], along tangent: [Scalar]) -> [Scalar]
}

extension TrainingObjective {
    public func singleHessianVectorProduct(at θ: [Scalar], along tangent: [Scalar]) -> [Scalar] {
        hessianVectorProduct(evaluateForProducts(at: θ).markingOneProduct(), along: tangent)
    }
}

/// Blocks of examples (docs/eos.md §3: "work splits over the cores, examples across threads"), and the
/// chunks a large block is evaluated in (`chunkRows`). L, ∇L and Hv are sums over examples, so each
/// block (or chunk) computes its own mean over its n_b examples and the results are combined as
/// Σ_b (n_b/n)·(block value) in block order. The block boundaries depend only on n and
/// the block count, so the result is bit-identical whether the blocks run concurrently or one after
/// another. (Multithreaded OpenBLAS is not: its GEMM results change with the thread count.)
public enum ExampleBlocks {
    /// Two blocks: the target machine's two cores. Changing it changes results in the last bits.
    public static var defaultCount: Int { 2 }
    /// Blocks smaller than this are not worth a thread.
    public static var minimumRows: Int { 100 }
    /// A feed-forward block whose tape (`SupervisedObjective.tapeScalarsPerExample` × its examples)
    /// would exceed this is evaluated in chunks whose tapes are not kept in the evaluation (`SupervisedObjective`
    /// chunks; the first HVP at a point may keep them, `KeptTapes`):
    /// a paper-size CNN tape is 1.5 MB per example, 3.8 GB for a block of 2,500, while the paper-size
    /// MLP's 106 MB block keeps its tape, so that its HVPs reuse it.
    public static var tapeBudgetBytes: Int { 1 << 30 }
    /// The tape of one chunk: 16 MB (11 examples of the paper-size CNN). Measured in `make bench`
    /// (issue 16), the paper-size CNN's gradient took 3.8 s with such chunks and 9.1 s with chunks of
    /// 500, whose 100–230 MB arrays were mmap'd and page-faulted afresh on every pass (a third of the
    /// time in `perf`). Part of the numerics where a block is chunked (the paper tier); no block of the
    /// default tier is.
    public static var chunkTapeBytes: Int { 16 << 20 }

    /// The examples per chunk for a block of n examples whose tape takes `bytesPerExample` each:
    /// `Int.max` (no chunks) when the whole tape fits `tapeBudgetBytes`, else what fits `chunkTapeBytes`.
    static func chunkRows(examples n: Int, bytesPerExample: Int) -> Int {
        n * bytesPerExample <= tapeBudgetBytes ? .max : max(1, chunkTapeBytes / max(1, bytesPerExample))
    }

    /// The [start, end) example ranges of `count` blocks of n examples, or none when a block
    /// would hold fewer than `minimumRows`.
    static func ranges(examples n: Int, count: Int) -> [Range<Int>] {
        guard count > 1, n >= count * minimumRows else { return [] }
        let rows = (n + count - 1) / count
        return stride(from: 0, to: n, by: rows).map { $0..<min(n, $0 + rows) }
    }

    /// Runs `body` once per block, concurrently unless `BlockExecution.serial` is set, results in block order.
    static func map<T>(count: Int, _ body: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            if BlockExecution.serial {
                for index in 0..<count { base[index] = body(index) }
            } else {
                DispatchQueue.concurrentPerform(iterations: count) { index in base[index] = body(index) }
            }
        }
        return results.map { $0! }
    }

    /// Σ_b w_b·s_b in block order (losses).
    static func combine<Scalar: BLASScalar>(_ values: [Scalar], weights: [Scalar]) -> Scalar {
        zip(weights, values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Σ_b w_b·v_b in block order.
    static func combine<Scalar: BLASScalar>(_ vectors: [[Scalar]], weights: [Scalar]) -> [Scalar] {
        var total = [Scalar](repeating: 0, count: vectors[0].count)
        for (weight, vector) in zip(weights, vectors) { axpy(weight, vector, &total) }
        return total
    }
}

/// How blocks of examples run: concurrently (the default) or one after another (tests use this to
/// show that the two agree bit for bit).
public enum BlockExecution {
    nonisolated(unsafe) public static var serial = false
}
