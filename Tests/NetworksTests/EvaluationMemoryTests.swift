@testable import Networks
import Randomness
import XCTest

/// `evaluationScalarCount` against the arrays an evaluation really holds, counted by their storage.
final class EvaluationMemoryTests: XCTestCase {
    /// The distinct buffers of every array of `e` and its blocks, in scalars; a buffer shared by two
    /// arrays (a plain dense layer's lowered input is the previous activation) counts once, and the
    /// objective's own examples (`data`) not at all.
    func storedScalars<S>(_ e: SupervisedObjective<S>.Evaluation, data: Set<UnsafeRawPointer>, seen: inout Set<UnsafeRawPointer>) -> Int {
        let arrays = [e.parameters, e.gradient, e.outputs, e.probabilities] + e.loweredInputs + e.slopes
            + e.curvatures + e.activationGradients + e.preactivationGradients
        var total = 0
        for array in arrays where !array.isEmpty {
            let base = array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }
            if data.contains(base) || !seen.insert(base).inserted { continue }
            total += array.count
        }
        for block in e.blockEvaluations { total += storedScalars(block, data: data, seen: &seen) }
        return total
    }

    func check<S: RealScalar>(_ model: FeedForwardNetwork, examples n: Int, loss: LossFunction, _: S.Type,
                              file: StaticString = #filePath, line: UInt = #line) {
        var stream = RandomStream(seed: 7)
        let C = model.widths.last!
        var targets = [S](repeating: 0, count: n * C)
        for row in 0..<n { targets[row * C + row % C] = 1 }
        let objective = SupervisedObjective<S>(model: model, loss: loss, inputs: stream.normals(n * model.widths[0]).map { S($0) },
                                               targets: targets)
        let pieces = objective.blocks.isEmpty ? [objective] : objective.blocks
        let data = Set(pieces.map { piece in piece.inputs.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) } })
        let evaluation = objective.evaluate(at: model.initialParameters(stream: &stream).map { S($0) })
        var seen = Set<UnsafeRawPointer>()
        let held = storedScalars(evaluation, data: data, seen: &seen)
        XCTAssertEqual(objective.evaluationScalarCount, held, "\(model.widths), n = \(n), \(loss)", file: file, line: line)
        XCTAssertEqual(objective.evaluationByteCount, held * MemoryLayout<S>.size, file: file, line: line)
    }

    func test_evaluationScalarCount_isWhatAnEvaluationHolds() {
        let mlp = FeedForwardNetwork(widths: [6, 5, 4, 3], activation: .tanh)
        check(mlp, examples: 30, loss: .squaredError, Double.self)       // one piece
        check(mlp, examples: 250, loss: .crossEntropy, Double.self)      // two blocks, softmax kept
        let cnn = FeedForwardNetwork.convolutional(image: ImageShape(height: 5, width: 5, channels: 2), channels: [3, 2], outputs: 2,
                                                   activation: .elu)
        check(cnn, examples: 20, loss: .squaredError, Double.self)       // im2col and pooled inputs kept
        check(cnn, examples: 230, loss: .squaredError, Float.self)       // two blocks of 115, Float32
    }
}
