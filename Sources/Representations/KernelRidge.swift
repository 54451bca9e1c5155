import Foundation
import LinearAlgebra

/// Rotation-invariant kernels of the network at initialisation (docs/representations.md §3), with
/// q = x·x′/d + 1, s(x) = √(‖x‖²/d + 1), c = q/(s s′) clipped to [−1, 1], θ = arccos c:
/// the random-features kernel k₁ = (s s′ sin θ + (π − θ) q)/(2π) (order-1 arc-cosine kernel of
/// (x/√d, 1)), k₀ = (π − θ)/(2π), and the NTK Θ = k₁ + q·k₀.
public enum RotationInvariantKernel: String, CaseIterable {
    case randomFeatures = "rf"
    case neuralTangent = "ntk"

    /// The kernel matrix between rows of A (n × d) and B (n′ × d), by one GEMM then elementwise.
    public func matrix(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
        let d = Double(a.columns)
        var inner = product(a, transposed: false, b, transposed: true)
        let normsA = (0..<a.rows).map { row in (a.elements[(row * a.columns)..<((row + 1) * a.columns)].reduce(0) { $0 + $1 * $1 } / d + 1).squareRoot() }
        let normsB = (0..<b.rows).map { row in (b.elements[(row * b.columns)..<((row + 1) * b.columns)].reduce(0) { $0 + $1 * $1 } / d + 1).squareRoot() }
        for i in 0..<a.rows {
            for j in 0..<b.rows {
                let q = inner[i, j] / d + 1
                inner[i, j] = value(q: q, s: normsA[i], sʹ: normsB[j])
            }
        }
        return inner
    }

    @inline(__always)
    func value(q: Double, s: Double, sʹ: Double) -> Double {
        let c = min(1, max(-1, q / (s * sʹ)))
        let θ = acos(c)
        let k1 = (s * sʹ * (1 - c * c).squareRoot() + (Double.pi - θ) * q) / (2 * Double.pi)
        switch self {
        case .randomFeatures: return k1
        case .neuralTangent: return k1 + q * (Double.pi - θ) / (2 * Double.pi)
        }
    }
}

/// Kernel ridge regression (K + λ_rel·(tr K/n)·I)α = y by Cholesky, λ_rel chosen on a validation set.
public struct KernelRidgeRegression {
    /// Training sizes above this are refused: the n × n matrix would pass 512 MiB.
    public static let maximumExamples = 8192

    public var kernel: RotationInvariantKernel
    public var chosenRelativeLambda: Double
    public var validationCurve: [Double]
    public var coefficients: [Double]
    let trainingInputs: Matrix<Double>

    /// Fits for every λ_rel and keeps the one with the smallest validation MSE.
    public init(kernel: RotationInvariantKernel, inputs x: Matrix<Double>, labels y: [Double],
                validationInputs xv: Matrix<Double>, validationLabels yv: [Double], relativeLambdas: [Double]) throws {
        guard x.rows <= KernelRidgeRegression.maximumExamples else {
            throw RepresentationError.invalidParameter("n", "kernel ridge regression is capped at n = \(KernelRidgeRegression.maximumExamples) (memory); got \(x.rows)")
        }
        self.kernel = kernel
        trainingInputs = x
        let gram = kernel.matrix(x, x)
        let trace = (0..<x.rows).reduce(0) { $0 + gram[$1, $1] } / Double(x.rows)
        let cross = kernel.matrix(xv, x)  // n_val × n
        var best: (error: Double, lambda: Double, alpha: [Double])? = nil
        var curve: [Double] = []
        for λ in relativeLambdas {
            var regularised = gram
            for i in 0..<x.rows { regularised[i, i] += λ * trace }
            let alpha = try choleskySolve(regularised, Matrix(rows: x.rows, columns: 1, elements: y)).elements
            let predictions = product(cross, alpha)
            let error = zip(predictions, yv).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(yv.count)
            curve.append(error)
            if best == nil || error < best!.error { best = (error, λ, alpha) }
        }
        chosenRelativeLambda = best!.lambda
        validationCurve = curve
        coefficients = best!.alpha
    }

    /// Predictions k(x, X)α for rows of X′.
    public func predict(_ inputs: Matrix<Double>) -> [Double] {
        KernelRidgePredictor(kernel: kernel, trainingInputs: trainingInputs, coefficients: coefficients).predict(inputs)
    }
}

/// A fitted kernel model k(·, X)α, as stored by a fit and reloaded for measurement.
public struct KernelRidgePredictor {
    public var kernel: RotationInvariantKernel
    public var trainingInputs: Matrix<Double>
    public var coefficients: [Double]

    public init(kernel: RotationInvariantKernel, trainingInputs: Matrix<Double>, coefficients: [Double]) {
        self.kernel = kernel
        self.trainingInputs = trainingInputs
        self.coefficients = coefficients
    }

    /// Predictions k(x, X)α for rows of X′, in tiles of 4096 rows (the kernel tile stays small).
    public func predict(_ inputs: Matrix<Double>) -> [Double] {
        var result: [Double] = []
        for start in stride(from: 0, to: inputs.rows, by: 4096) {
            let count = min(4096, inputs.rows - start)
            let tile = Matrix(rows: count, columns: inputs.columns, elements: Array(inputs.elements[(start * inputs.columns)..<((start + count) * inputs.columns)]))
            result += product(kernel.matrix(tile, trainingInputs), coefficients)
        }
        return result
    }
}
