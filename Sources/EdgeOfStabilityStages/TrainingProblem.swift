import Datasets
import EdgeOfStability
import Foundation
import HDF5
import LinearAlgebra
import Networks
import Randomness
import Solvers
import StageKit

/// A network training problem of the edge-of-stability experiments: data, model, loss, the
/// initial parameters and the learning rate chosen from the initial sharpness (docs/eos.md §6).
///
/// Written by `generate` as `setup.h5`:
/// `/data/inputs` [n, d], `/data/targets` [n, C], `/data/labels` [n] (uint8), `/model/widths` (int64)
/// with attributes `architecture` (mlp | cnn), `activation` and `loss` (a CNN adds `/model/image_shape`
/// [h, w, c] and `/model/channels`), `/initial/parameters` [P], `/initial/sharpness`,
/// `/initial/eigenvector` [P], `/learning_rate`, `/sharpness_ratio`; root attribute `data_source`.
struct TrainingProblem {
    var inputs: [Double]
    var targets: [Double]
    var labels: [UInt8]
    var model: FeedForwardNetwork
    var loss: LossFunction
    var initialParameters: [Double]
    var initialSharpness: Double
    var initialEigenvector: [Double]
    var learningRate: Double
    var sharpnessRatio: Double
    var dataSource: String

    var exampleCount: Int { labels.count }

    func objective<Scalar: RealScalar>(_ type: Scalar.Type) -> SupervisedObjective<Scalar> {
        SupervisedObjective(model: model, loss: loss, inputs: inputs.map { Scalar($0) }, targets: targets.map { Scalar($0) })
    }

