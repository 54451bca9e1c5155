import LinearAlgebra
import Randomness

/// The authors' demo setting (docs/representations.md §2 item 7): target T0 with label noise σ² = 1,
/// n = 10 000, d = 100, m = 1 000, 10 000 validation and test samples. The authors' code prints
/// "expected value is ~0.096" (float32); the spec's band is [0.03, 0.15].
public enum RepresentationDemo {
    /// The excess test loss mean((a·h(x) − (y − C0 − C1·x))²) − σ² of Algorithm 1.
    public static func excessTestLoss(seed: UInt64, examples n: Int = 10_000, dimension d: Int = 100, width m: Int = 1000) throws -> Double {
        let streams = ExperimentStreams(seed: seed, dimension: d, rank: 1)
        let u = streams.subspace()
        let noise = 1.0
        func sample(_ inputs: GaussianInputs, _ noiseStream: RandomStream, count: Int) -> (Matrix<Double>, [Double]) {
            let x = inputs.rows(0, count)
            var noiseValues = noiseStream
            let y = zip(Target.demo.values(inputs: x, subspace: u), noiseValues.normals(count)).map { $0 + noise.squareRoot() * $1 }
            return (x, y)
        }
        let (x, y) = sample(streams.training, streams.trainingNoise, count: n)
        let (xv, yv) = sample(streams.validation, streams.validationNoise, count: 10_000)
        let (xt, yt) = sample(streams.test, streams.testNoise, count: 10_000)
        let initial = try TwoLayerNetwork.symmetricInitialisation(width: m, dimension: d, stream: streams.initialisation)
        let result = try AlgorithmOne.run(initial: initial, inputs: x, labels: y, validationInputs: xv, validationLabels: yv)
        let residual = AlgorithmOne.residualise(yt, inputs: xt, constant: result.constant, linear: result.linear)
        return RepresentationMetrics.meanSquaredError(result.network.outputs(xt), residual) - noise
    }
}

/// The independent random streams of one experiment point (docs/representations.md §8): they depend on
/// (seed, d, r, label) and never on n, so every n of a sweep shares U, W⁽⁰⁾ and the test set, and
/// training sets are nested prefixes.
public struct ExperimentStreams {
    let root: RandomStream
    public let dimension: Int
    public let rank: Int

    /// The streams of one (seed, d, r) point; a non-empty `family` (e.g. "same-d") gives a family of
    /// experiments streams of its own, so its points are not the same draws as another family's.
    public init(seed: UInt64, dimension: Int, rank: Int, family: String = "") {
        root = RandomStream(seed: seed).stream(named: "d=\(dimension),r=\(rank)" + (family.isEmpty ? "" : ",\(family)"))
        self.dimension = dimension
        self.rank = rank
    }

    public func subspace() -> Matrix<Double> {
        var stream = root.stream(named: "U")
        return relevantSubspace(dimension: dimension, rank: rank, stream: &stream)
    }
    public var initialisation: RandomStream { root.stream(named: "initialisation") }
    public var training: GaussianInputs { GaussianInputs(dimension: dimension, stream: root.stream(named: "train x")) }
    public var trainingNoise: RandomStream { root.stream(named: "train noise") }
    public var validation: GaussianInputs { GaussianInputs(dimension: dimension, stream: root.stream(named: "validation x")) }
    public var validationNoise: RandomStream { root.stream(named: "validation noise") }
    public var test: GaussianInputs { GaussianInputs(dimension: dimension, stream: root.stream(named: "test x")) }
    public var testNoise: RandomStream { root.stream(named: "test noise") }
    /// Any further named stream of this point (e.g. "re-drawn biases").
    public func stream(named label: String) -> RandomStream { root.stream(named: label) }
    /// Fresh inputs (and, through `.stream`, noise) for a transfer target task on the same U.
    public func transfer(_ label: String) -> GaussianInputs { GaussianInputs(dimension: dimension, stream: root.stream(named: "transfer " + label)) }
}
