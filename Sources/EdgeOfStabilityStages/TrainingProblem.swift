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
/// with attributes `architecture` (mlp | cnn | transformer), `activation` and `loss` (a CNN adds
/// `/model/image_shape` [h, w, c] and `/model/channels`; a Transformer has widths [T, C], token ids as
/// its inputs and `/model/transformer` [vocabulary, length, width, heads, layers, hidden width]),
/// `/initial/parameters` [P], `/initial/sharpness`,
/// `/initial/eigenvector` [P], `/learning_rate`, `/sharpness_ratio`; root attribute `data_source`.
struct TrainingProblem {
    var inputs: [Double]
    var targets: [Double]
    var labels: [UInt8]
    var model: TrainingNetwork
    var loss: LossFunction
    var initialParameters: [Double]
    var initialSharpness: Double
    var initialEigenvector: [Double]
    var learningRate: Double
    var sharpnessRatio: Double
    var dataSource: String

    var exampleCount: Int { labels.count }

    func objective<Scalar: RealScalar>(_ type: Scalar.Type) -> any TrainingObjective<Scalar> {
        model.objective(loss: loss, inputs: inputs.map { Scalar($0) }, targets: targets.map { Scalar($0) })
    }

    /// Builds the problem from `generate` parameters:
    /// `dataset` (fashion-mnist | cifar10 | chebyshev), `examples`, `pooling`, `task` (ten-class | binary),
    /// `architecture` (mlp with `hidden_widths`, or cnn with `channels`, default [8, 8]), `activation` (tanh | elu | swish | gelu | softplus), `loss` (squared | binary_squared | cross_entropy;
    /// with `task: binary`, cross_entropy uses two outputs and one-hot targets),
    /// `sharpness_ratio` r (2/η = r·S(θ₀), η rounded to two significant digits) or `learning_rate`,
    /// `dataset_root`, `cifar_folder`, `chebyshev_degree`, `replicate` (k: the stage seed + k draws θ₀; default 0).
    /// Sequence datasets (polarity | sst2, with `length`, `vocabulary` and for sst2 `sst2_file`) go with
    /// `architecture: transformer` (`width`, `heads`, `layers`, `hidden_width`) and a squared loss.
    static func generate(_ context: StageContext, progress: (String) -> Void = { _ in }) throws -> TrainingProblem {
        let p = context.parameters
        let datasetName = try p.choice("dataset", default: DatasetName.fashionMNIST), dataset = datasetName.rawValue
        let n = try p.integer("examples", in: 2...60_000)
        let pooling = try p.integer("pooling", default: 2, in: 1...8)
        let task: TrainingTask = try p.choice("task", default: datasetName.isSequences ? .binary : .tenClass)
        let activation: Activation = try p.choice("activation", default: .tanh)
        let loss = try p.choice("loss", default: task == .binary ? LossName.binarySquared : .squared).function
        let architecture: Architecture = try p.choice("architecture", default: .mlp)

        var inputs: [Double], targets: [Double], labels: [UInt8], inputWidth: Int, outputs: Int, source: String
        var imageShape: ImageShape?
        var sequenceShape: (length: Int, vocabulary: Int)?
        switch datasetName {
        case .fashionMNIST, .cifar10:
            let images: ImageDataset
            if datasetName == .fashionMNIST {
                let root = try p.string("dataset_root", default: FashionMNIST.defaultRoot)
                let full = try FashionMNIST.trainingSet(root: root)
                images = try select(full, n: n, task: task, classes: (0, 6), source: root)
                source = "Debian dataset-fashion-mnist (\(root)), first \(n) training images" + (task == .binary ? " of classes 0 (T-shirt/top, y = −1) and 6 (Shirt, y = +1)" : "")
            } else {
                let folder = try p.string("cifar_folder")
                let full = try CIFAR10.trainingSet(folder: folder)
                images = try select(full, n: n, task: task, classes: (3, 5), source: folder)
                source = "CIFAR-10 binary batches (\(folder)), first \(n) training images" + (task == .binary ? " of classes 3 (cat, y = −1) and 5 (dog, y = +1)" : "")
            }
            var pooled = Preprocessing.pooledFeatures(images, poolingFactor: pooling)
            Preprocessing.standardisePerChannel(&pooled.features, channels: images.channels)
            inputs = pooled.features
            inputWidth = pooled.height * pooled.width * images.channels
            imageShape = ImageShape(height: pooled.height, width: pooled.width, channels: images.channels)
            labels = images.labels
            let positive = datasetName == .fashionMNIST ? UInt8(6) : UInt8(5)
            if task == .binary && loss == .crossEntropy {
                // Two-class cross-entropy: two outputs, one-hot targets (negative class first).
                outputs = 2
                targets = labels.flatMap { $0 == positive ? [0, 1] : [1, 0] }
            } else if task == .binary {
                outputs = 1
                targets = labels.map { $0 == positive ? 1 : -1 }
            } else {
                outputs = 10
                targets = Preprocessing.oneHot(labels, classes: 10)
            }
        case .chebyshev:
            let degree = try p.integer("chebyshev_degree", default: 4, in: 0...20)
            let data = SyntheticData.chebyshev(degree: degree, points: n)
            (inputs, targets, labels, inputWidth, outputs) = (data.x, data.y, [UInt8](repeating: 0, count: n), 1, 1)
            source = "Chebyshev regression T_\(degree) on \(n) points of [−1, 1] (Cohen et al.'s chebyshev-k-n)"
        case .polarity, .sst2:
            guard task == .binary else {
                throw ParameterError.invalid(source: p.source, field: "task", reason: "\(dataset) is a binary task")
            }
            let length = try p.integer("length", default: 16, in: 2...512)
            let vocabulary = try p.integer("vocabulary", default: 64, in: 10...1_000_000)
            let sequences: SequenceDataset
            if datasetName == .polarity {
                var dataStream = RandomStream(seed: context.seed).stream(named: "polarity data")
                sequences = PolarityTask.generate(examples: n, length: length, vocabulary: vocabulary, stream: &dataStream)
                source = "synthetic polarity task (docs/data.md §7): \(n) sentences of ≤ \(length) tokens, vocabulary \(vocabulary), stage seed \(context.seed)"
            } else {
                let file = try p.string("sst2_file")
                sequences = try SST2.read(file: file, examples: n, length: length, vocabulary: vocabulary)
                source = "GLUE SST-2 (\(file)), first \(n / 2) negative and first \(n / 2) positive sentences, whitespace tokens, vocabulary \(vocabulary)"
            }
            inputs = sequences.tokens.map(Double.init)
            targets = sequences.labels.map(Double.init)
            labels = sequences.labels.map { $0 > 0 ? 1 : 0 }
            (inputWidth, outputs) = (length, 1)
            sequenceShape = (length, vocabulary)
        }
        if loss == .binarySquaredError && outputs != 1 {
            throw ParameterError.invalid(source: p.source, field: "loss", reason: "binary_squared needs task: binary")
        }
        let model: TrainingNetwork
        if let sequenceShape {
            guard architecture == .transformer else {
                throw ParameterError.invalid(source: p.source, field: "architecture", reason: "\(dataset) needs architecture: transformer")
            }
            let width = try p.integer("width", default: 16, in: 1...4096)
            let heads = try p.integer("heads", default: 2, in: 1...64)
            guard width % heads == 0 else {
                throw ParameterError.invalid(source: p.source, field: "heads", reason: "must divide width \(width), found \(heads)")
            }
            model = .transformer(Transformer(vocabulary: sequenceShape.vocabulary, length: sequenceShape.length, width: width, heads: heads,
                                             layers: try p.integer("layers", default: 2, in: 1...16),
                                             hiddenWidth: try p.integer("hidden_width", default: width, in: 1...16_384),
                                             outputs: outputs, activation: activation))
            guard model.supports(loss) else {
                throw ParameterError.invalid(source: p.source, field: "loss", reason: "the transformer is trained with a squared loss (binary_squared)")
            }
        } else if architecture == .transformer {
            throw ParameterError.invalid(source: p.source, field: "architecture", reason: "transformer needs a sequence dataset (polarity or sst2), not \(dataset)")
        } else if architecture == .cnn {
            guard let imageShape else {
                throw ParameterError.invalid(source: p.source, field: "architecture", reason: "cnn needs an image dataset, not \(dataset)")
            }
            let channels = p.values["channels"] == nil ? [8, 8] : try p.integers("channels", in: 1...4096)
            guard !channels.isEmpty, channels.allSatisfy({ $0 > 0 }) else {
                throw ParameterError.invalid(source: p.source, field: "channels", reason: "must list positive channel counts")
            }
            model = .feedForward(.convolutional(image: imageShape, channels: channels, outputs: outputs, activation: activation))
        } else {
            model = .feedForward(FeedForwardNetwork(widths: [inputWidth] + (try p.integers("hidden_widths", in: 1...100_000)) + [outputs],
                                                    activation: activation))
        }
        // `replicate` k draws initialisation k of this setting (the full tier's seed table); 0 is the stage seed's own.
        let stream = RandomStream(seed: context.seed &+ UInt64(try p.integer("replicate", default: 0, in: 0...1_000_000)))
        var initialisation = stream.stream(named: "initialisation")
        let θ0 = model.initialParameters(stream: &initialisation)
        let objective: any TrainingObjective<Double> = model.objective(loss: loss, inputs: inputs, targets: targets)
        try MemoryRequirement.require(objective.evaluationByteCount + objective.keptTapeByteCount,
                                      for: "S(θ₀) (a float64 evaluation of n = \(objective.exampleCount), P = \(model.parameterCount))")
        let oracle = SharpnessOracle(objective: objective)
        var startStream = stream.stream(named: "eigensolver start")
        let pairs = oracle.topEigenpairs(at: objective.evaluateForProducts(at: θ0), start: startStream.normals(model.parameterCount))
        let ratio = try p.double("sharpness_ratio", default: 3, in: 1e-6...1e6)
        let learningRate = try p.values["learning_rate"].map { _ in try p.double("learning_rate", in: InputLimits.positive) }
            ?? roundToSignificantDigits(2 / (ratio * pairs.values[0]), 2)
        progress("P = \(model.parameterCount), S(θ₀) = \(pairs.values[0]), η = \(learningRate)")
        return TrainingProblem(inputs: inputs, targets: targets, labels: labels, model: model, loss: loss, initialParameters: θ0,
                               initialSharpness: pairs.values[0], initialEigenvector: pairs.vectors[0], learningRate: learningRate,
                               sharpnessRatio: 2 / (learningRate * pairs.values[0]), dataSource: source)
    }