    /// Builds the problem from `generate` parameters:
    /// `dataset` (fashion-mnist | cifar10 | chebyshev), `examples`, `pooling`, `task` (ten-class | binary),
    /// `architecture` (mlp with `hidden_widths`, or cnn with `channels`, default [8, 8]), `activation` (tanh | elu | swish | gelu | softplus), `loss` (squared | binary_squared | cross_entropy;
    /// with `task: binary`, cross_entropy uses two outputs and one-hot targets),
    /// `sharpness_ratio` r (2/η = r·S(θ₀), η rounded to two significant digits) or `learning_rate`,
    /// `dataset_root`, `cifar_folder`, `chebyshev_degree`, `replicate` (k: the stage seed + k draws θ₀; default 0).
    static func generate(_ context: StageContext, progress: (String) -> Void = { _ in }) throws -> TrainingProblem {
        let p = context.parameters
        let dataset = try p.choice("dataset", default: DatasetName.fashionMNIST).rawValue
        let n = try p.integer("examples", in: 2...60_000)
        let pooling = try p.integer("pooling", default: 2, in: 1...8)
        let task = try p.choice("task", default: TrainingTask.tenClass).rawValue
        let activation: Activation = try p.choice("activation", default: .tanh)
        let loss = try p.choice("loss", default: task == TrainingTask.binary.rawValue ? LossName.binarySquared : .squared).function
        let architecture = try p.choice("architecture", default: Architecture.mlp).rawValue

        var inputs: [Double], targets: [Double], labels: [UInt8], inputWidth: Int, outputs: Int, source: String
        var imageShape: ImageShape?
        switch dataset {
        case "fashion-mnist", "cifar10":
            let images: ImageDataset
            if dataset == "fashion-mnist" {
                let root = try p.string("dataset_root", default: FashionMNIST.defaultRoot)
                let full = try FashionMNIST.trainingSet(root: root)
                images = try select(full, n: n, task: task, classes: (0, 6), source: root)
                source = "Debian dataset-fashion-mnist (\(root)), first \(n) training images" + (task == "binary" ? " of classes 0 (T-shirt/top, y = −1) and 6 (Shirt, y = +1)" : "")
            } else {
                let folder = try p.string("cifar_folder")
                let full = try CIFAR10.trainingSet(folder: folder)
                images = try select(full, n: n, task: task, classes: (3, 5), source: folder)
                source = "CIFAR-10 binary batches (\(folder)), first \(n) training images" + (task == "binary" ? " of classes 3 (cat, y = −1) and 5 (dog, y = +1)" : "")
            }
            var pooled = Preprocessing.pooledFeatures(images, poolingFactor: pooling)
            Preprocessing.standardisePerChannel(&pooled.features, channels: images.channels)
            inputs = pooled.features
            inputWidth = pooled.height * pooled.width * images.channels
            imageShape = ImageShape(height: pooled.height, width: pooled.width, channels: images.channels)
            labels = images.labels
            let positive = dataset == "fashion-mnist" ? UInt8(6) : UInt8(5)
            if task == "binary" && loss == .crossEntropy {
                // Two-class cross-entropy: two outputs, one-hot targets (negative class first).
                outputs = 2
                targets = labels.flatMap { $0 == positive ? [0, 1] : [1, 0] }
            } else if task == "binary" {
                outputs = 1
                targets = labels.map { $0 == positive ? 1 : -1 }
            } else {
                outputs = 10
                targets = Preprocessing.oneHot(labels, classes: 10)
            }
        case "chebyshev":
            let degree = try p.integer("chebyshev_degree", default: 4, in: 0...20)
            let data = SyntheticData.chebyshev(degree: degree, points: n)
            (inputs, targets, labels, inputWidth, outputs) = (data.x, data.y, [UInt8](repeating: 0, count: n), 1, 1)
            source = "Chebyshev regression T_\(degree) on \(n) points of [−1, 1] (Cohen et al.'s chebyshev-k-n)"
        default:
            throw ParameterError.invalid(source: p.source, field: "dataset", reason: "must be fashion-mnist, cifar10 or chebyshev, found \(dataset)")
        }
        if loss == .binarySquaredError && outputs != 1 {
            throw ParameterError.invalid(source: p.source, field: "loss", reason: "binary_squared needs task: binary")
        }
        let model: FeedForwardNetwork
        if architecture == "cnn" {
            guard let imageShape else {
                throw ParameterError.invalid(source: p.source, field: "architecture", reason: "cnn needs an image dataset, not \(dataset)")
            }
            let channels = p.values["channels"] == nil ? [8, 8] : try p.integers("channels", in: 1...4096)
            guard !channels.isEmpty, channels.allSatisfy({ $0 > 0 }) else {
                throw ParameterError.invalid(source: p.source, field: "channels", reason: "must list positive channel counts")
            }
            model = .convolutional(image: imageShape, channels: channels, outputs: outputs, activation: activation)
        } else {
            model = FeedForwardNetwork(widths: [inputWidth] + (try p.integers("hidden_widths", in: 1...100_000)) + [outputs], activation: activation)
        }
        // `replicate` k draws initialisation k of this setting (the full tier's seed table); 0 is the stage seed's own.
        let stream = RandomStream(seed: context.seed &+ UInt64(try p.integer("replicate", default: 0, in: 0...1_000_000)))
        var initialisation = stream.stream(named: "initialisation")
        let θ0 = model.initialParameters(stream: &initialisation)
        let objective = SupervisedObjective<Double>(model: model, loss: loss, inputs: inputs, targets: targets)
        try MemoryRequirement.require(objective.evaluationByteCount,
                                      for: "S(θ₀) (a float64 evaluation of n = \(objective.exampleCount), P = \(model.parameterCount))")
        let oracle = SharpnessOracle(objective: objective)
        var startStream = stream.stream(named: "eigensolver start")
        let pairs = oracle.topEigenpairs(at: objective.evaluate(at: θ0), start: startStream.normals(model.parameterCount))
        let ratio = try p.double("sharpness_ratio", default: 3, in: 1e-6...1e6)
        let learningRate = try p.values["learning_rate"].map { _ in try p.double("learning_rate", in: InputLimits.positive) }
            ?? roundToSignificantDigits(2 / (ratio * pairs.values[0]), 2)
        progress("P = \(model.parameterCount), S(θ₀) = \(pairs.values[0]), η = \(learningRate)")
        return TrainingProblem(inputs: inputs, targets: targets, labels: labels, model: model, loss: loss, initialParameters: θ0,
                               initialSharpness: pairs.values[0], initialEigenvector: pairs.vectors[0], learningRate: learningRate,
                               sharpnessRatio: 2 / (learningRate * pairs.values[0]), dataSource: source)
    }

    /// The first n images, or for the binary task the first n/2 of each of two classes (class a first).
    static func select(_ full: ImageDataset, n: Int, task: String, classes: (UInt8, UInt8), source: String) throws -> ImageDataset {
        if task == "ten-class" {
            guard n <= full.count else { throw DatasetError(file: source, message: "asked for \(n) images, the set has \(full.count)") }
            return full.prefix(n)
        }
        let half = n / 2
        let first = full.labels.indices.filter { full.labels[$0] == classes.0 }.prefix(half)
        let second = full.labels.indices.filter { full.labels[$0] == classes.1 }.prefix(half)
        guard first.count == half, second.count == half else {
            throw DatasetError(file: source, message: "not enough images of classes \(classes) for n = \(n)")
        }
        let chosen = Array(first) + Array(second)
        let size = full.featuresPerImage
        var pixels: [UInt8] = []
        pixels.reserveCapacity(chosen.count * size)
        for index in chosen { pixels += full.pixels[(index * size)..<((index + 1) * size)] }
        return ImageDataset(count: chosen.count, height: full.height, width: full.width, channels: full.channels,
                            pixels: pixels, labels: chosen.map { full.labels[$0] })
    }

