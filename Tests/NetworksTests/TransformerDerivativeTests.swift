import Foundation
import LinearAlgebra
@testable import Networks
import Randomness
import XCTest

/// The Transformer (docs/eos.md §2.2) against a direct loop over its definition, and its gradient and
/// Hessian-vector products against finite differences and a dense Hessian (issue 17 item 1).
final class TransformerDerivativeTests: XCTestCase {
    /// Vocabulary 8, length 4, width 4, 2 heads, 2 layers, hidden width 4, on `n` sequences (token 0,
    /// padding, included), at a generic point: every parameter perturbed, the head non-zero.
    func makeObjective(_ activation: Activation, outputs: Int = 1, n: Int = 6, blockCount: Int = 1,
                       seed: UInt64 = 3) -> (TransformerObjective<Double>, [Double]) {
        let model = Transformer(vocabulary: 8, length: 4, width: 4, heads: 2, layers: 2, hiddenWidth: 4, outputs: outputs, activation: activation)
        var stream = RandomStream(seed: seed)
        let tokens = (0..<(n * 4)).map { _ in Double(stream.next() % 8) }
        var targets = [Double](repeating: 0, count: n * outputs)
        for row in 0..<n {
            if outputs == 1 { targets[row] = row % 2 == 0 ? 1 : -1 } else { targets[row * outputs + row % outputs] = 1 }
        }
        var θ = model.initialParameters(stream: &stream)
        for index in θ.indices { θ[index] += 0.3 * stream.normal() }
        return (TransformerObjective(model: model, tokens: tokens, targets: targets, blockCount: blockCount), θ)
    }

    let cases: [(Activation, Int)] = [(.tanh, 1), (.gelu, 1), (.swish, 3)]

    func test_parameterLayout_countsEveryBlockOnce() {
        let model = Transformer(vocabulary: 8, length: 4, width: 4, heads: 2, layers: 2, hiddenWidth: 4, outputs: 1, activation: .tanh)
        let perLayer = 4 * (16 + 4) + 2 * 4 + (16 + 4) + (16 + 4) + 2 * 4
        XCTAssertEqual(model.parameterCount, 8 * 4 + 4 * 4 + 2 * perLayer + 4 + 1)
        var stream = RandomStream(seed: 1)
        let θ = model.initialParameters(stream: &stream)
        XCTAssertTrue(θ[(θ.count - 5)...].allSatisfy { $0 == 0 }, "the head is zero-initialised")
    }

