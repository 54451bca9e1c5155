import Foundation
import LinearAlgebra

/// Algorithm 1 as the authors' code runs it (docs/representations.md §2): remove the constant and
/// linear parts of the labels, take one full-batch gradient step on the first layer normalised
/// to RMS row norm 1, then fit the second layer by ridge regression for a whole λ grid from one
/// eigendecomposition, choosing λ on a validation set.
public enum AlgorithmOne {
    /// Rows per block in the passes over the training data (features of at most 8192 × m).
    public static let blockRows = 8192

    /// The λ grid of the authors' code: 100 geometrically spaced values from 1e−10 to 1e15.
    public static let lambdaGrid: [Double] = (0..<100).map { index -> Double in pow(10.0, -10.0 + 25.0 * Double(index) / 99.0) }

    /// The result of one run.
    public struct Result {
        /// C0 = mean y and C1 = (1/n)Σ y_i x_i: the removed constant and linear parts.
        public var constant: Double
        public var linear: [Double]
        /// ρ = RMS_j ‖∇_{w_j}L‖ at initialisation.
        public var gradientScale: Double
        /// W⁽¹⁾ = −∇_W L / ρ (m × d), and the unchanged biases.
        public var network: TwoLayerNetwork
        /// Validation MSE for every λ of the grid, and the chosen index (first minimum).
        public var validationCurve: [Double]
        public var chosenIndex: Int

        /// The fitted predictor at every row of `x`: C0 + C1·x + a·σ(Wx + b).
        public func predict(_ x: Matrix<Double>) -> [Double] {
            AlgorithmOne.predict(network: network, constant: constant, linear: linear, inputs: x)
        }
    }

    /// Algorithm 1's predictor f(x) = C0 + C1·x + a·σ(Wx + b) at every row of `x`.
    public static func predict(network: TwoLayerNetwork, constant: Double, linear: [Double], inputs x: Matrix<Double>) -> [Double] {
        var prediction = network.outputs(x)
        let linearPart = product(x, linear)
        for index in prediction.indices { prediction[index] += constant + linearPart[index] }
        return prediction
    }

    /// Residual labels ỹ = y − C0 − X·C1.
    public static func residualise(_ y: [Double], inputs x: Matrix<Double>, constant: Double, linear: [Double]) -> [Double] {
        var residual = product(x, linear)
        for index in residual.indices { residual[index] = y[index] - constant - residual[index] }
        return residual
    }

    /// Runs Algorithm 1 from the symmetric initialisation `initial`.
    /// - Parameters:
    ///   - firstStep: false gives the RF-init baseline (features σ(W⁽⁰⁾x + b), same ridge).
    ///   - redrawnBiases: the paper variant's biases for the second stage (nil: keep b).
    public static func run(initial: TwoLayerNetwork, inputs x: Matrix<Double>, labels y: [Double],
                           validationInputs xv: Matrix<Double>, validationLabels yv: [Double],
                           lambdas: [Double] = lambdaGrid, firstStep: Bool = true, redrawnBiases: [Double]? = nil) throws -> Result {
        let n = x.rows, d = x.columns
        // 1. C0 = (1/n)Σ y_i, C1 = (1/n)Σ y_i x_i, ỹ = y − C0 − C1·x.
        let constant = y.reduce(0, +) / Double(n)
        var linear = product(x, transposed: true, y)
        scale(&linear, by: 1 / Double(n))
        let residual = residualise(y, inputs: x, constant: constant, linear: linear)
        var network = initial
        var rho = 1.0
        if firstStep {
            // 2. G_j = −(2/n) a_j Σ_i ỹ_i 1[w_j·x_i + b_j > 0] x_i for j ≤ h; G_{j+h} = −G_j.
            let gradient = firstLayerGradient(initial, inputs: x, residual: residual)
            let m = initial.width
            rho = (gradient.elements.reduce(0) { $0 + $1 * $1 } / Double(m)).squareRoot()
            guard rho > 0, rho.isFinite else { throw RepresentationError.degenerate("the first-step gradient is zero: ρ = \(rho)") }
            network.weights = Matrix(rows: m, columns: d, elements: gradient.elements.map { -$0 / rho })
        }
        if let redrawnBiases {
            precondition(redrawnBiases.count == network.width, "one re-drawn bias per neuron")
            network.biases = redrawnBiases
        }
        // 3. A = (1/n)Σ h hᵀ, β = (1/n)Σ ỹ h over row blocks.
        let m = network.width
        var gram = Matrix<Double>(rows: m, columns: m)
        var moment = [Double](repeating: 0, count: m)
        for start in stride(from: 0, to: n, by: blockRows) {
            let count = min(blockRows, n - start)
            let block = Matrix(rows: count, columns: d, elements: Array(x.elements[(start * d)..<((start + count) * d)]))
            let features = network.features(block)
            multiply(features, transposed: true, features, transposed: false, into: &gram, alpha: 1 / Double(n), beta: 1)
            multiply(features, transposed: true, Array(residual[start..<(start + count)]), into: &moment, alpha: 1 / Double(n), beta: 1)
        }
        // a(λ) = V (Vᵀβ ⊘ (S + λ)) for every λ, from one eigendecomposition (eigenvalues clipped at 0).
        let solutions = try RidgePath(gram: gram, moment: moment, lambdas: lambdas)
        // 4. Validation with the training C0, C1; λ* = first argmin.
        let validationResidual = residualise(yv, inputs: xv, constant: constant, linear: linear)
        let (curve, chosen) = solutions.validate(features: network.features(xv), labels: validationResidual)
        network.outputWeights = solutions.solution(chosen)
        return Result(constant: constant, linear: linear, gradientScale: rho, network: network,
                      validationCurve: curve, chosenIndex: chosen)
    }

