import EdgeOfStability
import Foundation
import LinearAlgebra
import Networks
import Randomness
import Representations
import Solvers

/// `make bench`: the machine's dgemm peak first, then the project's hot loops against it; prints a
/// table and writes `bench/results.json`. Medians over repetitions after a warm-up.
struct Measurement: Codable {
    var name: String
    var milliseconds: Double
    var gflops: Double?
    var percentOfPeak: Double?
    var note: String
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// The process's peak resident memory (VmHWM in /proc/self/status), 0 where there is none.
func residentPeakBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "") else { return 0 }
    return kilobytes * 1024
}

/// Median wall time of `body` in milliseconds, after one warm-up call.
func time(repetitions: Int, _ body: () -> Void) -> Double {
    body()
    return median((0..<repetitions).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    })
}

let usage = """
    usage: bench [--only WORD...]
    Measures the machine's dgemm peak, then the project's hot loops against it; prints a table and
    writes bench/results.json (a full run takes several minutes and should have the machine to itself).
      --only WORD...  run only the benchmarks whose names contain one of the words, case-insensitive
                      (the peak always runs), e.g. --only "MLP paper" "CNN paper"
      -h, --help      print this and exit
    """
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("-h") || arguments.contains("--help") {
    print(usage)
    exit(0)
}
// Anything else that looks like a flag is refused rather than ignored: an ignored typo ran the whole
// benchmark and overwrote bench/results.json.
if let unknown = arguments.prefix(while: { $0 != "--only" }).first(where: { $0 != "--peak-only" }) {
    FileHandle.standardError.write(Data("bench: unknown argument '\(unknown)'\n\(usage)\n".utf8))
    exit(2)
}

BLASKernel.ensureKernelClass()
HeapTuning.keepFreedMemory()
/// `bench --only WORD…`: run only the benchmarks whose names contain one of the words (the peak always runs).
let onlyWords = arguments.drop { $0 != "--only" }.dropFirst().map { $0.lowercased() }
func selected(_ name: String) -> Bool { onlyWords.isEmpty || onlyWords.contains { name.lowercased().contains($0) } }
var results: [Measurement] = []
var stream = RandomStream(seed: 1)

// The machine's own limit: dgemm 2048³ (and sgemm).
let size = 2048
let a = Matrix<Double>(rows: size, columns: size, elements: stream.normals(size * size))
let b = Matrix<Double>(rows: size, columns: size, elements: stream.normals(size * size))
var c = Matrix<Double>(rows: size, columns: size)
let dgemmMilliseconds = time(repetitions: 5) { multiply(a, b, into: &c) }
let peak = 2 * Double(size * size * size) / dgemmMilliseconds / 1e6
if CommandLine.arguments.contains("--peak-only") {  // for the comparison below, in a process of its own
    print(String(format: "%.3f %.2f %@", dgemmMilliseconds, peak, BLASKernel.coreName))
    exit(0)
}
results.append(Measurement(name: "dgemm 2048³ (machine peak)", milliseconds: dgemmMilliseconds, gflops: peak, percentOfPeak: 100,
                           note: "kernel class \(BLASKernel.choice().description)"))
results.append(openBLASOwnPickPeak())

/// dgemm 2048³ with the kernel OpenBLAS picks by itself: this program again with `--peak-only`,
/// without `OPENBLAS_CORETYPE` and with the kernel class disabled.
func openBLASOwnPickPeak() -> Measurement {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    process.arguments = ["--peak-only"]
    process.environment = BLASKernel.ownPickEnvironment(ProcessInfo.processInfo.environment)
    let pipe = Pipe()
    process.standardOutput = pipe
    guard (try? process.run()) != nil else { return Measurement(name: "dgemm 2048³ (OpenBLAS's own pick)", milliseconds: .nan, note: "could not start") }
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let fields = text.split(separator: " ")
    guard fields.count == 3, let milliseconds = Double(fields[0]), let gflops = Double(fields[1]) else {
        return Measurement(name: "dgemm 2048³ (OpenBLAS's own pick)", milliseconds: .nan, note: "no result: \(text)")
    }
    return Measurement(name: "dgemm 2048³ (OpenBLAS's own pick)", milliseconds: milliseconds, gflops: gflops,
                       percentOfPeak: 100 * gflops / peak, note: "OpenBLAS's own kernel \(fields[2].trimmingCharacters(in: .whitespacesAndNewlines))")
}
let af = Matrix<Float>(rows: size, columns: size, elements: a.elements.map(Float.init))
let bf = Matrix<Float>(rows: size, columns: size, elements: b.elements.map(Float.init))
var cf = Matrix<Float>(rows: size, columns: size)
let sgemmMilliseconds = time(repetitions: 5) { multiply(af, bf, into: &cf) }
results.append(Measurement(name: "sgemm 2048³", milliseconds: sgemmMilliseconds, gflops: 2 * Double(size * size * size) / sgemmMilliseconds / 1e6,
                           percentOfPeak: nil, note: "single precision"))