    /// f(θ, x) from a loop written straight from the definition, sharing nothing with the passes.
    func referenceOutputs(_ model: Transformer, _ θ: [Double], tokens: [Int]) -> [Double] {
        let T = model.length, d = model.width, h = model.hiddenWidth, dh = d / model.heads
        var offset = 0
        func take(_ count: Int) -> [Double] { defer { offset += count }; return Array(θ[offset..<offset + count]) }
        func dense(_ x: [[Double]], _ w: [Double], _ b: [Double], _ out: Int) -> [[Double]] {
            x.map { row in (0..<out).map { o in b[o] + row.indices.reduce(0) { $0 + row[$1] * w[$1 * out + o] } } }
        }
        func norm(_ x: [[Double]], _ γ: [Double], _ β: [Double]) -> [[Double]] {
            x.map { row in
                let mean = row.reduce(0, +) / Double(d)
                let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d)
                return row.indices.map { γ[$0] * (row[$0] - mean) / (variance + 1e-6).squareRoot() + β[$0] }
            }
        }
        let embedding = take(model.vocabulary * d), positions = take(T * d)
        var x = (0..<T).map { p in (0..<d).map { embedding[tokens[p] * d + $0] + positions[p * d + $0] } }
        for _ in 0..<model.layers {
            let (wq, bq, wk, bk, wv, bv, wo, bo) = (take(d * d), take(d), take(d * d), take(d), take(d * d), take(d), take(d * d), take(d))
            let (γ1, β1, w1, b1, w2, b2, γ2, β2) = (take(d), take(d), take(d * h), take(h), take(h * d), take(d), take(d), take(d))
            let q = dense(x, wq, bq, d), k = dense(x, wk, bk, d), v = dense(x, wv, bv, d)
            var attended = [[Double]](repeating: [Double](repeating: 0, count: d), count: T)
            for head in 0..<model.heads {
                let columns = (head * dh)..<((head + 1) * dh)
                for i in 0..<T {
                    let scores = (0..<T).map { j in columns.reduce(0) { $0 + q[i][$1] * k[j][$1] } / Double(dh).squareRoot() }
                    let weights = scores.map { Foundation.exp($0) }, total = weights.reduce(0, +)
                    for j in 0..<T { for c in columns { attended[i][c] += weights[j] / total * v[j][c] } }
                }
            }
            let m = dense(attended, wo, bo, d)
            x = norm((0..<T).map { p in (0..<d).map { x[p][$0] + m[p][$0] } }, γ1, β1)
            let hidden = dense(x, w1, b1, h).map { $0.map { model.activation.evaluate($0).value } }
            let y = dense(hidden, w2, b2, d)
            x = norm((0..<T).map { p in (0..<d).map { x[p][$0] + y[p][$0] } }, γ2, β2)
        }
        let pooled = (0..<d).map { j in x.reduce(0) { $0 + $1[j] } / Double(T) }
        return dense([pooled], take(d * model.outputs), take(model.outputs), model.outputs)[0]
    }

    func test_forward_matchesTheDefinition() {
        for (activation, outputs) in cases {
            let (objective, θ) = makeObjective(activation, outputs: outputs)
            let evaluation = objective.evaluate(at: θ)
            var loss = 0.0
            for example in 0..<objective.exampleCount {
                let tokens = objective.tokens[(example * 4)..<((example + 1) * 4)].map { Int($0) }
                let expected = referenceOutputs(objective.model, θ, tokens: tokens)
                for c in 0..<outputs {
                    XCTAssertEqual(evaluation.outputs[example * outputs + c], expected[c], accuracy: 1e-12, "\(activation)")
                    let residual = expected[c] - objective.targets[example * outputs + c]
                    loss += residual * residual / Double(objective.exampleCount)
                }
            }
            XCTAssertEqual(evaluation.loss, loss, accuracy: 1e-12)
            XCTAssertEqual(objective.lossValue(at: θ), evaluation.loss)
        }
    }

    func test_gradient_matchesCentralFiniteDifferences() {
        for (activation, outputs) in cases {
            let (objective, θ) = makeObjective(activation, outputs: outputs)
            XCTAssertLessThanOrEqual(relativeGradientError(objective, at: θ), 1e-7, "\(activation)")
        }
    }

    func test_hessianVectorProduct_matchesDenseHessian_andIsSymmetric() {
        for (activation, outputs) in cases {
            let (objective, θ) = makeObjective(activation, outputs: outputs)
            let evaluation = objective.evaluate(at: θ)
            let p = θ.count, ε = 1e-5
            var exact = Matrix<Double>(rows: p, columns: p), reference = Matrix<Double>(rows: p, columns: p)
            for j in 0..<p {
                var unit = [Double](repeating: 0, count: p)
                unit[j] = 1
                let column = objective.hessianVectorProduct(evaluation, along: unit)
                var plus = θ, minus = θ
                plus[j] += ε
                minus[j] -= ε
                let gp = objective.evaluate(at: plus).gradient, gm = objective.evaluate(at: minus).gradient
                for i in 0..<p {
                    exact[i, j] = column[i]
                    reference[i, j] = (gp[i] - gm[i]) / (2 * ε)
                }
            }
            let scale = reference.elements.map(\.magnitude).max()!
            XCTAssertLessThanOrEqual(zip(exact.elements, reference.elements).map { abs($0 - $1) }.max()! / scale, 1e-8, "\(activation)")
            let asymmetry = (0..<p).flatMap { i in (0..<p).map { j in abs(exact[i, j] - exact[j, i]) } }.max()!
            XCTAssertLessThanOrEqual(asymmetry / scale, 1e-12, "\(activation)")
            var stream = RandomStream(seed: 5)
            let v = stream.normals(p)
            let dense = product(exact, v)
            let hv = objective.hessianVectorProduct(evaluation, along: v)
            XCTAssertLessThanOrEqual(zip(hv, dense).map { abs($0 - $1) }.max()! / LinearAlgebra.norm(dense), 1e-12)
        }
    }

    /// An evaluation for products only keeps θ alone and gives the same HVP bits, in one piece and in blocks.
    func test_evaluationForProducts_givesTheSameProducts_withoutAGradient() {
        for blockCount in [1, 2] {
            let (objective, θ) = makeObjective(.tanh, n: 201, blockCount: blockCount)
            var stream = RandomStream(seed: 10)
            let v = stream.normals(θ.count)
            let forProducts = objective.evaluateForProducts(at: θ)
            XCTAssertTrue(forProducts.gradient.isEmpty)
            XCTAssertEqual(objective.hessianVectorProduct(forProducts, along: v), objective.hessianVectorProduct(objective.evaluate(at: θ), along: v))
        }
    }

    /// Blocks: the same numbers as one piece (to rounding), the same bits concurrently or serially.
    func test_blocksOfExamples_agreeWithOnePiece_andDoNotDependOnThreads() {
        let (whole, θ) = makeObjective(.tanh, n: 201, blockCount: 1)
        let (split, _) = makeObjective(.tanh, n: 201, blockCount: 2)
        XCTAssertEqual(split.blocks.count, 2)
        var stream = RandomStream(seed: 9)
        let v = stream.normals(θ.count)
        let (e1, e2) = (whole.evaluate(at: θ), split.evaluate(at: θ))
        XCTAssertEqual(e2.loss, e1.loss, accuracy: 1e-14 * e1.loss)
        XCTAssertEqual(e2.outputs, e1.outputs)
        XCTAssertLessThanOrEqual(zip(e2.gradient, e1.gradient).map { abs($0 - $1) }.max()! / LinearAlgebra.norm(e1.gradient), 1e-13)
        let (h1, h2) = (whole.hessianVectorProduct(e1, along: v), split.hessianVectorProduct(e2, along: v))
        XCTAssertLessThanOrEqual(zip(h2, h1).map { abs($0 - $1) }.max()! / LinearAlgebra.norm(h1), 1e-13)
        BlockExecution.serial = true
        defer { BlockExecution.serial = false }
        let serial = split.evaluate(at: θ)
        XCTAssertEqual(serial.gradient, e2.gradient)
        XCTAssertEqual(split.hessianVectorProduct(serial, along: v), h2)
    }
}
