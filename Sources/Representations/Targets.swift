import LinearAlgebra
import Randomness

/// Normalised probabilists' Hermite polynomials He_k/√k! (unit variance under N(0, 1)), by their
/// explicit formulas (docs/representations.md §1.2).
public enum Hermite {
    /// He_k(z)/√k! for k = 0…4.
    @inlinable
    public static func normalised(_ k: Int, _ z: Double) -> Double {
        switch k {
        case 0: return 1
        case 1: return z
        case 2: return (z * z - 1) / 2.0.squareRoot()                       // He₂ = z² − 1
        case 3: return (z * z * z - 3 * z) / 6.0.squareRoot()               // He₃ = z³ − 3z
        case 4: return (z * z * z * z - 6 * z * z + 3) / 24.0.squareRoot()  // He₄ = z⁴ − 6z² + 3
        default: preconditionFailure("Hermite degree \(k) is not implemented (0…4)")
        }
    }
}

/// The targets f*(x) = g(Ux) of docs/representations.md §1.2, each of mean 0 and variance 1.
public enum Target: String, CaseIterable, Codable {
    /// T0: He₂(z)/√2 (the authors' demo, with label noise σ² = 1).
    case demo = "T0"
    /// T1: (He₂/√2 + He₃/√6)/√2, r = 1, p = 3: the main single-index target.
    case singleIndex = "T1"
    /// T2: (A + B)/√2 with A = r^{−1/2}Σ He₂(z_i)/√2, B = r^{−1/2}Σ He₃(z_i)/√6 (multi-index).
    case multiIndex = "T2"
    /// T-src: He₂(z)/√2 (transfer source).
    case transferSource = "T-src"
    /// T-tgt: He₃(z)/√6 (transfer target; E[∇²g] = 0).
    case transferTarget = "T-tgt"

    /// The degree p of g.
    public var degree: Int { self == .demo || self == .transferSource ? 2 : 3 }

    /// g(z) for one row z = Ux (length r).
    public func value(_ z: ArraySlice<Double>) -> Double {
        switch self {
        case .demo, .transferSource: return Hermite.normalised(2, z[z.startIndex])
        case .transferTarget: return Hermite.normalised(3, z[z.startIndex])
        case .singleIndex:
            let value = z[z.startIndex]
            return (Hermite.normalised(2, value) + Hermite.normalised(3, value)) / 2.0.squareRoot()
        case .multiIndex:
            let scale = 1 / Double(z.count).squareRoot()
            var a = 0.0, b = 0.0
            for value in z {
                a += Hermite.normalised(2, value)
                b += Hermite.normalised(3, value)
            }
            return scale * (a + b) / 2.0.squareRoot()
        }
    }

    /// f*(x) for every row of X (n × d): z = XUᵀ by one GEMM, then g row by row.
    public func values(inputs x: Matrix<Double>, subspace u: Matrix<Double>) -> [Double] {
        let z = product(x, transposed: false, u, transposed: true)  // n × r
        return (0..<x.rows).map { row in value(z.elements[(row * u.rows)..<((row + 1) * u.rows)]) }
    }
}

/// The relevant subspace U ∈ R^{r×d} with orthonormal rows (docs/representations.md §1.3): for r = 1,
/// u = g/‖g‖ with g ~ N(0, I_d); for r ≥ 2, Gram–Schmidt of r Gaussian vectors, whose first row is
/// then the r = 1 vector from the same stream.
public func relevantSubspace(dimension d: Int, rank r: Int, stream: inout RandomStream) -> Matrix<Double> {
    precondition(r >= 1 && r <= d, "need 1 ≤ r ≤ d")
    var rows: [[Double]] = []
    for _ in 0..<r {
        var vector = stream.normals(d)
        for previous in rows { axpy(-dot(vector, previous), previous, &vector) }
        for previous in rows { axpy(-dot(vector, previous), previous, &vector) }  // twice is enough
        scale(&vector, by: 1 / norm(vector))
        rows.append(vector)
    }
    return Matrix(rows)
}

/// Gaussian inputs x ~ N(0, I_d) generated in fixed blocks of 4096 rows, each block from its own
/// sub-stream of `stream`, so a sample of n rows is a prefix of any larger sample and results do
/// not depend on n, chunking or thread count (docs/representations.md §8).
public struct GaussianInputs {
    public static let blockRows = 4096
    public let dimension: Int
    public let stream: RandomStream

    public init(dimension: Int, stream: RandomStream) {
        self.dimension = dimension
        self.stream = stream
    }

    /// Rows [start, start + count) as a count × d matrix.
    public func rows(_ start: Int, _ count: Int) -> Matrix<Double> {
        var result = Matrix<Double>(rows: count, columns: dimension)
        var row = start
        while row < start + count {
            let block = row / GaussianInputs.blockRows
            var blockStream = stream.stream(index: block)
            let offset = row - block * GaussianInputs.blockRows
            // Skip to the offset inside the block (normals come in pairs per Box–Muller call).
            var values = blockStream.normals((offset + min(GaussianInputs.blockRows - offset, start + count - row)) * dimension)
            values.removeFirst(offset * dimension)
            let taken = values.count / dimension
            result.elements.replaceSubrange(((row - start) * dimension)..<((row - start + taken) * dimension), with: values)
            row += taken
        }
        return result
    }
}
