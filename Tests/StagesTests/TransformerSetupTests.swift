@testable import EdgeOfStabilityStages
import Foundation
import HDF5
import Networks
import XCTest

/// `setup.h5` for the Transformer column (issue 17): it round-trips, and token ids outside the
/// vocabulary are refused with the dataset and the position named.
final class TransformerSetupTests: XCTestCase {
    func problem(tokens: [Double]) -> TrainingProblem {
        let model = Transformer(vocabulary: 8, length: 4, width: 4, heads: 2, layers: 2, hiddenWidth: 4, outputs: 1, activation: .tanh)
        let θ = (0..<model.parameterCount).map { Double($0 % 7) / 10 }
        return TrainingProblem(inputs: tokens, targets: [-1, 1], labels: [0, 1], model: .transformer(model), loss: .binarySquaredError,
                               initialParameters: θ, initialSharpness: 2, initialEigenvector: θ, learningRate: 0.1,
                               sharpnessRatio: 10, dataSource: "test")
    }

    func write(_ problem: TrainingProblem) throws -> String {
        let path = NSTemporaryDirectory() + "setup-\(UUID().uuidString).h5"
        let file = try File.create(atPath: path)
        try problem.write(to: file)
        try file.close()
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func test_transformerSetup_roundTrips() throws {
        let original = problem(tokens: [1, 2, 0, 0, 7, 3, 1, 0])
        let read = try TrainingProblem.read(from: try write(original))
        XCTAssertEqual(read.model, original.model)
        XCTAssertEqual(read.inputs, original.inputs)
        XCTAssertEqual(read.targets, original.targets)
        XCTAssertEqual(read.initialParameters, original.initialParameters)
        XCTAssertEqual(read.loss, .binarySquaredError)
    }

    func test_tokenOutsideTheVocabulary_isRefusedWithItsPosition() throws {
        let path = try write(problem(tokens: [1, 2, 0, 0, 7, 8, 1, 0]))
        XCTAssertThrowsError(try TrainingProblem.read(from: path)) {
            XCTAssertTrue("\($0)".contains("/data/inputs[1, 1] = 8.0") && "\($0)".contains(path), "\($0)")
        }
        let fractional = try write(problem(tokens: [1, 2.5, 0, 0, 7, 3, 1, 0]))
        XCTAssertThrowsError(try TrainingProblem.read(from: fractional)) { XCTAssertTrue("\($0)".contains("/data/inputs[0, 1]"), "\($0)") }
    }
}
