import Foundation
import LinearAlgebra
import Randomness
import Representations
import XCTest

/// The cheap unit tests of docs/representations.md §9.
final class RepresentationsTests: XCTestCase {
    func gaussian(_ n: Int, _ d: Int, seed: UInt64) -> Matrix<Double> {
        GaussianInputs(dimension: d, stream: RandomStream(seed: seed)).rows(0, n)
    }

    func test_symmetricInitialisation_outputsZero_andOddWidthIsRejected() throws {
        let network = try TwoLayerNetwork.symmetricInitialisation(width: 40, dimension: 7, stream: RandomStream(seed: 1))
        let x = gaussian(50, 7, seed: 2)
        let features = network.features(x)
        let scale = (0..<50).map { row in (0..<40).reduce(0.0) { $0 + abs(network.outputWeights[$1] * features[row, $1]) } }.max()!
        XCTAssertLessThanOrEqual(network.outputs(x).map(\.magnitude).max()!, 1e-12 * scale)
        XCTAssertThrowsError(try TwoLayerNetwork.symmetricInitialisation(width: 41, dimension: 7, stream: RandomStream(seed: 1))) {
            XCTAssertTrue("\($0)".contains("'width'"), "\($0)")
        }
    }

    func test_paperVariant_hasUnitRowsZeroBiases_andRedrawsThemForTheSecondStage() throws {
        let network = try TwoLayerNetwork.paperInitialisation(width: 20, dimension: 6, stream: RandomStream(seed: 20))
        XCTAssertEqual(network.biases, [Double](repeating: 0, count: 20))
        for j in 0..<20 {
            XCTAssertEqual((0..<6).reduce(0.0) { $0 + network.weights[j, $1] * network.weights[j, $1] }, 1, accuracy: 1e-12)
        }
        let x = gaussian(300, 6, seed: 21)
        XCTAssertLessThanOrEqual(network.outputs(x).map(\.magnitude).max()!, 1e-12)
        let biases = TwoLayerNetwork.redrawnBiases(width: 20, stream: RandomStream(seed: 22))
        let y = (0..<300).map { row in Hermite.normalised(2, x[row, 0]) }
        let result = try AlgorithmOne.run(initial: network, inputs: x, labels: y, validationInputs: gaussian(100, 6, seed: 23),
                                          validationLabels: [Double](repeating: 0, count: 100), redrawnBiases: biases)
        XCTAssertEqual(result.network.biases, biases)
        XCTAssertNotEqual(biases, [Double](repeating: 0, count: 20))
    }

    func test_closedFormGradient_matchesFiniteDifferences() throws {
        let (n, d, m) = (50, 5, 8)
        var stream = RandomStream(seed: 3)
        var network = try TwoLayerNetwork.symmetricInitialisation(width: m, dimension: d, stream: stream.stream(named: "init"))
        let x = gaussian(n, d, seed: 4)
        let y = stream.normals(n)
        // Keep every pre-activation away from the ReLU kink.
        for j in 0..<m {
            for _ in 0..<100 {
                let pre = product(x, network.weights.transposed).elements.enumerated().filter { $0.offset % m == j }.map { $0.element + network.biases[j] }
                if pre.allSatisfy({ abs($0) > 1e-3 }) { break }
                network.biases[j] += 0.01
                if j < m / 2 { network.biases[j + m / 2] = network.biases[j] }
            }
        }
        let gradient = AlgorithmOne.firstLayerGradient(network, inputs: x, residual: y)
        func loss(_ w: Matrix<Double>) -> Double {
            var trial = network
            trial.weights = w
            return RepresentationMetrics.meanSquaredError(trial.outputs(x), y)
        }
        let ε = 1e-6
        var worst = 0.0
        for index in 0..<(m * d) {
            var plus = network.weights, minus = network.weights
            plus.elements[index] += ε
            minus.elements[index] -= ε
            worst = max(worst, abs((loss(plus) - loss(minus)) / (2 * ε) - gradient.elements[index]))
        }
        XCTAssertLessThanOrEqual(worst / norm(gradient.elements), 1e-6)
    }