    func write(to file: File) throws {
        let root = file.root
        try root.writeAttribute(dataSource, named: "data_source")
        let data = try root.createGroup(named: "data")
        try data.write(inputs, shape: [exampleCount, model.widths[0]], to: "inputs")
        try data.write(targets, shape: [exampleCount, model.widths.last!], to: "targets")
        try data.write(labels, to: "labels")
        let modelGroup = try root.createGroup(named: "model")
        try modelGroup.write(model.widths.map { Int64($0) }, to: "widths")
        if let first = model.layers.first, first.kind == .convolution {
            try modelGroup.writeAttribute("cnn", named: "architecture")
            let shape = first.inputShape
            try modelGroup.write([shape.height, shape.width, shape.channels].map { Int64($0) }, to: "image_shape")
            try modelGroup.write(model.layers.filter { $0.kind == .convolution }.map { Int64($0.outputChannels) }, to: "channels")
        } else {
            try modelGroup.writeAttribute("mlp", named: "architecture")
        }
        try modelGroup.writeAttribute(model.activation.rawValue, named: "activation")
        try modelGroup.writeAttribute(loss.rawValue, named: "loss")
        let initial = try root.createGroup(named: "initial")
        try initial.write(initialParameters, to: "parameters")
        try initial.write([initialSharpness], shape: [], to: "sharpness")
        try initial.write(initialEigenvector, to: "eigenvector")
        try root.write([learningRate], shape: [], to: "learning_rate")
        try root.write([sharpnessRatio], shape: [], to: "sharpness_ratio")
    }

    static func read(from path: String) throws -> TrainingProblem {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        let root = file.root
        let modelGroup = try root.openGroup(named: "model")
        let widths: [Int64] = try modelGroup.read("widths")
        // Sizes are checked before anything is allocated from them.
        func checkSizes(_ values: [Int64], _ dataset: String, count: ClosedRange<Int>, each: ClosedRange<Int64>) throws {
            guard count.contains(values.count), values.allSatisfy(each.contains) else {
                throw StageError.invalidInput(path: path, reason: "dataset \(dataset) = \(values) must have \(count) entries, each in \(each)")
            }
        }
        try checkSizes(widths, "/model/widths", count: 2...16, each: 1...100_000)
        guard let activation = Activation(rawValue: try modelGroup.readStringAttribute(named: "activation")),
              let loss = LossFunction(rawValue: try modelGroup.readStringAttribute(named: "loss")) else {
            throw StageError.invalidInput(path: path, reason: "/model has an unknown activation or loss")
        }
        let model: FeedForwardNetwork
        switch try modelGroup.readStringAttribute(named: "architecture") {
        case "mlp": model = FeedForwardNetwork(widths: widths.map { Int($0) }, activation: activation)
        case "cnn":
            let shape: [Int64] = try modelGroup.read("image_shape", count: 3)
            let channels: [Int64] = try modelGroup.read("channels")
            try checkSizes(shape, "/model/image_shape", count: 3...3, each: 1...4096)
            try checkSizes(channels, "/model/channels", count: 1...16, each: 1...4096)
            model = .convolutional(image: ImageShape(height: Int(shape[0]), width: Int(shape[1]), channels: Int(shape[2])),
                                   channels: channels.map { Int($0) }, outputs: Int(widths.last!), activation: activation)
        case let other: throw StageError.invalidInput(path: path, reason: "/model has an unknown architecture '\(other)'")
        }
        let data = try root.openGroup(named: "data")
        let labels: [UInt8] = try data.read("labels")
        let initial = try root.openGroup(named: "initial")
        return TrainingProblem(
            inputs: try data.read("inputs", count: labels.count * model.widths[0]),
            targets: try data.read("targets", count: labels.count * model.widths.last!), labels: labels, model: model, loss: loss,
            initialParameters: try initial.read("parameters", count: model.parameterCount),
            initialSharpness: try initial.scalar("sharpness", in: InputLimits.positive),
            initialEigenvector: try initial.read("eigenvector", count: model.parameterCount),
            learningRate: try root.scalar("learning_rate", in: InputLimits.positive),
            sharpnessRatio: try root.scalar("sharpness_ratio", in: 1e-6...1e6),
            dataSource: try root.readStringAttribute(named: "data_source"))
    }
}

/// x rounded to `digits` significant digits (η = 0.020107… → 0.02).
func roundToSignificantDigits(_ x: Double, _ digits: Int) -> Double {
    guard x != 0, x.isFinite else { return x }
    return Double(String(format: "%.\(digits)g", x)) ?? x
}

/// The closed sets of `TrainingProblem.generate`'s parameters (`Parameters.choice`).
enum DatasetName: String, ParameterChoice {
    case fashionMNIST = "fashion-mnist", cifar10, chebyshev
}

enum TrainingTask: String, ParameterChoice {
    case tenClass = "ten-class", binary
}

enum Architecture: String, ParameterChoice {
    case mlp, cnn
}

/// The loss as a definition names it.
enum LossName: String, ParameterChoice {
    case squared, binarySquared = "binary_squared", crossEntropy = "cross_entropy"

    var function: LossFunction {
        switch self {
        case .squared: return .squaredError
        case .binarySquared: return .binarySquaredError
        case .crossEntropy: return .crossEntropy
        }
    }
}

extension Activation: ParameterChoice {}
