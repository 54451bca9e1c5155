import HDF5
import LinearAlgebra
import Randomness
import Representations
import StageKit

/// What one (d, r, replicate, target) point shares across its sample sizes: written by
/// `rep.network generate` as `setup.h5` — `/subspace` (r × d), `/initial/{weights,biases,output_weights}`,
/// scalars `/dimension`, `/rank`, `/width`, `/noise_variance`, `/seed`, the target name as the
/// root attribute `target` and, when set, the stream family as `stream_family`. Training, validation
/// and test data are regenerated from the streams of `ExperimentStreams(seed, d, r, family)` and never written.
/// Algorithm 1's initialisation: the authors' code (symmetric, biases kept) or the paper's
/// (sphere weights, biases re-drawn for the second stage).
enum InitialisationVariant: String, ParameterChoice {
    case code, paper
}

extension Target: ParameterChoice {}
extension RotationInvariantKernel: ParameterChoice {}

struct PointSetup {
    var dimension: Int, rank: Int, width: Int, seed: UInt64
    /// The stream family (`stream` parameter): "" for R1(a) and what shares its draws, another name
    /// for a sweep whose points must not repeat another sweep's runs.
    var family: String
    /// `code` (the authors' initialisation, default) or `paper` (sphere weights, zero biases for
    /// the first step, biases re-drawn before the ridge).
    var variant: InitialisationVariant
    var target: Target
    var noiseVariance: Double
    var subspace: Matrix<Double>
    var initial: TwoLayerNetwork

    var streams: ExperimentStreams { ExperimentStreams(seed: seed, dimension: dimension, rank: rank, family: family) }

    /// From `generate` parameters `dimension`, `rank`, `width`, `target`, `noise_variance`, `replicate`, `stream`.
    init(parameters p: Parameters, seed: UInt64) throws {
        dimension = try p.integer("dimension", in: 1...4096)
        rank = try p.integer("rank", default: 1, in: 1...dimension)
        width = try p.integer("width", default: 1000, in: 2...100_000)
        target = try p.choice("target", default: Target.singleIndex)
        noiseVariance = try p.double("noise_variance", default: 0)
        variant = try p.choice("variant", default: InitialisationVariant.code)
        self.seed = seed &+ UInt64(try p.integer("replicate", default: 0, in: 0...1_000_000))
        family = try p.string("stream", default: "")
        let streams = ExperimentStreams(seed: self.seed, dimension: dimension, rank: rank, family: family)
        subspace = streams.subspace()
        do {
            initial = variant == .paper
                ? try TwoLayerNetwork.paperInitialisation(width: width, dimension: dimension, stream: streams.initialisation)
                : try TwoLayerNetwork.symmetricInitialisation(width: width, dimension: dimension, stream: streams.initialisation)
        } catch {
            throw ParameterError.invalid(source: p.source, field: "width", reason: "\(error)")
        }
    }

    init(path: String) throws {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        let root = file.root
        // Sizes are checked before the arrays they size are read.
        dimension = try root.count("dimension", in: 1...100_000)
        rank = try root.count("rank", in: 1...dimension)
        width = try root.count("width", in: 1...1_000_000)
        guard width * dimension <= 500_000_000 else {
            throw StageError.invalidInput(path: path, reason: "width × dimension = \(width) × \(dimension) is larger than 5e8 weights")
        }
        seed = UInt64(bitPattern: try root.read("seed", count: 1, as: Int64.self)[0])
        noiseVariance = try root.scalar("noise_variance", in: 0...1e6)
        guard let target = Target(rawValue: try root.readStringAttribute(named: "target")) else {
            throw StageError.invalidInput(path: path, reason: "unknown target attribute")
        }
        self.target = target
        let variantName = root.hasAttribute(named: "variant") ? try root.readStringAttribute(named: "variant") : InitialisationVariant.code.rawValue
        guard let variant = InitialisationVariant(rawValue: variantName) else {
            throw StageError.invalidInput(path: path, reason: "attribute variant: must be one of \(InitialisationVariant.allCases.map(\.rawValue).joined(separator: ", ")), found '\(variantName)'")
        }
        self.variant = variant
        family = root.hasAttribute(named: "stream_family") ? try root.readStringAttribute(named: "stream_family") : ""
        subspace = Matrix(rows: rank, columns: dimension, elements: try root.read("subspace", count: rank * dimension))
        let initialGroup = try root.openGroup(named: "initial")
        initial = TwoLayerNetwork(weights: Matrix(rows: width, columns: dimension, elements: try initialGroup.read("weights", count: width * dimension)),
                                  biases: try initialGroup.read("biases", count: width),
                                  outputWeights: try initialGroup.read("output_weights", count: width))
    }

    func write(to file: File) throws {
        let root = file.root
        try root.writeAttribute(target.rawValue, named: "target")
        try root.writeAttribute(variant.rawValue, named: "variant")
        if !family.isEmpty { try root.writeAttribute(family, named: "stream_family") }
        for (name, value) in [("dimension", dimension), ("rank", rank), ("width", width)] { try root.write([Int64(value)], shape: [], to: name) }
        try root.write([Int64(bitPattern: seed)], shape: [], to: "seed")
        try root.write([noiseVariance], shape: [], to: "noise_variance")
        try root.write(subspace.elements, shape: [rank, dimension], to: "subspace")
        let initialGroup = try root.createGroup(named: "initial")
        try initialGroup.write(initial.weights.elements, shape: [width, dimension], to: "weights")
        try initialGroup.write(initial.biases, to: "biases")
        try initialGroup.write(initial.outputWeights, to: "output_weights")
    }

    /// n samples (x, f*(x) + σξ) from a stream pair.
    func sample(_ inputs: GaussianInputs, noise: RandomStream, count: Int, target: Target? = nil) -> (Matrix<Double>, [Double]) {
        let x = inputs.rows(0, count)
        var clean = (target ?? self.target).values(inputs: x, subspace: subspace)
        if noiseVariance > 0 {
            var stream = noise
            let standardDeviation = noiseVariance.squareRoot()
            for index in clean.indices { clean[index] += standardDeviation * stream.normal() }
        }
        return (x, clean)
    }

    /// The second-stage biases: re-drawn from their own stream in the paper variant, else nil.
    var redrawnBiases: [Double]? {
        variant == .paper ? TwoLayerNetwork.redrawnBiases(width: width, stream: streams.stream(named: "re-drawn biases")) : nil
    }

    /// The sample size: `examples`, round(`n_over_d2`·d²), or round(`n_over_d2r`·d²·r).
    static func sampleSize(_ p: Parameters, dimension: Int, rank: Int = 1) throws -> Int {
        if p.values["examples"] != nil { return try p.integer("examples", in: 2...10_000_000) }
        let scale = p.values["n_over_d2r"] != nil ? try p.double("n_over_d2r") * Double(rank) : try p.double("n_over_d2")
        let n = Int((scale * Double(dimension * dimension)).rounded())
        guard n >= 2 else { throw ParameterError.outOfRange(source: p.source, field: "n_over_d2", value: "\(n) samples", range: "≥ 2 samples") }
        return n
    }
}