    func test_firstStep_hasUnitRMSRowNorm_andAntisymmetricPairs() throws {
        let (n, d, m) = (600, 10, 20)
        let u = { () -> Matrix<Double> in var s = RandomStream(seed: 5); return relevantSubspace(dimension: d, rank: 1, stream: &s) }()
        let x = gaussian(n, d, seed: 6), xv = gaussian(200, d, seed: 7)
        let initial = try TwoLayerNetwork.symmetricInitialisation(width: m, dimension: d, stream: RandomStream(seed: 8))
        let result = try AlgorithmOne.run(initial: initial, inputs: x, labels: Target.singleIndex.values(inputs: x, subspace: u),
                                          validationInputs: xv, validationLabels: Target.singleIndex.values(inputs: xv, subspace: u))
        let w = result.network.weights
        let rms = ((0..<m).reduce(0.0) { total, j in total + (0..<d).reduce(0.0) { $0 + w[j, $1] * w[j, $1] } } / Double(m)).squareRoot()
        XCTAssertEqual(rms, 1, accuracy: 1e-12)
        for j in 0..<(m / 2) { for k in 0..<d { XCTAssertEqual(w[j + m / 2, k], -w[j, k]) } }
        XCTAssertEqual(result.network.biases, initial.biases)
    }

    func test_fractionInSpan_atInitialisation_isAboutROverD() throws {
        for r in [1, 4] {
            var stream = RandomStream(seed: 9)
            let u = relevantSubspace(dimension: 64, rank: r, stream: &stream)
            let network = try TwoLayerNetwork.symmetricInitialisation(width: 1000, dimension: 64, stream: RandomStream(seed: 10))
            let fraction = RepresentationMetrics.fractionInSpan(network.weights, subspace: u)
            // 500 distinct rows; per row the fraction has variance ≈ 2(r/d)(1 − r/d)/(d + 2).
            let standardError = (2 * Double(r) / 64 * (1 - Double(r) / 64) / 66 / 500).squareRoot()
            XCTAssertEqual(fraction, Double(r) / 64, accuracy: 4 * standardError, "r = \(r)")
        }
    }

    func test_subspace_isOrthonormal_andNested() {
        var a = RandomStream(seed: 11), b = RandomStream(seed: 11)
        let u = relevantSubspace(dimension: 30, rank: 4, stream: &a)
        let identity = product(u, transposed: false, u, transposed: true)
        for i in 0..<4 { for j in 0..<4 { XCTAssertEqual(identity[i, j], i == j ? 1 : 0, accuracy: 1e-12) } }
        let single = relevantSubspace(dimension: 30, rank: 1, stream: &b)
        XCTAssertEqual(Array(u.elements[0..<30]), single.elements)
    }

    func test_targets_haveMeanZeroAndUnitVariance() {
        let n = 1_000_000
        var stream = RandomStream(seed: 12)
        let u = Matrix<Double>([[1, 0], [0, 1]])
        let x = Matrix(rows: n, columns: 2, elements: stream.normals(2 * n))
        for target in Target.allCases {
            let values = target.values(inputs: x, subspace: target == .multiIndex ? u : Matrix([[1, 0]]))
            let mean = values.reduce(0, +) / Double(n)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
            XCTAssertEqual(mean, 0, accuracy: 0.01, target.rawValue)
            XCTAssertEqual(variance, 1, accuracy: 0.02, target.rawValue)
        }
    }

    func test_gaussianInputs_areNestedPrefixes() {
        let inputs = GaussianInputs(dimension: 3, stream: RandomStream(seed: 13))
        let big = inputs.rows(0, 5000), small = inputs.rows(0, 100), middle = inputs.rows(4090, 20)
        XCTAssertEqual(Array(big.elements[0..<300]), small.elements)
        XCTAssertEqual(Array(big.elements[(4090 * 3)..<(4110 * 3)]), middle.elements)
    }

    func test_ridgePath_matchesDirectCholeskySolves() throws {
        let g = gaussian(40, 12, seed: 14)
        let gram = product(g, transposed: true, g)
        let moment = (0..<12).map { Double($0) - 5 }
        let lambdas = [1e-6, 1e-2, 10]
        let path = try RidgePath(gram: gram, moment: moment, lambdas: lambdas)
        for (l, λ) in lambdas.enumerated() {
            var regularised = gram
            for i in 0..<12 { regularised[i, i] += λ }
            let direct = try choleskySolve(regularised, Matrix(rows: 12, columns: 1, elements: moment)).elements
            let fromPath = (0..<12).map { path.coefficients[$0, l] }
            XCTAssertLessThanOrEqual(zip(direct, fromPath).map { abs($0 - $1) }.max()! / norm(direct), 1e-8, "λ = \(λ)")
        }
    }

