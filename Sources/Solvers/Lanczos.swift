import LinearAlgebra
import Randomness

/// The largest eigenpairs of a symmetric operator, as `Lanczos.topEigenpairs` returns them.
public struct Eigenpairs {
    /// Eigenvalues, largest first.
    public var values: [Double]
    /// Unit eigenvectors, in the order of `values`.
    public var vectors: [[Double]]
    /// Residual norms ‖Av − λv‖: the Lanczos estimate |β_m s_{m,i}|, exact in exact arithmetic
    /// with full reorthogonalisation, or measured when asked for.
    public var residuals: [Double]
    /// Operator applications used.
    public var operatorApplications: Int
    /// Whether every residual met the tolerance.
    public var isConverged: Bool
}

/// Lanczos iteration with full reorthogonalisation and explicit restarts, warm-started, for the
/// top eigenpairs of a symmetric operator given only as v ↦ Av (docs/eos.md §3: "Lanczos with full
/// reorthogonalisation (≈ 20 vectors); warm start from the previous u; stop at relative residual
/// ‖Hu − λu‖ ≤ 1e-9·|λ|").
public enum Lanczos {
    /// - Parameters:
    ///   - count: how many of the largest (algebraic) eigenpairs.
    ///   - start: the warm start (previous eigenvector). For count > 1, or a zero start, a small
    ///     seeded random part is added so the Krylov space does not end at the start vector.
    ///   - relativeTolerance: stop when every wanted residual ≤ tolerance·|λ|.
    ///   - basisSize: Krylov vectors per restart cycle.
    ///   - maximumApplications: a cap on operator applications.
    ///   - measureResiduals: recompute ‖Av − λv‖ exactly (count more applications).
    ///   - apply: v ↦ Av.
    /// - Complexity: per iteration one application plus O(j·dimension) for reorthogonalisation.
    public static func topEigenpairs(count: Int, start: [Double], relativeTolerance: Double = 1e-9,
                                     basisSize: Int = 30, maximumApplications: Int = 400, seed: UInt64 = 0,
                                     measureResiduals: Bool = false,
                                     apply: ([Double]) -> [Double]) -> Eigenpairs {
        let dimension = start.count
        precondition(count >= 1 && count <= dimension, "count must be in 1…dimension")
        var initial = start
        let startNorm = norm(initial)
        if startNorm == 0 || count > 1 {
            var stream = RandomStream(seed: seed)
            let noise = stream.normals(dimension)
            axpy(startNorm == 0 ? 1 : 1e-2 * startNorm / norm(noise), noise, &initial)
        }
        var applications = 0
        let size = min(basisSize, dimension)
        var result = Eigenpairs(values: [], vectors: [], residuals: [], operatorApplications: 0, isConverged: false)
        while true {
            let cycle = lanczosCycle(start: initial, count: count, size: size, tolerance: relativeTolerance,
                                     budget: maximumApplications - applications, apply: apply)
            applications += cycle.applications
            result = Eigenpairs(values: cycle.values, vectors: cycle.vectors, residuals: cycle.residuals,
                                operatorApplications: applications, isConverged: cycle.converged)
            if cycle.converged || cycle.nonFinite || applications >= maximumApplications { break }
            // Restart from the sum of the wanted Ritz vectors.
            initial = [Double](repeating: 0, count: dimension)
            for vector in cycle.vectors { axpy(1, vector, &initial) }
        }
        if measureResiduals {
            result.residuals = zip(result.values, result.vectors).map { value, vector in
                var residual = apply(vector)
                axpy(-value, vector, &residual)
                return norm(residual)
            }
            result.operatorApplications += result.values.count
        }
        return result
    }

    struct Cycle {
        var values: [Double]
        var vectors: [[Double]]
        var residuals: [Double]
        var applications: Int
        var converged: Bool
        /// The operator returned a non-finite value; the values are NaN.
        var nonFinite = false
    }

    /// One Lanczos cycle of at most `size` steps from `start`.
    static func lanczosCycle(start: [Double], count: Int, size: Int, tolerance: Double, budget: Int,
                             apply: ([Double]) -> [Double]) -> Cycle {
        var first = start
        scale(&first, by: 1 / norm(first))
        var basis: [[Double]] = [first]
        var alphas: [Double] = [], betas: [Double] = []
        var applications = 0
        var converged = false
        var ritzValues: [Double] = [], ritzVectors = Matrix<Double>(rows: 0, columns: 0)
        var lastBeta = 0.0
        for j in 0..<size {
            var w = apply(basis[j])
            applications += 1
            alphas.append(dot(w, basis[j]))
            // Full reorthogonalisation, twice ("twice is enough", Parlett).
            for _ in 0..<2 {
                for vector in basis { axpy(-dot(w, vector), vector, &w) }
            }
            lastBeta = norm(w)
            // Rayleigh–Ritz on the tridiagonal T (alphas on the diagonal, betas beside it).
            let m = j + 1
            var tridiagonal = Matrix<Double>(rows: m, columns: m)
            for i in 0..<m {
                tridiagonal[i, i] = alphas[i]
                if i + 1 < m {
                    tridiagonal[i, i + 1] = betas[i]
                    tridiagonal[i + 1, i] = betas[i]
                }
            }
            guard alphas.allSatisfy(\.isFinite), lastBeta.isFinite, let decomposition = try? symmetricEigendecomposition(tridiagonal) else {
                // The operator returned NaN or infinity (a diverged point): no eigenpair exists to report.
                return Cycle(values: Array(repeating: .nan, count: count), vectors: Array(repeating: first, count: count),
                             residuals: Array(repeating: .nan, count: count), applications: applications, converged: false, nonFinite: true)
            }
            ritzValues = decomposition.values.reversed()
            ritzVectors = decomposition.vectors
            let wanted = min(count, m)
            let estimates = (0..<wanted).map { abs(lastBeta * ritzVectors[m - 1, m - 1 - $0]) }
            let exhausted = lastBeta <= 1e-13 * max(abs(ritzValues[0]), 1e-300)
            if m >= count, exhausted || zip(estimates, ritzValues).allSatisfy({ $0 <= tolerance * abs($1) }) {
                converged = true
            }
            if converged || applications >= budget || j == size - 1 || exhausted { break }
            betas.append(lastBeta)
            basis.append(w.map { $0 / lastBeta })
        }
        let m = alphas.count
        let wanted = min(count, m)
        var vectors: [[Double]] = []
        var residuals: [Double] = []
        for i in 0..<wanted {
            let column = m - 1 - i
            var y = [Double](repeating: 0, count: first.count)
            for k in 0..<m { axpy(ritzVectors[k, column], basis[k], &y) }
            scale(&y, by: 1 / norm(y))
            vectors.append(y)
            residuals.append(abs(lastBeta * ritzVectors[m - 1, column]))
        }
        return Cycle(values: Array(ritzValues.prefix(wanted)), vectors: vectors, residuals: residuals,
                     applications: applications, converged: converged)
    }
}
