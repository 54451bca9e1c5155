import Randomness

/// The networks the edge-of-stability experiments train (docs/eos.md §2.2): the MLP and CNN
/// (`FeedForwardNetwork`) and the Transformer, with what the stages need of either.
public enum TrainingNetwork: Equatable {
    case feedForward(FeedForwardNetwork)
    case transformer(Transformer)

    public var parameterCount: Int {
        switch self {
        case .feedForward(let model): return model.parameterCount
        case .transformer(let model): return model.parameterCount
        }
    }

    public var activation: Activation {
        switch self {
        case .feedForward(let model): return model.activation
        case .transformer(let model): return model.activation
        }
    }

    /// Values per example: features (MLP, CNN) or token ids (Transformer).
    public var inputWidth: Int {
        switch self {
        case .feedForward(let model): return model.widths[0]
        case .transformer(let model): return model.length
        }
    }

    public var outputWidth: Int {
        switch self {
        case .feedForward(let model): return model.widths.last!
        case .transformer(let model): return model.outputs
        }
    }

    /// Losses the network's objective implements: all for feed-forward networks, the squared ones
    /// for the Transformer (the authors train it with `binary_mse`).
    public func supports(_ loss: LossFunction) -> Bool {
        if case .transformer = self { return loss != .crossEntropy }
        return true
    }

    public func initialParameters(stream: inout RandomStream) -> [Double] {
        switch self {
        case .feedForward(let model): return model.initialParameters(stream: &stream)
        case .transformer(let model): return model.initialParameters(stream: &stream)
        }
    }

    /// The full-batch objective on n × `inputWidth` inputs and n × `outputWidth` targets.
    public func objective<Scalar: RealScalar>(loss: LossFunction, inputs: [Scalar], targets: [Scalar]) -> any TrainingObjective<Scalar> {
        switch self {
        case .feedForward(let model):
            return SupervisedObjective(model: model, loss: loss, inputs: inputs, targets: targets)
        case .transformer(let model):
            precondition(supports(loss), "the Transformer objective implements the squared losses only")
            return TransformerObjective(model: model, tokens: inputs, targets: targets)
        }
    }
}
