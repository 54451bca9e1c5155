import EdgeOfStability
import LinearAlgebra
import Networks
import Randomness
import XCTest

/// ∇S = ∇³L[u, u] is a second difference of gradients with step ε (docs/eos.md §3). For a C³ activation
/// the estimate barely moves between ε = 1e-3 and 1e-4 (its error is O(ε²)); for ELU, whose σ''
/// jumps at 0, a pre-activation at the kink makes it scale like 1/ε, so ∇S does not exist.
final class SharpnessGradientStepTests: XCTestCase {
    /// An MLP 6→16→12→3 at initialisation (zero biases) on 40 examples, one of them an all-zero
    /// input (a blank image), whose first-layer pre-activations then sit exactly at z = 0.
    func relativeChange(_ activation: Activation) -> Double {
        var stream = RandomStream(seed: 21)
        let model = FeedForwardNetwork(widths: [6, 16, 12, 3], activation: activation)
        let n = 40
        var inputs = stream.normals(n * 6)
        for index in 0..<6 { inputs[index] = 0 }
        var targets = [Double](repeating: 0, count: n * 3)
        for row in 0..<n { targets[row * 3 + row % 3] = 1 }
        let θ = model.initialParameters(stream: &stream)
        return relativeChange(SupervisedObjective<Double>(model: model, loss: .squaredError, inputs: inputs, targets: targets),
                              at: θ, start: stream.normals(θ.count))
    }

    /// ‖∇S_{ε=1e-4} − ∇S_{ε=1e-3}‖ / ‖∇S_{ε=1e-3}‖ at θ, u from a tight eigensolve.
    func relativeChange(_ objective: any TrainingObjective<Double>, at θ: [Double], start: [Double]) -> Double {
        var oracle = SharpnessOracle(objective: objective)
        oracle.tolerance = 1e-12
        let evaluation = oracle.objective.evaluate(at: θ)
        let u = oracle.topEigenpairs(at: evaluation, start: start).vectors[0]
        oracle.differenceStep = 1e-3
        let coarse = oracle.sharpnessGradient(at: θ, gradient: evaluation.gradient, eigenvector: u)
        oracle.differenceStep = 1e-4
        var fine = oracle.sharpnessGradient(at: θ, gradient: evaluation.gradient, eigenvector: u)
        axpy(-1, coarse, &fine)
        return norm(fine) / norm(coarse)
    }

    func test_sharpnessGradient_isStableInItsStep_forEverySmoothActivation() {
        for activation in Activation.allCases where activation.isThreeTimesDifferentiable {
            XCTAssertLessThan(relativeChange(activation), 1e-4, "\(activation)")
        }
    }

    func test_sharpnessGradient_isNotStableInItsStep_forELU() {
        XCTAssertGreaterThan(relativeChange(.elu), 1e-4)
    }

    /// The Transformer column's ∇S (issue 17): stable in its step for its smooth activations.
    func test_transformerSharpnessGradient_isStableInItsStep() {
        for activation in [Activation.tanh, .gelu] {
            var stream = RandomStream(seed: 23)
            let model = Transformer(vocabulary: 8, length: 4, width: 4, heads: 2, layers: 2, hiddenWidth: 4, outputs: 1, activation: activation)
            let n = 12
            let tokens = (0..<(n * 4)).map { _ in Double(stream.next() % 8) }
            let targets = (0..<n).map { $0 % 2 == 0 ? 1.0 : -1.0 }
            var θ = model.initialParameters(stream: &stream)
            for index in θ.indices { θ[index] += 0.1 * stream.normal() }
            let objective = TransformerObjective<Double>(model: model, tokens: tokens, targets: targets)
            XCTAssertLessThan(relativeChange(objective, at: θ, start: stream.normals(θ.count)), 1e-4, "\(activation)")
        }
    }
}
