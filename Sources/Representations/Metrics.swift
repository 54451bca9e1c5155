import Foundation
import LinearAlgebra

/// The metrics of docs/representations.md §4.
public enum RepresentationMetrics {
    /// frac_in_span = ‖WUᵀ‖²_F / ‖W‖²_F: the fraction of the first layer's squared norm in span(Uᵀ).
    public static func fractionInSpan(_ w: Matrix<Double>, subspace u: Matrix<Double>) -> Double {
        let projected = product(w, transposed: false, u, transposed: true)
        return projected.elements.reduce(0) { $0 + $1 * $1 } / w.elements.reduce(0) { $0 + $1 * $1 }
    }

    /// min_cos: the smallest singular value of U·V_r, V_r the top-r eigenvectors of WᵀW (the cosine
    /// of the largest principal angle between span(Uᵀ) and the learned top-r directions).
    public static func minimumCosine(_ w: Matrix<Double>, subspace u: Matrix<Double>) throws -> Double {
        let decomposition = try symmetricEigendecomposition(product(w, transposed: true, w))
        let d = w.columns, r = u.rows
        var top = Matrix<Double>(rows: d, columns: r)
        for k in 0..<r { for i in 0..<d { top[i, k] = decomposition.vectors[i, d - 1 - k] } }
        let overlap = product(u, top)  // r × r
        let singular = try symmetricEigendecomposition(product(overlap, transposed: true, overlap)).values
        return max(singular.first ?? 0, 0).squareRoot()
    }

    /// Mean squared error.
    public static func meanSquaredError(_ predictions: [Double], _ targets: [Double]) -> Double {
        zip(predictions, targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(max(targets.count, 1))
    }

    /// n*(ε) on a curve MSE(n) sorted by n: the first k with MSE_k > ε ≥ MSE_{k+1}, interpolated
    /// log-linearly: n* = n_k (n_{k+1}/n_k)^t, t = ln(MSE_k/ε)/ln(MSE_k/MSE_{k+1}).
    public enum Threshold: Equatable {
        case crossed(Double)
        /// Already below ε at the smallest n: n* ≤ n₁.
        case atMost(Double)
        /// Never below ε: n* > n_max.
        case above(Double)

        public var value: Double? { if case .crossed(let n) = self { return n } else { return nil } }
    }

    public static func samplesToReach(_ epsilon: Double, sizes: [Double], errors: [Double]) -> Threshold {
        guard let first = errors.first, let firstSize = sizes.first else { return .above(0) }
        if first <= epsilon { return .atMost(firstSize) }
        for k in 0..<(sizes.count - 1) where errors[k] > epsilon && epsilon >= errors[k + 1] {
            let t = log(errors[k] / epsilon) / log(errors[k] / errors[k + 1])
            return .crossed(sizes[k] * pow(sizes[k + 1] / sizes[k], t))
        }
        return .above(sizes.last!)
    }

    /// The ordinary least-squares slope of y on x with its standard error.
    public static func slope(x: [Double], y: [Double]) -> (slope: Double, standardError: Double) {
        let n = Double(x.count)
        let mx = Statistics.mean(x), my = Statistics.mean(y)
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let slope = Statistics.leastSquaresSlope(x, y)
        let residual = zip(x, y).reduce(0) { $0 + pow($1.1 - my - slope * ($1.0 - mx), 2) }
        let error = n > 2 ? (residual / (n - 2) / sxx).squareRoot() : .nan
        return (slope, error)
    }
}
