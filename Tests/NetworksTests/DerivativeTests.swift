import LinearAlgebra
import Networks
import Randomness
import XCTest

/// Every derivative of the models against finite differences and a dense Hessian (eos.md §3, T1, T2, T6).
final class DerivativeTests: XCTestCase {
    func makeObjective(_ activation: Activation, _ loss: LossFunction, seed: UInt64 = 1) -> (SupervisedObjective<Double>, [Double]) {
        let outputs = loss == .binarySquaredError ? 1 : 3
        let model = MultilayerPerceptron(widths: [4, 6, 5, outputs], activation: activation)
        var stream = RandomStream(seed: seed)
        let n = 9
        let inputs = stream.normals(n * 4)
        var targets = [Double](repeating: 0, count: n * outputs)
        for row in 0..<n {
            if loss == .binarySquaredError { targets[row] = row % 2 == 0 ? 1 : -1 } else { targets[row * outputs + row % outputs] = 1 }
        }
        var θ = model.initialParameters(stream: &stream)
        for index in θ.indices { θ[index] += 0.3 * stream.normal() }  // non-zero biases, generic point
        return (SupervisedObjective(model: model, loss: loss, inputs: inputs, targets: targets), θ)
    }

    let cases: [(Activation, LossFunction)] = [(.tanh, .squaredError), (.elu, .squaredError), (.swish, .squaredError),
                                               (.tanh, .crossEntropy), (.swish, .binarySquaredError)]

    func test_gradient_matchesCentralFiniteDifferences() {
        for (activation, loss) in cases {
            let (objective, θ) = makeObjective(activation, loss)
            let gradient = objective.evaluate(at: θ).gradient
            let ε = 1e-6
            var worst = 0.0
            for index in θ.indices {
                var plus = θ, minus = θ
                plus[index] += ε
                minus[index] -= ε
                let estimate = (objective.lossValue(at: plus) - objective.lossValue(at: minus)) / (2 * ε)
                worst = max(worst, abs(estimate - gradient[index]))
            }
            XCTAssertLessThanOrEqual(worst / norm(gradient), 1e-6, "\(activation) \(loss)")
        }
    }

    /// The dense Hessian from central differences of exact gradients, column by column.
    func denseHessianByFiniteDifferences(_ objective: SupervisedObjective<Double>, _ θ: [Double]) -> Matrix<Double> {
        let p = θ.count, ε = 1e-5
        var hessian = Matrix<Double>(rows: p, columns: p)
        for j in 0..<p {
            var plus = θ, minus = θ
            plus[j] += ε
            minus[j] -= ε
            let gp = objective.evaluate(at: plus).gradient, gm = objective.evaluate(at: minus).gradient
            for i in 0..<p { hessian[i, j] = (gp[i] - gm[i]) / (2 * ε) }
        }
        return hessian
    }

    func test_hessianVectorProduct_matchesDenseHessian_andIsSymmetric() {
        for (activation, loss) in cases {
            let (objective, θ) = makeObjective(activation, loss)
            let evaluation = objective.evaluate(at: θ)
            let p = θ.count
            // The exact Hessian, column j = H e_j, from the R-operator.
            var exact = Matrix<Double>(rows: p, columns: p)
            for j in 0..<p {
                var unit = [Double](repeating: 0, count: p)
                unit[j] = 1
                let column = objective.hessianVectorProduct(evaluation, along: unit)
                for i in 0..<p { exact[i, j] = column[i] }
            }
            let reference = denseHessianByFiniteDifferences(objective, θ)
            let scale = reference.elements.map(\.magnitude).max()!
            let difference = zip(exact.elements, reference.elements).map { abs($0 - $1) }.max()!
            XCTAssertLessThanOrEqual(difference / scale, 1e-8, "\(activation) \(loss)")
            let asymmetry = (0..<p).flatMap { i in (0..<p).map { j in abs(exact[i, j] - exact[j, i]) } }.max()!
            XCTAssertLessThanOrEqual(asymmetry / scale, 1e-12, "\(activation) \(loss)")
            // A random direction: Hv equals the dense product.
            var stream = RandomStream(seed: 5)
            let v = stream.normals(p)
            let hv = objective.hessianVectorProduct(evaluation, along: v)
            let dense = product(exact, v)
            XCTAssertLessThanOrEqual(zip(hv, dense).map { abs($0 - $1) }.max()! / norm(dense), 1e-12)
        }
    }

    func test_squaredErrorLoss_isTwiceHalfSumOfSquares() {
        let (objective, θ) = makeObjective(.tanh, .squaredError)
        let evaluation = objective.evaluate(at: θ)
        // Cohen et al.'s loss ½·Σ‖f − y‖²/n, computed from the outputs by hand.
        var half = 0.0
        let C = 3
        for row in 0..<objective.exampleCount {
            for c in 0..<C {
                let target: Double = row % C == c ? 1 : 0
                let residual = evaluation.outputs[row * C + c] - target
                half += 0.5 * residual * residual
            }
        }
        XCTAssertEqual(evaluation.loss, 2 * half / Double(objective.exampleCount), accuracy: 1e-14)
    }

    func test_singlePrecision_agreesWithDouble() {
        let (objective, θ) = makeObjective(.tanh, .squaredError)
        let single = SupervisedObjective<Float>(model: objective.model, loss: .squaredError,
                                                inputs: objective.inputValues.map(Float.init), targets: objective.targetValues.map(Float.init))
        let g64 = objective.evaluate(at: θ).gradient
        let g32 = single.evaluate(at: θ.map(Float.init)).gradient.map(Double.init)
        XCTAssertLessThanOrEqual(zip(g64, g32).map { abs($0 - $1) }.max()! / norm(g64), 1e-5)
    }

    func test_initialisation_isUniformWithinFanIn_andBiasesZero() {
        let model = MultilayerPerceptron(widths: [196, 32, 32, 10], activation: .tanh)
        XCTAssertEqual(model.parameterCount, 7690)  // the calibrated CPU model (eos-calibration.md)
        var stream = RandomStream(seed: 0)
        let θ = model.initialParameters(stream: &stream)
        let firstLayer = θ[0..<(32 * 196)]
        XCTAssertLessThanOrEqual(firstLayer.map(\.magnitude).max()!, 1 / 196.0.squareRoot())
        XCTAssertEqual(firstLayer.reduce(0) { $0 + $1 * $1 } / Double(firstLayer.count), 1 / (3 * 196.0), accuracy: 0.1 / (3 * 196.0))
        XCTAssertTrue(θ[(32 * 196)..<(32 * 196 + 32)].allSatisfy { $0 == 0 })
    }
}
