import Foundation
import LinearAlgebra
@testable import Networks
import Randomness
import XCTest

/// Every derivative of the models against finite differences and a dense Hessian (docs/eos.md §3, T1, T2, T6).
final class DerivativeTests: XCTestCase {
    /// An MLP 4→6→5→C on 9 examples, or (`convolutional`) a CNN on 5×5×2 images, Conv(3) → σ → pool
    /// (5 → 3, SAME with padding) → Conv(2) → σ → pool (3 → 2) → Dense(C), on 6 examples.
    func makeObjective(_ activation: Activation, _ loss: LossFunction, seed: UInt64 = 1, convolutional: Bool = false) -> (SupervisedObjective<Double>, [Double]) {
        let outputs = loss == .binarySquaredError ? 1 : 3
        let model = convolutional
            ? FeedForwardNetwork.convolutional(image: ImageShape(height: 5, width: 5, channels: 2), channels: [3, 2], outputs: outputs, activation: activation)
            : FeedForwardNetwork(widths: [4, 6, 5, outputs], activation: activation)
        var stream = RandomStream(seed: seed)
        let n = convolutional ? 6 : 9
        let inputs = stream.normals(n * model.widths[0])
        var targets = [Double](repeating: 0, count: n * outputs)
        for row in 0..<n {
            if loss == .binarySquaredError { targets[row] = row % 2 == 0 ? 1 : -1 } else { targets[row * outputs + row % outputs] = 1 }
        }
        var θ = model.initialParameters(stream: &stream)
        for index in θ.indices { θ[index] += 0.3 * stream.normal() }  // non-zero biases, generic point
        return (SupervisedObjective(model: model, loss: loss, inputs: inputs, targets: targets), θ)
    }

    let cases: [(Activation, LossFunction, Bool)] = [(.tanh, .squaredError, false), (.elu, .squaredError, false), (.swish, .squaredError, false),
                                                     (.tanh, .crossEntropy, false), (.swish, .binarySquaredError, false),
                                                     (.tanh, .squaredError, true), (.swish, .crossEntropy, true),
                                                     (.gelu, .squaredError, false), (.softplus, .binarySquaredError, false),
                                                     (.gelu, .binarySquaredError, true), (.softplus, .crossEntropy, true)]