    func test_kernels_matchMonteCarloAveragesOfRandomFeatures() {
        let d = 6
        let x = gaussian(1, d, seed: 15)
        let y = gaussian(1, d, seed: 16)
        let antiparallel = Matrix(rows: 1, columns: d, elements: x.elements.map { -0.9 * $0 })
        var stream = RandomStream(seed: 17)
        let features = 100_000
        let w = Matrix(rows: features, columns: d, elements: stream.normals(features * d).map { $0 / Double(d).squareRoot() })
        let b = stream.normals(features)
        for other in [x, y, antiparallel] {
            let ux = product(w, x.elements), uy = product(w, other.elements)
            var k1 = 0.0, k0 = 0.0
            for j in 0..<features {
                let a = ux[j] + b[j], c = uy[j] + b[j]
                k1 += max(a, 0) * max(c, 0)
                k0 += (a > 0 ? 1 : 0) * (c > 0 ? 1 : 0)
            }
            k1 /= Double(features)
            k0 /= Double(features)
            let q = dot(x.elements, other.elements) / Double(d) + 1
            XCTAssertEqual(RotationInvariantKernel.randomFeatures.matrix(x, other)[0, 0], k1, accuracy: 1e-2)
            XCTAssertEqual(RotationInvariantKernel.neuralTangent.matrix(x, other)[0, 0], k1 + q * k0, accuracy: 2e-2)
        }
    }

    func test_kernelRidge_withTinyLambda_interpolates() throws {
        let x = gaussian(200, 5, seed: 18), xv = gaussian(50, 5, seed: 19)
        let y = (0..<200).map { sin(Double($0)) }
        let model = try KernelRidgeRegression(kernel: .randomFeatures, inputs: x, labels: y, validationInputs: xv,
                                              validationLabels: [Double](repeating: 0, count: 50), relativeLambdas: [1e-10])
        XCTAssertLessThanOrEqual(RepresentationMetrics.meanSquaredError(model.predict(x), y), 1e-6)
        XCTAssertThrowsError(try KernelRidgeRegression(kernel: .randomFeatures, inputs: gaussian(8193, 2, seed: 1), labels: [Double](repeating: 0, count: 8193),
                                                       validationInputs: xv, validationLabels: [], relativeLambdas: [1]))
    }

    func test_samplesToReach_isExactOnPowerLaws_andFlagsCensoring() {
        let sizes = [100.0, 200, 400, 800]
        let errors = sizes.map { 10 / $0 }  // MSE = c/n
        XCTAssertEqual(RepresentationMetrics.samplesToReach(0.03, sizes: sizes, errors: errors).value!, 10 / 0.03, accuracy: 1e-9)
        XCTAssertEqual(RepresentationMetrics.samplesToReach(0.5, sizes: sizes, errors: errors), .atMost(100))
        XCTAssertEqual(RepresentationMetrics.samplesToReach(0.001, sizes: sizes, errors: errors), .above(800))
        let d = [16.0, 32, 64, 128]
        let fit = RepresentationMetrics.slope(x: d.map { log($0) }, y: d.map { log(3 * $0 * $0) })
        XCTAssertEqual(fit.slope, 2, accuracy: 1e-12)
    }

    func test_sameSeedAndParameters_giveIdenticalResults() throws {
        func run() throws -> AlgorithmOne.Result {
            let streams = ExperimentStreams(seed: 5, dimension: 12, rank: 1)
            let u = streams.subspace()
            let x = streams.training.rows(0, 500), xv = streams.validation.rows(0, 200)
            let initial = try TwoLayerNetwork.symmetricInitialisation(width: 40, dimension: 12, stream: streams.initialisation)
            return try AlgorithmOne.run(initial: initial, inputs: x, labels: Target.singleIndex.values(inputs: x, subspace: u),
                                        validationInputs: xv, validationLabels: Target.singleIndex.values(inputs: xv, subspace: u))
        }
        let first = try run(), second = try run()
        XCTAssertEqual(first.network.weights, second.network.weights)
        XCTAssertEqual(first.network.outputWeights, second.network.outputWeights)
        XCTAssertEqual(first.validationCurve, second.validationCurve)
    }

    /// The authors' demo (T0, n = 10 000, d = 100, m = 1 000, σ² = 1): excess test loss in [0.03, 0.15].
    func test_authorsDemo_landsInTheSpecBand() throws {
        let loss = try RepresentationDemo.excessTestLoss(seed: 0)
        XCTAssertGreaterThanOrEqual(loss, 0.03)
        XCTAssertLessThanOrEqual(loss, 0.15)
    }
}
