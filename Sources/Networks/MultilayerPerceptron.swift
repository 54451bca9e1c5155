import LinearAlgebra
import Randomness

/// A fully connected network x → Dense(h₁) → σ → … → Dense(h_{L−1}) → σ → Dense(C)
/// (eos.md §2.2: the "3-layer MLP" is widths [d, 200, 200, C]).
///
/// Parameters live in one flat vector θ, layer after layer: the weights W_l (h_l × h_{l−1},
/// row-major) then the biases b_l (h_l).
public struct MultilayerPerceptron: Equatable {
    /// [input width, hidden widths…, output width].
    public let widths: [Int]
    public let activation: Activation
    /// Offsets of W_l and b_l in θ.
    let weightOffsets: [Int]
    let biasOffsets: [Int]
    public let parameterCount: Int

    public init(widths: [Int], activation: Activation) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 > 0 }, "An MLP needs at least input and output widths, all positive")
        self.widths = widths
        self.activation = activation
        var offset = 0
        var weights: [Int] = [], biases: [Int] = []
        for layer in 0..<(widths.count - 1) {
            weights.append(offset)
            offset += widths[layer + 1] * widths[layer]
            biases.append(offset)
            offset += widths[layer + 1]
        }
        weightOffsets = weights
        biasOffsets = biases
        parameterCount = offset
    }

    public var layerCount: Int { widths.count - 1 }

    /// The authors' initialisation (eos.md §2.2): W ~ U(−1/√fan_in, +1/√fan_in), biases zero.
    public func initialParameters(stream: inout RandomStream) -> [Double] {
        var θ = [Double](repeating: 0, count: parameterCount)
        for layer in 0..<layerCount {
            let bound = 1 / Double(widths[layer]).squareRoot()
            for index in weightOffsets[layer]..<biasOffsets[layer] { θ[index] = stream.uniform(in: -bound, bound) }
        }
        return θ
    }
}
