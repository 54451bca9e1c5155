import LinearAlgebra
import Randomness

/// A feed-forward network: layers Z_l = M_l(A_{l−1})·W_lᵀ + 1b_lᵀ (`LayerMap`: dense, or a 3×3
/// convolution, each optionally reading its input average-pooled), with A_l = σ(Z_l) between layers
/// and the last Z the output (docs/eos.md §2.2):
/// - the "3-layer MLP": `FeedForwardNetwork(widths: [d, 200, 200, C], activation:)`;
/// - the "3-layer CNN": `convolutional(image:channels:outputs:activation:)`, Conv → σ → pool → Conv →
///   σ → pool → Dense, the pooling folded into the next layer's map.
///
/// Parameters live in one flat vector θ, layer after layer: the weights W_l (C_out × fan-in,
/// row-major) then the biases b_l (C_out).
public struct FeedForwardNetwork: Equatable {
    public let layers: [LayerMap]
    public let activation: Activation
    /// [input width, output width of each layer…]: per-example widths of A_0, Z_1, …, Z_L.
    public let widths: [Int]
    /// Offsets of W_l and b_l in θ.
    let weightOffsets: [Int]
    let biasOffsets: [Int]
    public let parameterCount: Int

    public init(layers: [LayerMap], activation: Activation) {
        precondition(!layers.isEmpty, "A network needs at least one layer")
        for (index, layer) in layers.enumerated().dropFirst() {
            precondition(layer.inputShape == layers[index - 1].outputShape || (layer.kind == .dense && !layer.poolsInput
                            && layer.inputWidth == layers[index - 1].outputWidth), "layer \(index) does not read layer \(index - 1)'s output")
        }
        self.layers = layers
        self.activation = activation
        widths = [layers[0].inputWidth] + layers.map(\.outputWidth)
        var offset = 0
        var weights: [Int] = [], biases: [Int] = []
        for layer in layers {
            weights.append(offset)
            offset += layer.weightCount
            biases.append(offset)
            offset += layer.outputChannels
        }
        weightOffsets = weights
        biasOffsets = biases
        parameterCount = offset
    }

    /// The MLP x → Dense(h₁) → σ → … → Dense(C) with `widths` = [d, h₁, …, C].
    public init(widths: [Int], activation: Activation) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 }, "An MLP needs at least input and output widths, all positive")
        self.init(layers: (0..<(widths.count - 1)).map {
            LayerMap(kind: .dense, inputShape: ImageShape(height: 1, width: 1, channels: widths[$0]), outputChannels: widths[$0 + 1])
        }, activation: activation)
    }

    /// Conv(c₁) → σ → pool → Conv(c₂) → σ → pool → … → Dense(outputs) on `image` inputs (NHWC),
    /// every convolution 3×3, stride 1, SAME, every pool 2×2, stride 2, SAME (docs/eos.md §2.2, §6 cpu-cnn).
    public static func convolutional(image: ImageShape, channels: [Int], outputs: Int, activation: Activation) -> FeedForwardNetwork {
        precondition(!channels.isEmpty && channels.allSatisfy { $0 > 0 } && outputs > 0, "channels and outputs must be positive")
        var layers: [LayerMap] = []
        var shape = image
        for (index, count) in channels.enumerated() {
            let layer = LayerMap(kind: .convolution, inputShape: shape, poolsInput: index > 0, outputChannels: count)
            layers.append(layer)
            shape = layer.outputShape
        }
        layers.append(LayerMap(kind: .dense, inputShape: shape, poolsInput: true, outputChannels: outputs))
        return FeedForwardNetwork(layers: layers, activation: activation)
    }

    public var layerCount: Int { layers.count }
    /// Whether every layer is a plain dense layer (an MLP).
    public var isPerceptron: Bool { layers.allSatisfy(\.isPlainDense) }

    /// The authors' initialisation (docs/eos.md §2.2): W ~ U(−1/√fan_in, +1/√fan_in) with fan_in the
    /// input width (dense) or 3·3·C_in (convolution), biases zero.
    public func initialParameters(stream: inout RandomStream) -> [Double] {
        var θ = [Double](repeating: 0, count: parameterCount)
        for (index, layer) in layers.enumerated() {
            let bound = 1 / Double(layer.fanIn).squareRoot()
            for position in weightOffsets[index]..<biasOffsets[index] { θ[position] = stream.uniform(in: -bound, bound) }
        }
        return θ
    }
}
