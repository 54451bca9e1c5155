import LinearAlgebra
import Randomness

/// The two-layer ReLU network f(x) = Σ_j a_j σ(w_j·x + b_j) with the authors' symmetric
/// initialisation (docs/representations.md §1.4): for j ≤ h = m/2, w_j ~ N(0, I/d), b_j ~ N(0, 1),
/// a_j = ±1; then w_{j+h} = w_j, b_{j+h} = b_j, a_{j+h} = −a_j, so f ≡ 0 at initialisation.
public struct TwoLayerNetwork {
    /// First layer W (m × d).
    public var weights: Matrix<Double>
    public var biases: [Double]
    public var outputWeights: [Double]

    public var width: Int { weights.rows }

    public init(weights: Matrix<Double>, biases: [Double], outputWeights: [Double]) {
        precondition(biases.count == weights.rows, "one bias per first-layer row")
        self.weights = weights
        self.biases = biases
        self.outputWeights = outputWeights
    }

    /// The symmetric initialisation; an odd width is an error naming the parameter.
    public static func symmetricInitialisation(width m: Int, dimension d: Int, stream: RandomStream) throws -> TwoLayerNetwork {
        guard m >= 2, m % 2 == 0 else { throw RepresentationError.invalidParameter("width", "must be even and at least 2, got \(m)") }
        let h = m / 2
        var weightStream = stream.stream(named: "w"), biasStream = stream.stream(named: "b"), signStream = stream.stream(named: "a")
        var weights = Matrix<Double>(rows: m, columns: d)
        var biases = [Double](repeating: 0, count: m), output = [Double](repeating: 0, count: m)
        let scale = 1 / Double(d).squareRoot()
        for j in 0..<h {
            for k in 0..<d {
                let value = scale * weightStream.normal()
                weights[j, k] = value
                weights[j + h, k] = value
            }
            biases[j] = biasStream.normal()
            biases[j + h] = biases[j]
            output[j] = signStream.next() & 1 == 0 ? 1 : -1
            output[j + h] = -output[j]
        }
        return TwoLayerNetwork(weights: weights, biases: biases, outputWeights: output)
    }

    /// The paper's variant (docs/representations.md §1.4, unverified recollection): w_j uniform on the
    /// unit sphere, b_j = 0 during the first step, a_j = ±1, in the same symmetric pairs. The biases
    /// are re-drawn before the second stage (`redrawnBiases`).
    public static func paperInitialisation(width m: Int, dimension d: Int, stream: RandomStream) throws -> TwoLayerNetwork {
        var network = try symmetricInitialisation(width: m, dimension: d, stream: stream)
        for j in 0..<(m / 2) {
            let row = Array(network.weights.elements[(j * d)..<((j + 1) * d)])
            let length = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for k in 0..<d {
                network.weights[j, k] = row[k] / length
                network.weights[j + m / 2, k] = row[k] / length
            }
        }
        network.biases = [Double](repeating: 0, count: m)
        return network
    }

    /// m independent N(0, 1) biases from their own stream (the paper variant's second stage).
    public static func redrawnBiases(width m: Int, stream: RandomStream) -> [Double] {
        var biasStream = stream
        return biasStream.normals(m)
    }

    /// σ(XWᵀ + 1bᵀ) for rows of X: the n × m feature matrix.
    public func features(_ x: Matrix<Double>) -> Matrix<Double> {
        var h = Matrix<Double>(rows: x.rows, columns: width)
        for row in 0..<x.rows { h.elements.replaceSubrange((row * width)..<((row + 1) * width), with: biases) }
        multiply(x, transposed: false, weights, transposed: true, into: &h, alpha: 1, beta: 1)
        for index in h.elements.indices where h.elements[index] < 0 { h.elements[index] = 0 }
        return h
    }

    /// f(x) for rows of X.
    public func outputs(_ x: Matrix<Double>) -> [Double] { product(features(x), outputWeights) }
}

/// A bad parameter of the representation experiments, naming it.
public enum RepresentationError: Error, CustomStringConvertible, Equatable {
    case invalidParameter(String, String)
    case degenerate(String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason): return "parameter '\(name)': \(reason)"
        case .degenerate(let reason): return reason
        }
    }
}