    /// The first n images, or for the binary task the first n/2 of each of two classes (class a first).
    static func select(_ full: ImageDataset, n: Int, task: TrainingTask, classes: (UInt8, UInt8), source: String) throws -> ImageDataset {
        if task == .tenClass {
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
        try data.write(inputs, shape: [exampleCount, model.inputWidth], to: "inputs")
        try data.write(targets, shape: [exampleCount, model.outputWidth], to: "targets")
        try data.write(labels, to: "labels")
        let modelGroup = try root.createGroup(named: "model")
        switch model {
        case .feedForward(let network):
            try modelGroup.write(network.widths.map { Int64($0) }, to: "widths")
            if let first = network.layers.first, first.kind == .convolution {
                try modelGroup.writeAttribute(Architecture.cnn.rawValue, named: "architecture")
                let shape = first.inputShape
                try modelGroup.write([shape.height, shape.width, shape.channels].map { Int64($0) }, to: "image_shape")
                try modelGroup.write(network.layers.filter { $0.kind == .convolution }.map { Int64($0.outputChannels) }, to: "channels")
            } else {
                try modelGroup.writeAttribute(Architecture.mlp.rawValue, named: "architecture")
            }
        case .transformer(let network):
            try modelGroup.write([network.length, network.outputs].map { Int64($0) }, to: "widths")
            try modelGroup.writeAttribute(Architecture.transformer.rawValue, named: "architecture")
            try modelGroup.write([network.vocabulary, network.length, network.width, network.heads, network.layers, network.hiddenWidth]
                                    .map { Int64($0) }, to: "transformer")
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
        let model: TrainingNetwork
        let architectureName = try modelGroup.readStringAttribute(named: "architecture")
        switch Architecture(rawValue: architectureName) {
        case .mlp: model = .feedForward(FeedForwardNetwork(widths: widths.map { Int($0) }, activation: activation))
        case .cnn:
            let shape: [Int64] = try modelGroup.read("image_shape", count: 3)
            let channels: [Int64] = try modelGroup.read("channels")
            try checkSizes(shape, "/model/image_shape", count: 3...3, each: 1...4096)
            try checkSizes(channels, "/model/channels", count: 1...16, each: 1...4096)
            model = .feedForward(.convolutional(image: ImageShape(height: Int(shape[0]), width: Int(shape[1]), channels: Int(shape[2])),
                                                channels: channels.map { Int($0) }, outputs: Int(widths.last!), activation: activation))
        case .transformer:
            let sizes: [Int64] = try modelGroup.read("transformer", count: 6)
            try checkSizes(sizes, "/model/transformer", count: 6...6, each: 1...1_000_000)
            try checkSizes(widths, "/model/widths", count: 2...2, each: 1...512)
            guard sizes[1] == widths[0], sizes[2] % sizes[3] == 0, sizes[1] <= 512, sizes[2] <= 4096, sizes[4] <= 16 else {
                throw StageError.invalidInput(path: path, reason: "/model/transformer = \(sizes) disagrees with /model/widths = \(widths) "
                    + "or has heads not dividing the width (or length > 512, width > 4096, layers > 16)")
            }
            guard loss != .crossEntropy else {
                throw StageError.invalidInput(path: path, reason: "/model loss crossEntropy: the transformer is trained with a squared loss")
            }
            model = .transformer(Transformer(vocabulary: Int(sizes[0]), length: Int(sizes[1]), width: Int(sizes[2]), heads: Int(sizes[3]),
                                             layers: Int(sizes[4]), hiddenWidth: Int(sizes[5]), outputs: Int(widths[1]), activation: activation))
        case nil: throw StageError.invalidInput(path: path, reason: "/model has an unknown architecture '\(architectureName)'")
        }
        let data = try root.openGroup(named: "data")
        let labels: [UInt8] = try data.read("labels")
        let initial = try root.openGroup(named: "initial")
        return TrainingProblem(
            inputs: try readInputs(data, count: labels.count * model.inputWidth, model: model, path: path),
            targets: try data.read("targets", count: labels.count * model.outputWidth), labels: labels, model: model, loss: loss,
            initialParameters: try initial.read("parameters", count: model.parameterCount),
            initialSharpness: try initial.scalar("sharpness", in: InputLimits.positive),
            initialEigenvector: try initial.read("eigenvector", count: model.parameterCount),
            learningRate: try root.scalar("learning_rate", in: InputLimits.positive),
            sharpnessRatio: try root.scalar("sharpness_ratio", in: 1e-6...1e6),
            dataSource: try root.readStringAttribute(named: "data_source"))
    }
}

/// `/data/inputs`, checked to be token ids in 0..<vocabulary when the model is a Transformer.
private func readInputs(_ data: Group, count: Int, model: TrainingNetwork, path: String) throws -> [Double] {
    let inputs: [Double] = try data.read("inputs", count: count)
    if case .transformer(let network) = model,
       let index = inputs.firstIndex(where: { !($0 >= 0 && $0 < Double(network.vocabulary) && $0.rounded() == $0) }) {
        throw StageError.invalidInput(path: path, reason: "/data/inputs[\(index / network.length), \(index % network.length)] = \(inputs[index]) "
            + "is not a token id in 0..<\(network.vocabulary)")
    }
    return inputs
}

/// x rounded to `digits` significant digits (η = 0.020107… → 0.02).
func roundToSignificantDigits(_ x: Double, _ digits: Int) -> Double {
    guard x != 0, x.isFinite else { return x }
    return Double(String(format: "%.\(digits)g", x)) ?? x
}

/// The closed sets of `TrainingProblem.generate`'s parameters (`Parameters.choice`).
enum DatasetName: String, ParameterChoice {
    case fashionMNIST = "fashion-mnist", cifar10, chebyshev, polarity, sst2

    /// Token sequences for the Transformer rather than feature vectors.
    var isSequences: Bool { self == .polarity || self == .sst2 }
}

enum TrainingTask: String, ParameterChoice {
    case tenClass = "ten-class", binary
}

enum Architecture: String, ParameterChoice {
    case mlp, cnn, transformer
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