/// Gradient and HVP of a network on random data. Flops count the GEMMs: per layer F_l = 2·n·(outputs
/// per example)·fan-in; a gradient is 2F_l (forward, weight gradient) plus F_l for the signal passed
/// back (layers after the first); an HVP is 2F₀ + 6F_l (tangent forward and backward, both terms).
/// n one-hot rows over C classes, example i in class i mod C.
func oneHotTargets(examples n: Int, classes C: Int) -> [Double] {
    var targets = [Double](repeating: 0, count: n * C)
    for row in 0..<n { targets[row * C + row % C] = 1 }
    return targets
}

/// `phaseOneGradient`: also time the Float32 gradient, phase 1's step.
func benchmarkNetwork(_ kind: String, label: String, n: Int, model: FeedForwardNetwork, repetitions: Int, phaseOneGradient: Bool = false) {
    var rng = RandomStream(seed: 2)
    let inputs = rng.normals(n * model.widths[0])
    let targets = oneHotTargets(examples: n, classes: model.widths.last!)
    let objective = SupervisedObjective<Double>(model: model, loss: .squaredError, inputs: inputs, targets: targets)
    let θ = model.initialParameters(stream: &rng)
    // Per layer, F_l times the GEMMs of a gradient (2 for the first layer, 3 after it) and of an HVP
    // (2, 6), plus, when a chunked HVP rebuilds each chunk's tape first, a forward pass and the
    // backward signals (1, 2).
    let rebuild = objective.rebuildsTapeForProducts
    let layerFlops = model.layers.map { 2 * Double(n * $0.outputWidth * $0.fanIn) }
    let gradientLayerFlops = layerFlops.enumerated().map { $1 * ($0 == 0 ? 2 : 3) }
    let hvpLayerFlops = layerFlops.enumerated().map { $1 * ($0 == 0 ? 2 : 6) }
    let rebuildLayerFlops = layerFlops.enumerated().map { $1 * ($0 == 0 ? 1 : 2) }
    let gradientFlops = gradientLayerFlops.reduce(0, +), hvpFlops = hvpLayerFlops.reduce(0, +)
    let gradient = time(repetitions: repetitions) { _ = objective.evaluate(at: θ) }
    let evaluation = objective.evaluate(at: θ)
    let v = rng.normals(model.parameterCount)
    // A chunked objective rebuilds each chunk's tape for a single product at a point; the first of
    // several copies them into its kept tapes if they fit (`KeptTapes`), and the next ones read them.
    let singleHVP = rebuild ? time(repetitions: repetitions) { _ = objective.singleHessianVectorProduct(at: θ, along: v) } : nil
    let keepingHVP = rebuild ? time(repetitions: repetitions) { _ = objective.hessianVectorProduct(objective.evaluateForProducts(at: θ), along: v) } : nil
    let hvp = time(repetitions: repetitions) { _ = objective.hessianVectorProduct(evaluation, along: v) }
    let shape = model.isPerceptron ? "\(model.widths)" : "\(model.layers.map { "\($0.kind.rawValue)(\($0.outputChannels))" }.joined(separator: "→"))"
    results.append(Measurement(name: "\(kind) gradient, \(label)", milliseconds: gradient, gflops: gradientFlops / gradient / 1e6,
                               percentOfPeak: 100 * gradientFlops / gradient / 1e6 / peak, note: "n = \(n), \(shape), P = \(model.parameterCount), float64, \(objective.blockCount) block(s) × 1 BLAS thread"))
    let rebuildFlops = hvpFlops + rebuildLayerFlops.reduce(0, +)
    let kept = objective.keptTapeByteCount
    if let singleHVP {
        results.append(Measurement(name: "\(kind) HVP, \(label), single product at a point", milliseconds: singleHVP, gflops: rebuildFlops / singleHVP / 1e6,
                                   percentOfPeak: 100 * rebuildFlops / singleHVP / 1e6 / peak,
                                   note: "R-operator, rebuilds each chunk's tape first (ρ₄'s θ ± εv); HVP/gradient = \(String(format: "%.2f", singleHVP / gradient))"))
    }
    if let keepingHVP, kept > 0 {
        results.append(Measurement(name: "\(kind) HVP, \(label), first of several at a point", milliseconds: keepingHVP, gflops: rebuildFlops / keepingHVP / 1e6,
                                   percentOfPeak: 100 * rebuildFlops / keepingHVP / 1e6 / peak,
                                   note: "R-operator, rebuilds each chunk's tape and copies it into the block's kept tapes for the next HVPs there (KeptTapes)"))
    }
    let keptHVPFlops = rebuild && kept == 0 ? rebuildFlops : hvpFlops  // too large to keep: every HVP rebuilds
    results.append(Measurement(name: "\(kind) HVP, \(label)", milliseconds: hvp, gflops: keptHVPFlops / hvp / 1e6,
                               percentOfPeak: 100 * keptHVPFlops / hvp / 1e6 / peak,
                               note: (!rebuild ? "R-operator, reuses the point's forward pass"
                                        : kept > 0 ? "R-operator, reads the chunk tapes kept at the point (\(String(format: "%.1f", Double(kept) / 1e9)) GB)"
                                        : "R-operator, rebuilds each chunk's tape first (too large to keep)")
                                   + "; HVP/gradient = \(String(format: "%.2f", hvp / gradient))"
                                   + (rebuild ? "; peak resident \(String(format: "%.1f", Double(residentPeakBytes()) / 1e9)) GB" : "")))
    if label == "paper size" {
        perLayer(kind, label, model: model, what: "gradient", flops: gradientLayerFlops) { _ = objective.evaluate(at: θ) }
        perLayer(kind, label, model: model, what: "HVP", flops: hvpLayerFlops) { _ = objective.hessianVectorProduct(evaluation, along: v) }
        if rebuild {
            perLayer(kind, label, model: model, what: "single HVP", flops: zip(hvpLayerFlops, rebuildLayerFlops).map(+)) {
                _ = objective.singleHessianVectorProduct(at: θ, along: v)
            }
        }
    }
    if label == "paper size" {
        // ∇S as the pipeline computes it (issue 16): the second difference of gradients at θ ± εu,
        // beside the central difference of HVPs it replaced (`sharpnessGradientFromProducts`).
        let oracle = SharpnessOracle(objective: objective)
        var u = v
        scale(&u, by: 1 / norm(u))
        let secondDifference = time(repetitions: repetitions) { _ = oracle.sharpnessGradient(at: θ, gradient: evaluation.gradient, eigenvector: u) }
        results.append(Measurement(name: "∇S (two gradients at θ ± εu), \(kind) \(label)", milliseconds: secondDifference, gflops: nil,
                                   percentOfPeak: nil, note: "the pipeline's: second difference of gradients"))
        let centralDifference = time(repetitions: repetitions) { _ = oracle.sharpnessGradientFromProducts(at: θ, eigenvector: u) }
        results.append(Measurement(name: "∇S (two HVPs at θ ± εu), \(kind) \(label)", milliseconds: centralDifference, gflops: nil, percentOfPeak: nil,
                                   note: "the central difference of HVPs it replaced: a single product at each point"))
    }
    if phaseOneGradient {
        let objective32 = SupervisedObjective<Float>(model: model, loss: .squaredError, inputs: inputs.map(Float.init), targets: targets.map(Float.init))
        let θ32 = θ.map(Float.init)
        let gradient32 = time(repetitions: repetitions) { _ = objective32.evaluate(at: θ32) }
        results.append(Measurement(name: "\(kind) gradient float32, \(label)", milliseconds: gradient32, gflops: gradientFlops / gradient32 / 1e6,
                                   percentOfPeak: nil, note: "phase 1's step; float32 / float64 time = \(String(format: "%.2f", gradient32 / gradient))"))
    }
    if label == "default tier" {
        let oracle = SharpnessOracle(objective: objective)
        var applications = 0
        let start = rng.normals(model.parameterCount)
        let cold = time(repetitions: 3) { applications = oracle.topEigenpairs(at: evaluation, start: start).operatorApplications }
        results.append(Measurement(name: "top eigenpair, cold start, \(kind) \(label)", milliseconds: cold, gflops: nil, percentOfPeak: nil,
                                   note: "\(applications) HVPs (Lanczos, tolerance 1e-9)"))
    }
}
/// One row per layer of where one gradient (or HVP) spends its time (`PassTimings`): thread-seconds
/// of lowering, GEMMs, elementwise passes and raising (the loss counted with the last layer), and
/// the layer's GEMM GFLOP/s per thread against one core's share of the peak.
func perLayer(_ kind: String, _ label: String, model: FeedForwardNetwork, what: String, flops: [Double], _ body: () -> Void) {
    let timings = PassTimings()
    PassTimings.current = timings
    body()
    PassTimings.current = nil
    let corePeak = peak / Double(ExampleBlocks.defaultCount)
    for (layer, map) in model.layers.enumerated() {
        let parts = PassTimings.Part.allCases.map { ($0, timings.seconds(layer: layer, $0)) }
        let total = parts.reduce(0) { $0 + $1.1 }, gemm = timings.seconds(layer: layer, .gemm)
        let description = map.kind == .convolution ? "conv 3×3, \(map.fanIn / 9)→\(map.outputChannels)" : "dense \(map.fanIn)→\(map.outputChannels)"
        let breakdown = parts.filter { $0.1 > 0 }.map { String(format: "%@ %.0f", $0.0.rawValue, $0.1 * 1e3) }.joined(separator: ", ")
        results.append(Measurement(name: "  \(kind) \(what) layer \(layer + 1), \(label)", milliseconds: total * 1e3, gflops: flops[layer] / gemm / 1e9,
                                   percentOfPeak: 100 * flops[layer] / gemm / 1e9 / corePeak,
                                   note: "\(description), \(map.positions) position(s): thread-ms \(breakdown); GFLOP/s of the GEMMs per thread, % of a core's share"))
    }
}