    func test_gradient_matchesCentralFiniteDifferences() {
        for (activation, loss, convolutional) in cases {
            let (objective, θ) = makeObjective(activation, loss, convolutional: convolutional)
            XCTAssertLessThanOrEqual(relativeGradientError(objective, at: θ), 1e-6, "\(activation) \(loss) \(convolutional ? "CNN" : "MLP")")
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
        for (activation, loss, convolutional) in cases {
            let (objective, θ) = makeObjective(activation, loss, convolutional: convolutional)
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
            XCTAssertLessThanOrEqual(difference / scale, 1e-8, "\(activation) \(loss) \(convolutional ? "CNN" : "MLP")")
            let asymmetry = (0..<p).flatMap { i in (0..<p).map { j in abs(exact[i, j] - exact[j, i]) } }.max()!
            XCTAssertLessThanOrEqual(asymmetry / scale, 1e-12, "\(activation) \(loss) \(convolutional ? "CNN" : "MLP")")
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

    /// The CNN's forward pass against a direct loop over the definition (3×3 SAME convolutions,
    /// 2×2 SAME average pools dividing by 4), and its size at the spec's cpu-cnn setting.
    func test_convolutionalForward_matchesADirectLoop() {
        let image = ImageShape(height: 5, width: 5, channels: 2)
        let model = FeedForwardNetwork.convolutional(image: image, channels: [3, 2], outputs: 3, activation: .tanh)
        XCTAssertEqual(model.parameterCount, (3 * 18 + 3) + (2 * 27 + 2) + (3 * 8 + 3))
        XCTAssertEqual(FeedForwardNetwork.convolutional(image: ImageShape(height: 14, width: 14, channels: 1), channels: [8, 8],
                                                        outputs: 10, activation: .swish).parameterCount, 1954)  // docs/eos.md §6 cpu-cnn
        var stream = RandomStream(seed: 3)
        var θ = model.initialParameters(stream: &stream)
        for index in θ.indices { θ[index] += 0.1 * stream.normal() }
        let x = stream.normals(2 * image.count)
        let objective = SupervisedObjective(model: model, loss: .squaredError, inputs: x, targets: [Double](repeating: 0, count: 6))
        let outputs = objective.evaluate(at: θ).outputs
        var offset = 0
        func take(_ count: Int) -> [Double] { defer { offset += count }; return Array(θ[offset..<offset + count]) }
        func conv(_ a: [Double], _ h: Int, _ w: Int, _ cin: Int, _ cout: Int) -> [Double] {
            let weights = take(cout * 9 * cin), bias = take(cout)
            var z = [Double](repeating: 0, count: h * w * cout)
            for i in 0..<h { for j in 0..<w { for o in 0..<cout {
                var sum = bias[o]
                for ki in 0..<3 { for kj in 0..<3 { for c in 0..<cin {
                    let (r, q) = (i + ki - 1, j + kj - 1)
                    if r >= 0 && r < h && q >= 0 && q < w { sum += weights[o * 9 * cin + (ki * 3 + kj) * cin + c] * a[(r * w + q) * cin + c] }
                } } }
                z[(i * w + j) * cout + o] = Foundation.tanh(sum)
            } } }
            return z
        }
        func pool(_ a: [Double], _ h: Int, _ w: Int, _ c: Int) -> [Double] {
            let (ph, pw) = ((h + 1) / 2, (w + 1) / 2)
            var out = [Double](repeating: 0, count: ph * pw * c)
            for i in 0..<ph { for j in 0..<pw { for k in 0..<c {
                for (r, q) in [(2 * i, 2 * j), (2 * i + 1, 2 * j), (2 * i, 2 * j + 1), (2 * i + 1, 2 * j + 1)] where r < h && q < w {
                    out[(i * pw + j) * c + k] += a[(r * w + q) * c + k] / 4
                }
            } } }
            return out
        }
        for example in 0..<2 {
            offset = 0
            let a1 = conv(Array(x[example * 50..<(example + 1) * 50]), 5, 5, 2, 3)
            let a2 = conv(pool(a1, 5, 5, 3), 3, 3, 3, 2)
            let flat = pool(a2, 3, 3, 2)
            let weights = take(3 * 8), bias = take(3)
            for o in 0..<3 {
                let expected = bias[o] + (0..<8).reduce(0) { $0 + weights[o * 8 + $1] * flat[$1] }
                XCTAssertEqual(outputs[example * 3 + o], expected, accuracy: 1e-12)
            }
        }
    }

    /// Blocks of examples: the same loss, gradient and HVP as one piece (to rounding), and the same
    /// bits whether the blocks run concurrently or one after another.
    func test_blocksOfExamples_agreeWithOnePiece_andDoNotDependOnThreads() {
        let model = FeedForwardNetwork(widths: [4, 6, 5, 3], activation: .tanh)
        var stream = RandomStream(seed: 8)
        let n = 301
        let inputs = stream.normals(n * 4)
        var targets = [Double](repeating: 0, count: n * 3)
        for row in 0..<n { targets[row * 3 + row % 3] = 1 }
        let θ = model.initialParameters(stream: &stream), v = stream.normals(model.parameterCount)
        let whole = SupervisedObjective(model: model, loss: .crossEntropy, inputs: inputs, targets: targets, blockCount: 1)
        let split = SupervisedObjective(model: model, loss: .crossEntropy, inputs: inputs, targets: targets, blockCount: 2)
        XCTAssertEqual(split.blocks.count, 2)
        XCTAssertEqual(split.inputValues, inputs, "the examples are kept once, in the blocks, in order")
        XCTAssertEqual(split.targetValues, targets)
        XCTAssertTrue(whole.blocks.isEmpty)
        let (e1, e2) = (whole.evaluate(at: θ), split.evaluate(at: θ))
        XCTAssertEqual(e2.loss, e1.loss, accuracy: 1e-14 * e1.loss)
        XCTAssertEqual(split.lossValue(at: θ), e1.loss, accuracy: 1e-14 * e1.loss)
        XCTAssertEqual(e2.outputs, e1.outputs)
        XCTAssertLessThanOrEqual(zip(e2.gradient, e1.gradient).map { abs($0 - $1) }.max()! / norm(e1.gradient), 1e-14)
        let (h1, h2) = (whole.hessianVectorProduct(e1, along: v), split.hessianVectorProduct(e2, along: v))
        XCTAssertLessThanOrEqual(zip(h2, h1).map { abs($0 - $1) }.max()! / norm(h1), 1e-14)
        BlockExecution.serial = true
        defer { BlockExecution.serial = false }
        let serial = split.evaluate(at: θ)
        XCTAssertEqual(serial.gradient, e2.gradient)
        XCTAssertEqual(split.hessianVectorProduct(serial, along: v), h2)
    }

    /// Chunks (issue 16 item 1): blocks evaluated `chunkRows` examples at a time, keeping no chunk's
    /// tape, give the loss, gradient and HVP of one piece (to rounding) and hold less memory.
    func test_chunksOfExamples_agreeWithOnePiece_inBoundedMemory() {
        for convolutional in [false, true] {
            let (model, inputs, targets, θ, v) = chunkableProblem(convolutional: convolutional, seed: 12)
            let whole = SupervisedObjective(model: model, loss: .crossEntropy, inputs: inputs, targets: targets, chunkRows: .max)
            let chunked = SupervisedObjective(model: model, loss: .crossEntropy, inputs: inputs, targets: targets, chunkRows: 40)
            XCTAssertEqual(chunked.blocks.count, 2)
            XCTAssertEqual(chunked.blocks[0].blocks.count, 4, "151 examples in chunks of 40")
            XCTAssertTrue(chunked.blocks[0].isChunked)
            XCTAssertEqual(chunked.inputValues, inputs)
            XCTAssertLessThan(chunked.evaluationByteCount, whole.evaluationByteCount / 2)
            let (e1, e2) = (whole.evaluate(at: θ), chunked.evaluate(at: θ))
            XCTAssertTrue(e2.blockEvaluations.allSatisfy { $0.blockEvaluations.isEmpty && $0.slopes.isEmpty }, "no chunk tape is kept")
            XCTAssertEqual(e2.loss, e1.loss, accuracy: 1e-14 * e1.loss)
            XCTAssertEqual(chunked.lossValue(at: θ), e1.loss, accuracy: 1e-14 * e1.loss)
            XCTAssertLessThanOrEqual(zip(e2.outputs, e1.outputs).map { abs($0 - $1) }.max()!, 1e-14)
            XCTAssertLessThanOrEqual(zip(e2.gradient, e1.gradient).map { abs($0 - $1) }.max()! / norm(e1.gradient), 1e-13)
            let (h1, h2) = (whole.hessianVectorProduct(e1, along: v), chunked.hessianVectorProduct(e2, along: v))
            XCTAssertLessThanOrEqual(zip(h2, h1).map { abs($0 - $1) }.max()! / norm(h1), 1e-13)
            BlockExecution.serial = true
            defer { BlockExecution.serial = false }
            XCTAssertEqual(chunked.hessianVectorProduct(chunked.evaluate(at: θ), along: v), h2)
        }
    }

    /// An evaluation for products only (issue 16 item 3: ∇S's central difference and the ρ₃, ρ₄ monitors
    /// need H(θ ± εu)v, not ∇L there) gives the same HVP bits as a full evaluation, in one piece, in
    /// blocks and in chunks, and computes no gradient; chunks keep nothing but θ.
    func test_evaluationForProducts_givesTheSameProducts_withoutAGradient() {
        for convolutional in [false, true] {
            let (model, inputs, targets, θ, v) = chunkableProblem(convolutional: convolutional, seed: 13)
            for (blockCount, chunkRows) in [(1, Int.max), (2, Int.max), (2, 40)] {
                let objective = SupervisedObjective(model: model, loss: .crossEntropy, inputs: inputs, targets: targets,
                                                    blockCount: blockCount, chunkRows: chunkRows)
                let full = objective.evaluate(at: θ), forProducts = objective.evaluateForProducts(at: θ)
                XCTAssertTrue(forProducts.gradient.isEmpty, "no gradient (blocks \(blockCount), chunks of \(chunkRows))")
                XCTAssertEqual(objective.hessianVectorProduct(forProducts, along: v), objective.hessianVectorProduct(full, along: v),
                               "blocks \(blockCount), chunks of \(chunkRows)")
                if chunkRows == 40 {
                    XCTAssertTrue(forProducts.blockEvaluations.allSatisfy { $0.slopes.isEmpty && $0.blockEvaluations.isEmpty }, "no chunk tape is kept")
                }
            }
        }
    }

    /// Chunking is decided by the tape's size (issue 16): the paper-size MLP's blocks keep their
    /// tapes (so that HVPs reuse them), the paper-size CNN's are chunked to 16 MB tapes.
    func test_chunking_followsTheTapeBudget() {
        func rows(_ model: FeedForwardNetwork, _ n: Int) -> Int {
            ExampleBlocks.chunkRows(examples: n, bytesPerExample: 8 * SupervisedObjective<Double>.tapeScalarsPerExample(model: model, loss: .crossEntropy))
        }
        let mlp = FeedForwardNetwork(widths: [3072, 200, 200, 10], activation: .tanh)
        let cnn = FeedForwardNetwork.convolutional(image: ImageShape(height: 28, width: 28, channels: 1), channels: [32, 32], outputs: 10, activation: .tanh)
        XCTAssertEqual(rows(mlp, 2500), .max, "a 106 MB tape is kept")
        // Per CNN example: im2col 784·9 + 196·288, four arrays of 784·32 and of 196·32 (the dense
        // layer reads the pooled activation through its map), the outputs, ∂L/∂F and the softmax.
        let tape = 784 * 9 + 196 * 288 + 49 * 32 + 4 * (784 * 32 + 196 * 32) + 30
        XCTAssertEqual(SupervisedObjective<Double>.tapeScalarsPerExample(model: cnn, loss: .crossEntropy), tape)
        XCTAssertEqual(rows(cnn, 2500), 11, "16 MB / \(8 * tape) bytes")
        XCTAssertEqual(rows(cnn, 100), .max, "a small block keeps its tape")
    }

    func test_initialisation_isUniformWithinFanIn_andBiasesZero() {
        let model = FeedForwardNetwork(widths: [196, 32, 32, 10], activation: .tanh)
        XCTAssertEqual(model.parameterCount, 7690)  // the calibrated CPU model (docs/eos-calibration.md)
        var stream = RandomStream(seed: 0)
        let θ = model.initialParameters(stream: &stream)
        let firstLayer = θ[0..<(32 * 196)]
        XCTAssertLessThanOrEqual(firstLayer.map(\.magnitude).max()!, 1 / 196.0.squareRoot())
        XCTAssertEqual(firstLayer.reduce(0) { $0 + $1 * $1 } / Double(firstLayer.count), 1 / (3 * 196.0), accuracy: 0.1 / (3 * 196.0))
        XCTAssertTrue(θ[(32 * 196)..<(32 * 196 + 32)].allSatisfy { $0 == 0 })
    }
}