    /// ∇_W L at the symmetric initialisation, where f = 0 (closed form, chunked GEMMs, half the
    /// rows computed): P = XW₊ᵀ + b, M = 1[P > 0] ⊙ ỹ, S = MᵀX, G_j = −(2/n)a_j S_j, G_{j+h} = −G_j.
    public static func firstLayerGradient(_ network: TwoLayerNetwork, inputs x: Matrix<Double>, residual: [Double]) -> Matrix<Double> {
        let n = x.rows, d = x.columns, m = network.width, h = m / 2
        let half = TwoLayerNetwork(weights: Matrix(rows: h, columns: d, elements: Array(network.weights.elements[0..<(h * d)])),
                                   biases: Array(network.biases[0..<h]), outputWeights: [])
        var sums = Matrix<Double>(rows: h, columns: d)
        for start in stride(from: 0, to: n, by: blockRows) {
            let count = min(blockRows, n - start)
            let block = Matrix(rows: count, columns: d, elements: Array(x.elements[(start * d)..<((start + count) * d)]))
            var mask = Matrix<Double>(rows: count, columns: h)
            for row in 0..<count { mask.elements.replaceSubrange((row * h)..<((row + 1) * h), with: half.biases) }
            multiply(block, transposed: false, half.weights, transposed: true, into: &mask, alpha: 1, beta: 1)
            for row in 0..<count {
                let label = residual[start + row]
                for column in 0..<h { mask.elements[row * h + column] = mask.elements[row * h + column] > 0 ? label : 0 }
            }
            multiply(mask, transposed: true, block, transposed: false, into: &sums, alpha: 1, beta: 1)
        }
        var gradient = Matrix<Double>(rows: m, columns: d)
        for j in 0..<h {
            let factor = -2 / Double(n) * network.outputWeights[j]
            for k in 0..<d {
                gradient[j, k] = factor * sums[j, k]
                gradient[j + h, k] = -gradient[j, k]
            }
        }
        return gradient
    }
}

/// Ridge solutions a(λ) = (A + λI)⁻¹β for a grid of λ from one symmetric eigendecomposition of A.
public struct RidgePath {
    /// m × |Λ|: column l is a(λ_l).
    public var coefficients: Matrix<Double>

    public init(gram: Matrix<Double>, moment: [Double], lambdas: [Double]) throws {
        let decomposition = try symmetricEigendecomposition(gram)
        let m = gram.rows
        let projected = product(decomposition.vectors, transposed: true, moment)  // c = Vᵀβ
        var scaled = Matrix<Double>(rows: m, columns: lambdas.count)
        for k in 0..<m {
            let eigenvalue = max(decomposition.values[k], 0)
            for (l, λ) in lambdas.enumerated() { scaled[k, l] = projected[k] / (eigenvalue + λ) }
        }
        coefficients = product(decomposition.vectors, scaled)
    }

    /// Validation MSE of every a(λ) on features H_val (n_val × m) against labels, and the index of
    /// the first minimum. Predictions for the whole grid are one GEMM.
    public func validate(features: Matrix<Double>, labels: [Double]) -> (curve: [Double], chosen: Int) {
        let predictions = product(features, coefficients)  // n_val × |Λ|
        let count = coefficients.columns
        var curve = [Double](repeating: 0, count: count)
        for row in 0..<features.rows {
            for l in 0..<count {
                let error = predictions[row, l] - labels[row]
                curve[l] += error * error / Double(features.rows)
            }
        }
        return (curve, curve.indices.min { curve[$0] < curve[$1] } ?? 0)
    }

    /// a(λ_l): column l of `coefficients`.
    public func solution(_ l: Int) -> [Double] { (0..<coefficients.rows).map { coefficients[$0, l] } }
}

/// Ridge regression of raw labels on frozen features σ(Wx + b) (the transfer heuristic and the
/// RF-init head of docs/representations.md §5.5): A = HᵀH/n, β = Hᵀy/n, a(λ) for the whole λ grid from
/// one eigendecomposition, λ chosen on a validation set.
public enum FrozenFeatureRidge {
    /// Returns the network with its output weights fitted, and the validation curve.
    public static func fit(_ network: TwoLayerNetwork, inputs x: Matrix<Double>, labels y: [Double],
                           validationInputs xv: Matrix<Double>, validationLabels yv: [Double],
                           lambdas: [Double] = AlgorithmOne.lambdaGrid) throws -> (network: TwoLayerNetwork, curve: [Double], chosen: Int) {
        let n = x.rows, m = network.width
        let features = network.features(x)
        var gram = Matrix<Double>(rows: m, columns: m)
        multiply(features, transposed: true, features, transposed: false, into: &gram, alpha: 1 / Double(n), beta: 0)
        var moment = product(features, transposed: true, y)
        scale(&moment, by: 1 / Double(n))
        let path = try RidgePath(gram: gram, moment: moment, lambdas: lambdas)
        let (curve, chosen) = path.validate(features: network.features(xv), labels: yv)
        var fitted = network
        fitted.outputWeights = path.solution(chosen)
        return (fitted, curve, chosen)
    }
}