// From here on, the stages' configuration: one BLAS thread per block of examples, two blocks on
// two threads (`ExampleBlocks.defaultCount`; multithreaded GEMM is not bit-reproducible).
BLASKernel.setThreadCount(1)
if selected("MLP paper") { benchmarkNetwork("MLP", label: "paper size", n: 5000, model: FeedForwardNetwork(widths: [3072, 200, 200, 10], activation: .tanh), repetitions: 5,
                                            phaseOneGradient: true) }
if selected("MLP default") { benchmarkNetwork("MLP", label: "default tier", n: 500, model: FeedForwardNetwork(widths: [196, 32, 32, 10], activation: .tanh), repetitions: 20) }
if selected("CNN paper") { benchmarkNetwork("CNN", label: "paper size", n: 5000, model: .convolutional(image: ImageShape(height: 28, width: 28, channels: 1), channels: [32, 32],
                                                                          outputs: 1, activation: .tanh), repetitions: 2, phaseOneGradient: true) }
if selected("CNN default") { benchmarkNetwork("CNN", label: "default tier", n: 250, model: .convolutional(image: ImageShape(height: 14, width: 14, channels: 1), channels: [8, 8],
                                                                              outputs: 10, activation: .tanh), repetitions: 20) }

/// The Transformer column's objective (issue 17): a gradient and a dual-number HVP on random token
/// sequences, one example at a time in scalar loops on two blocks. Flops: the forward pass's
/// 2·T·L·(4d² + 2dh + 2Td) per example, times 3 for the gradient.
func benchmarkTransformer(label: String, n: Int, model: Transformer, repetitions: Int) {
    var rng = RandomStream(seed: 4)
    let tokens = (0..<(n * model.length)).map { _ in Double(rng.next() % UInt64(model.vocabulary)) }
    let targets = (0..<n).map { $0 % 2 == 0 ? 1.0 : -1.0 }
    let objective = TransformerObjective<Double>(model: model, tokens: tokens, targets: targets)
    var θ = model.initialParameters(stream: &rng)
    for index in θ.indices { θ[index] += 0.01 * rng.normal() }  // a non-zero head
    let (T, d, h) = (Double(model.length), Double(model.width), Double(model.hiddenWidth))
    let gradientFlops = 3 * Double(n) * 2 * T * Double(model.layers) * (4 * d * d + 2 * d * h + 2 * T * d)
    let gradient = time(repetitions: repetitions) { _ = objective.evaluate(at: θ) }
    let evaluation = objective.evaluate(at: θ)
    let v = rng.normals(model.parameterCount)
    let hvp = time(repetitions: repetitions) { _ = objective.hessianVectorProduct(evaluation, along: v) }
    let shape = "T = \(model.length), d = \(model.width), \(model.heads) heads, \(model.layers) layers, V = \(model.vocabulary)"
    results.append(Measurement(name: "Transformer gradient, \(label)", milliseconds: gradient, gflops: gradientFlops / gradient / 1e6,
                               percentOfPeak: 100 * gradientFlops / gradient / 1e6 / peak,
                               note: "n = \(n), \(shape), P = \(model.parameterCount), float64, scalar loops, \(ExampleBlocks.defaultCount) blocks"))
    results.append(Measurement(name: "Transformer HVP, \(label)", milliseconds: hvp, gflops: nil, percentOfPeak: nil,
                               note: "dual numbers through forward and backward; HVP/gradient = \(String(format: "%.2f", hvp / gradient))"))
}
if selected("Transformer default") {
    benchmarkTransformer(label: "default tier", n: 200, model: Transformer(vocabulary: 32, length: 8, width: 8, heads: 2, layers: 2, hiddenWidth: 8,
                                                                           outputs: 1, activation: .tanh), repetitions: 20)
}
if selected("Transformer paper") {
    // Paper size per example (T = 64, d = 64); n = 500 here, and the time grows linearly in n.
    benchmarkTransformer(label: "paper size at n = 500", n: 500, model: Transformer(vocabulary: 4096, length: 64, width: 64, heads: 2, layers: 2,
                                                                                    hiddenWidth: 64, outputs: 1, activation: .tanh), repetitions: 1)
}

