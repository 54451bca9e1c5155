import Randomness

/// The authors' two-layer Transformer for SST-2 (docs/eos.md §2.2), for sequences of `length` token
/// ids in 0..<`vocabulary` (0 is padding and is attended to like any token: no mask):
///
///     x_p = E[t_p] + P[p]                                    (token and learned positional embeddings)
///     per layer:  x = LN(x + MHA(x)),  x = LN(x + σ(x·W₁ + b₁)·W₂ + b₂)
///     f = (1/T Σ_p x_p)·W_h + b_h                            (mean over all positions, then the head)
///
/// MHA(x) = concat_h(softmax(Q_h K_hᵀ/√d_h) V_h)·W_o + b_o with Q = xW_q + b_q, K = xW_k + b_k, V = xW_v + b_v
/// and d_h = width/heads; LN(r) = γ ⊙ (r − mean r)/√(var r + 1e-6) + β per position (Flax defaults).
/// Kernels are stored input × output, row-major (the Flax layout).
public struct Transformer: Equatable, Codable {
    public let vocabulary: Int
    /// T: tokens per sequence (padded).
    public let length: Int
    /// d: the model width.
    public let width: Int
    public let heads: Int
    public let layers: Int
    /// The width of the MLP block's hidden layer (the authors': d).
    public let hiddenWidth: Int
    /// C: outputs of the head (1 for `binary_mse`).
    public let outputs: Int
    public let activation: Activation

    /// The ε inside LayerNorm's square root (Flax's default).
    public static let layerNormEpsilon = 1e-6

    public init(vocabulary: Int, length: Int, width: Int, heads: Int, layers: Int, hiddenWidth: Int, outputs: Int, activation: Activation) {
        precondition(vocabulary > 0 && length > 0 && width > 0 && heads > 0 && layers > 0 && hiddenWidth > 0 && outputs > 0,
                     "every Transformer size must be positive")
        precondition(width % heads == 0, "the width \(width) must be a multiple of the head count \(heads)")
        self.vocabulary = vocabulary
        self.length = length
        self.width = width
        self.heads = heads
        self.layers = layers
        self.hiddenWidth = hiddenWidth
        self.outputs = outputs
        self.activation = activation
    }

    /// d_h = d / heads.
    public var headWidth: Int { width / heads }

    /// Where each block of one layer's parameters starts in θ.
    struct LayerOffsets {
        let query, queryBias, key, keyBias, value, valueBias, output, outputBias: Int
        let norm1Scale, norm1Bias, up, upBias, down, downBias, norm2Scale, norm2Bias: Int
    }

    /// θ = [E (V × d), P (T × d), layer 1, …, layer L, W_h (d × C), b_h (C)], each layer
    /// [W_q, b_q, W_k, b_k, W_v, b_v, W_o, b_o, γ₁, β₁, W₁ (d × h), b₁, W₂ (h × d), b₂, γ₂, β₂].
    struct Layout {
        let tokenEmbedding = 0
        let positionEmbedding: Int
        let layers: [LayerOffsets]
        let head: Int
        let headBias: Int
        let parameterCount: Int
    }

    var layout: Layout {
        let d = width, h = hiddenWidth
        var offset = vocabulary * d
        let positions = offset
        offset += length * d
        var layerOffsets: [LayerOffsets] = []
        for _ in 0..<layers {
            var starts: [Int] = []
            for size in [d * d, d, d * d, d, d * d, d, d * d, d, d, d, d * h, h, h * d, d, d, d] {
                starts.append(offset)
                offset += size
            }
            layerOffsets.append(LayerOffsets(query: starts[0], queryBias: starts[1], key: starts[2], keyBias: starts[3],
                                             value: starts[4], valueBias: starts[5], output: starts[6], outputBias: starts[7],
                                             norm1Scale: starts[8], norm1Bias: starts[9], up: starts[10], upBias: starts[11],
                                             down: starts[12], downBias: starts[13], norm2Scale: starts[14], norm2Bias: starts[15]))
        }
        let head = offset
        offset += d * outputs
        return Layout(positionEmbedding: positions, layers: layerOffsets, head: head, headBias: offset, parameterCount: offset + outputs)
    }

    public var parameterCount: Int { layout.parameterCount }

    /// Initialisation (ours, docs/eos.md §2.2 where the authors' code is silent): every dense kernel
    /// U(−1/√fan_in, +1/√fan_in) as for the MLP and CNN, the token and positional embeddings
    /// U(−√3, √3)/√d (variance 1/d, Flax's `Embed` default scale), LayerNorm γ = 1, every bias and β zero,
    /// and the head kernel zero (the authors' zero-initialised head).
    public func initialParameters(stream: inout RandomStream) -> [Double] {
        let layout = self.layout, d = width
        var θ = [Double](repeating: 0, count: layout.parameterCount)
        func fill(_ start: Int, _ count: Int, bound: Double) {
            for index in start..<(start + count) { θ[index] = stream.uniform(in: -bound, bound) }
        }
        let embeddingBound = (3 / Double(d)).squareRoot()
        fill(layout.tokenEmbedding, vocabulary * d, bound: embeddingBound)
        fill(layout.positionEmbedding, length * d, bound: embeddingBound)
        let dense = 1 / Double(d).squareRoot()
        for offsets in layout.layers {
            for start in [offsets.query, offsets.key, offsets.value, offsets.output] { fill(start, d * d, bound: dense) }
            fill(offsets.up, d * hiddenWidth, bound: dense)
            fill(offsets.down, hiddenWidth * d, bound: 1 / Double(hiddenWidth).squareRoot())
            for index in offsets.norm1Scale..<(offsets.norm1Scale + d) { θ[index] = 1 }
            for index in offsets.norm2Scale..<(offsets.norm2Scale + d) { θ[index] = 1 }
        }
        return θ
    }
}
