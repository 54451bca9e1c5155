import Networks
import Randomness

/// An MLP 4→6→5→3 or a small CNN on 301 examples (enough for two blocks), one-hot targets over 3
/// classes, a point θ and a direction v: the problem the block and chunk tests split.
func chunkableProblem(convolutional: Bool, seed: UInt64) -> (FeedForwardNetwork, [Double], [Double], [Double], [Double]) {
    let model = convolutional
        ? FeedForwardNetwork.convolutional(image: ImageShape(height: 5, width: 5, channels: 2), channels: [3, 2], outputs: 3, activation: .tanh)
        : FeedForwardNetwork(widths: [4, 6, 5, 3], activation: .tanh)
    var stream = RandomStream(seed: seed)
    let n = 301
    let inputs = stream.normals(n * model.widths[0])
    var targets = [Double](repeating: 0, count: n * 3)
    for row in 0..<n { targets[row * 3 + row % 3] = 1 }
    let θ = model.initialParameters(stream: &stream)
    return (model, inputs, targets, θ, stream.normals(model.parameterCount))
}