/// One tracked step of the self-stabilization experiment (GD, gradient flow, θ† with 3 linear
/// projections, the predicted dynamics, exact sharpness at θ and θ† + v*, β tracks), on random
/// data with 2/η just below the initial sharpness so that the projection is active. The median
/// leaves out step 0, which holds the first 50-step check (top-2 eigenpairs, loss slice, ρ₃, ρ₄).
func benchmarkTrackedStep(label: String, n: Int, widths: [Int], repetitions: Int) {
    let model = FeedForwardNetwork(widths: widths, activation: .tanh)
    var rng = RandomStream(seed: 3)
    let objective = SupervisedObjective<Double>(model: model, loss: .squaredError, inputs: rng.normals(n * widths[0]),
                                                targets: oneHotTargets(examples: n, classes: widths.last!))
    let oracle = SharpnessOracle(objective: objective)
    let θ0 = model.initialParameters(stream: &rng)
    let start = oracle.topEigenpairs(at: objective.evaluateForProducts(at: θ0), start: rng.normals(model.parameterCount))
    var settings = TrackingSettings(learningRate: 2 / (0.98 * start.values[0]), steps: 1000)
    settings.eigengapLimit = .infinity  // random data at initialisation has no eigengap; keep stepping
    let tracker = Tracker(oracle: oracle, settings: settings, start: θ0, eigenvector: start.vectors[0])
    // A step that throws (the tracker diverged or finished) ends the measurement: no timing of no-ops.
    var failure: Error?
    func step() {
        guard failure == nil else { return }
        do { try tracker.advance() } catch { failure = error }
    }
    step()
    let before = tracker.state.hessianVectorProducts, beforeByPurpose = tracker.state.productsByPurpose
    let milliseconds = time(repetitions: repetitions, step)
    let perStep = Double(tracker.state.hessianVectorProducts - before) / Double(repetitions + 1)
    if let stop = failure.map({ "\($0)" }) ?? tracker.state.stopReason {
        results.append(Measurement(name: "one tracked step, \(label)", milliseconds: .nan, gflops: nil, percentOfPeak: nil,
                                   note: "not measured: the tracker stopped (\(stop))"))
        return
    }
    let byPurpose = HessianVectorProductPurpose.allCases.map {
        String(format: "%@ %.1f", $0.rawValue, Double(tracker.state.productsByPurpose[$0.index] - beforeByPurpose[$0.index]) / Double(repetitions + 1))
    }.joined(separator: ", ")
    results.append(Measurement(name: "one tracked step, \(label)", milliseconds: milliseconds, gflops: nil, percentOfPeak: nil,
                               note: String(format: "n = %d, %@, %.1f HVPs per step: %@", n, "\(widths)", perStep, byPurpose)))
}
if selected("tracked step") {
    benchmarkTrackedStep(label: "default tier", n: 500, widths: [196, 32, 32, 10], repetitions: 9)
    benchmarkTrackedStep(label: "paper tier", n: 5000, widths: [784, 200, 200, 10], repetitions: 2)
}

// One representation-learning training run at its largest default point (d = 128, n = 8d², m = 1000).
if selected("Algorithm 1") { do {
    let d = 128, n = 8 * d * d
    let streams = ExperimentStreams(seed: 0, dimension: d, rank: 1)
    let u = streams.subspace()
    let x = streams.training.rows(0, n), xv = streams.validation.rows(0, 10_000)
    let initial = try TwoLayerNetwork.symmetricInitialisation(width: 1000, dimension: d, stream: streams.initialisation)
    let y = Target.singleIndex.values(inputs: x, subspace: u), yv = Target.singleIndex.values(inputs: xv, subspace: u)
    let milliseconds = time(repetitions: 1) { _ = try? AlgorithmOne.run(initial: initial, inputs: x, labels: y, validationInputs: xv, validationLabels: yv) }
    let flops = 4 * Double(n) * 500 * Double(d) + 2 * Double(n) * 1000 * Double(d) + 2 * Double(n) * 1000 * 1000 + 9e9 + 2 * 10_000 * 1000 * Double(d)
    results.append(Measurement(name: "Algorithm 1, d = 128, n = 131072, m = 1000", milliseconds: milliseconds, gflops: flops / milliseconds / 1e6,
                               percentOfPeak: 100 * flops / milliseconds / 1e6 / peak, note: "one step + ridge path + validation"))
} catch {
    print("Algorithm 1 benchmark failed: \(error)")
} }

func column(_ text: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
}
print(column("benchmark", 46, left: true) + column("median ms", 12) + column("GFLOP/s", 10) + column("% peak", 8) + "  note")
for result in results {
    let gflops = result.gflops.map { String(format: "%.1f", $0) } ?? "-"
    let percent = result.percentOfPeak.map { String(format: "%.0f", $0) } ?? "-"
    print(column(result.name, 46, left: true) + column(String(format: "%.2f", result.milliseconds), 12) + column(gflops, 10)
          + column(percent, 8) + "  " + result.note)
}
try? FileManager.default.createDirectory(atPath: "bench", withIntermediateDirectories: true)
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
struct Report: Codable { var date: String; var cores: Int; var kernel: String; var results: [Measurement] }
let report = Report(date: ISO8601DateFormatter().string(from: Date()), cores: ProcessInfo.processInfo.activeProcessorCount,
                    kernel: BLASKernel.coreName, results: results)
if let data = try? encoder.encode(report) { try? data.write(to: URL(fileURLWithPath: "bench/results.json")) }
