import EdgeOfStability
import LinearAlgebra
import Networks
import Randomness
import XCTest

/// ∇S against the derivative of the converged top eigenvalue, and the projection's constraints
/// (docs/eos.md §3, T3 and T5) on a network small enough for dense Hessians.
final class SharpnessTests: XCTestCase {
    func makeOracle(seed: UInt64 = 3) -> (SharpnessOracle<Double>, [Double]) { smallSharpnessOracle(seed: seed) }

    func denseTopEigenvalue(_ oracle: SharpnessOracle<Double>, at θ: [Double]) throws -> (Double, Double) {
        let evaluation = oracle.objective.evaluate(at: θ)
        let p = θ.count
        var hessian = Matrix<Double>(rows: p, columns: p)
        for j in 0..<p {
            var unit = [Double](repeating: 0, count: p)
            unit[j] = 1
            let column = oracle.hessianVectorProduct(at: evaluation, along: unit)
            for i in 0..<p { hessian[i, j] = column[i] }
        }
        let values = try symmetricEigendecomposition(hessian).values
        return (values[p - 1], values[p - 2])
    }

    func test_topEigenpair_matchesDenseEigensolver() throws {
        let (oracle, θ) = makeOracle()
        var stream = RandomStream(seed: 9)
        let pairs = oracle.topEigenpairs(at: oracle.objective.evaluate(at: θ), start: stream.normals(θ.count), count: 2)
        let (top, second) = try denseTopEigenvalue(oracle, at: θ)
        XCTAssertEqual(pairs.values[0], top, accuracy: 1e-9 * top)
        XCTAssertEqual(pairs.values[1], second, accuracy: 1e-9 * top)
        XCTAssertLessThanOrEqual(pairs.residuals[0], 1e-8 * top)
    }

    func test_sharpnessGradient_matchesDerivativeOfTopEigenvalue() throws {
        let (oracle, θ) = makeOracle()
        var stream = RandomStream(seed: 11)
        let start = stream.normals(θ.count)
        let center = oracle.center(at: θ, warmStart: start)
        for directionSeed: UInt64 in [1, 2, 3] {
            var directionStream = RandomStream(seed: directionSeed)
            let w = directionStream.unitVector(dimension: θ.count)
            let ε = 1e-5
            var plus = θ, minus = θ
            axpy(ε, w, &plus)
            axpy(-ε, w, &minus)
            let (sPlus, _) = try denseTopEigenvalue(oracle, at: plus)
            let (sMinus, _) = try denseTopEigenvalue(oracle, at: minus)
            let finiteDifference = (sPlus - sMinus) / (2 * ε)
            let analytic = dot(center.sharpnessGradient, w)
            XCTAssertEqual(analytic, finiteDifference, accuracy: 1e-4 * norm(center.sharpnessGradient), "direction \(directionSeed)")
        }
    }

    /// The pipeline's ∇S, the second difference of gradients (g(θ+εu) − 2g(θ) + g(θ−εu))/ε², against
    /// the central difference of exact HVPs (H(θ+εu)u − H(θ−εu)u)/(2ε), the formula it replaced
    /// (docs/eos.md §1.1): two estimates of ∇³L[u,u] from different derivative code (the backward
    /// pass against the R-operator), on an MLP, a CNN and a Transformer.
    func test_secondDifferenceOfGradients_matchesCentralDifferenceOfProducts() {
        var stream = RandomStream(seed: 31)
        let cnn = FeedForwardNetwork.convolutional(image: ImageShape(height: 5, width: 5, channels: 2), channels: [3, 2], outputs: 2, activation: .tanh)
        let cnnInputs = stream.normals(10 * 50)
        let cnnTargets = (0..<20).map { Double($0 % 2) }
        let transformer = Transformer(vocabulary: 8, length: 4, width: 4, heads: 2, layers: 1, hiddenWidth: 4, outputs: 1, activation: .gelu)
        let tokens = (0..<(12 * 4)).map { _ in Double(stream.next() % 8) }
        let objectives: [(String, any TrainingObjective<Double>, [Double])] = [
            ("MLP", makeOracle().0.objective, makeOracle().1),
            ("CNN", SupervisedObjective<Double>(model: cnn, loss: .squaredError, inputs: cnnInputs, targets: cnnTargets),
             cnn.initialParameters(stream: &stream)),
            ("Transformer", TransformerObjective<Double>(model: transformer, tokens: tokens, targets: (0..<12).map { $0 % 2 == 0 ? 1.0 : -1.0 }),
             transformer.initialParameters(stream: &stream)),
        ]
        for (name, objective, θ) in objectives {
            let oracle = SharpnessOracle(objective: objective)
            let evaluation = objective.evaluate(at: θ)
            let u = oracle.topEigenpair(at: evaluation, continuing: stream.normals(θ.count)).vectors[0]
            let secondDifference = oracle.sharpnessGradient(at: θ, gradient: evaluation.gradient, eigenvector: u)
            let centralDifference = oracle.sharpnessGradientFromProducts(at: θ, eigenvector: u)
            var difference = secondDifference
            axpy(-1, centralDifference, &difference)
            XCTAssertGreaterThan(norm(centralDifference), 1e-3, "\(name): ∇S must not vanish for the check to mean anything")
            XCTAssertLessThan(norm(difference), 1e-6 * norm(centralDifference), name)
        }
    }

    func test_projection_satisfiesTheConstraints() {
        let (oracle, θ0) = makeOracle()
        let (_, start, η) = nearEdgeOfStability(oracle, θ0)
        let trajectory = ConstrainedTrajectory(oracle: oracle, learningRate: η)
        let projected = trajectory.projectUntilConverged(start)
        XCTAssertEqual(projected.sharpness, 2 / η, accuracy: 1e-4 * 2 / η)
        XCTAssertLessThanOrEqual(abs(dot(projected.eigenvector, projected.gradient)), 1e-6 * norm(projected.gradient))
        // Before projecting, the constraints were violated: the test can fail.
        XCTAssertGreaterThan(abs(start.sharpness - 2 / η), 1e-2 * 2 / η)
        // A constrained step keeps the sharpness constraint and lowers the loss; its three linear
        // projections shrink the Newton residual u·∇L by at least two digits.
        let moved = trajectory.gradientStep(projected)
        let next = trajectory.project(moved)
        XCTAssertLessThanOrEqual(next.sharpness, (1 + 1e-4) * 2 / η)
        XCTAssertLessThanOrEqual(next.loss, projected.loss * (1 + 1e-6))
        let before = abs(dot(moved.eigenvector, moved.gradient)) / norm(moved.gradient)
        let after = abs(dot(next.eigenvector, next.gradient)) / norm(next.gradient)
        XCTAssertLessThanOrEqual(after, 1e-2 * before)
        let converged = trajectory.projectUntilConverged(next)
        XCTAssertLessThanOrEqual(abs(dot(converged.eigenvector, converged.gradient)), 1e-6 * norm(converged.gradient))
    }

    /// `project` stops once the constraints hold tightly and the next linear projection would be
    /// negligible (issue 16 item 3): it then
    /// spends fewer centres than it may, and the point it returns is within about that move of the
    /// point all of them reach, and satisfies the constraints.
    func test_projection_stopsWhenTheNextMoveIsNegligible() {
        let (oracle, θ0) = makeOracle()
        let (_, start, η) = nearEdgeOfStability(oracle, θ0)
        // This small network's projections gain only about 1.5 digits each: allow up to eight.
        let adaptive = ConstrainedTrajectory(oracle: oracle, learningRate: η, projectionSteps: 8)
        let moved = adaptive.gradientStep(adaptive.projectUntilConverged(start))
        var centers = [adaptive.prepared(moved)]
        for _ in 0..<8 { centers.append(adaptive.prepared(adaptive.linearProject(centers.last!))) }
        let moves = centers.map(adaptive.projectionMove)
        XCTAssertGreaterThan(moves[0], ConstrainedTrajectory.negligibleMove, "the gradient step leaves the constraint set")
        let needed = centers.indices.first { adaptive.constraintsHold(centers[$0]) && moves[$0] <= ConstrainedTrajectory.negligibleMove }!
        XCTAssertLessThan(needed, 8, "each projection gains digits: \(moves)")
        let center = centers.last!
        let projected = adaptive.project(moved)
        XCTAssertEqual(projected.point, centers[needed].point, "the projection is deterministic")
        // Every projected centre's eigensolve (∇S costs gradients, not products).
        XCTAssertEqual(projected.hessianVectorProducts, centers[1...needed].reduce(0) { $0 + $1.hessianVectorProducts })
        XCTAssertTrue(projected.hasSharpnessGradient)
        // All eight projections move it no further than about the negligible move.
        var difference = projected.point
        axpy(-1, center.point, &difference)
        XCTAssertLessThanOrEqual(norm(difference), 2 * ConstrainedTrajectory.negligibleMove * norm(center.point))
        XCTAssertLessThanOrEqual(projected.sharpness, (1 + 1e-4) * 2 / η)
        XCTAssertLessThanOrEqual(abs(dot(projected.eigenvector, projected.gradient)), 1e-6 * norm(projected.gradient))
    }

    /// `project` computes ∇S only where a projection or the result reads it (issue 16 item 3): it
    /// reaches the same centre, bit for bit, as projections that compute ∇S at every centre, and
    /// skips ∇S (two gradients) at each centre it passes at or below 2/η.
    func test_projection_computesTheSharpnessGradientOnlyWhereUsed() {
        let (small, θ0) = makeOracle()
        let counting = CountingObjective(small.objective)
        let oracle = SharpnessOracle(objective: counting, tolerance: small.tolerance)
        let (_, start, η) = nearEdgeOfStability(oracle, θ0)
        let trajectory = ConstrainedTrajectory(oracle: oracle, learningRate: η, projectionSteps: 6)
        let moved = trajectory.gradientStep(trajectory.projectUntilConverged(start))
        XCTAssertFalse(moved.hasSharpnessGradient, "the gradient step's centre leaves ∇S to the projection")
        // Every centre with ∇S: the reference's order of work.
        var eager = [oracle.withSharpnessGradient(moved)]
        while eager.count <= trajectory.projectionSteps {
            let c = eager.last!
            if trajectory.constraintsHold(c) && trajectory.projectionMove(c) <= ConstrainedTrajectory.negligibleMove { break }
            eager.append(oracle.withSharpnessGradient(trajectory.linearProject(c)))
        }
        let evaluationsBefore = counting.evaluations
        let projected = trajectory.project(moved)
        let projectionEvaluations = counting.evaluations - evaluationsBefore
        let result = eager.last!
        XCTAssertEqual(projected.point, result.point)
        XCTAssertEqual(projected.eigenvector, result.eigenvector)
        XCTAssertEqual(projected.sharpnessGradient, result.sharpnessGradient)
        let unread = eager.dropLast().filter { $0.sharpness <= 2 / η }.count
        XCTAssertGreaterThan(unread, 0, "some projection lands at or below 2/η, where its ∇S goes unread: \(eager.map { $0.sharpness * η / 2 })")
        XCTAssertEqual(projected.hessianVectorProducts, eager.dropFirst().reduce(0) { $0 + $1.hessianVectorProducts })
        // Gradients: one per projected centre, and two for ∇S at each centre except the unread ones.
        XCTAssertEqual(projectionEvaluations, (eager.count - 1) + 2 * (eager.count - unread))
    }
}

/// An objective that counts the gradients (`evaluate`) asked of the one it wraps: ∇S costs gradients,
/// not products, so a product count cannot show where it was skipped.
final class CountingObjective: TrainingObjective {
    let inner: any TrainingObjective<Double>
    private(set) var evaluations = 0
    init(_ inner: any TrainingObjective<Double>) { self.inner = inner }
    var parameterCount: Int { inner.parameterCount }
    var exampleCount: Int { inner.exampleCount }
    var evaluationByteCount: Int { inner.evaluationByteCount }
    var keptTapeByteCount: Int { inner.keptTapeByteCount }
    func lossValue(at θ: [Double]) -> Double { inner.lossValue(at: θ) }
    func evaluate(at θ: [Double]) -> ObjectiveEvaluation<Double> {
        evaluations += 1
        return inner.evaluate(at: θ)
    }
    func evaluateForProducts(at θ: [Double]) -> ObjectiveEvaluation<Double> { inner.evaluateForProducts(at: θ) }
    func hessianVectorProduct(_ evaluation: ObjectiveEvaluation<Double>, along tangent: [Double]) -> [Double] {
        inner.hessianVectorProduct(evaluation, along: tangent)
    }
}

/// A tanh MLP 5→12→8→3 on 24 examples at a sharper point than initialisation: small enough for dense Hessians.
func smallSharpnessOracle(seed: UInt64 = 3) -> (SharpnessOracle<Double>, [Double]) {
    var stream = RandomStream(seed: seed)
    let model = FeedForwardNetwork(widths: [5, 12, 8, 3], activation: .tanh)
    let n = 24
    let inputs = stream.normals(n * 5)
    var targets = [Double](repeating: 0, count: n * 3)
    for row in 0..<n { targets[row * 3 + row % 3] = 1 }
    var θ = model.initialParameters(stream: &stream)
    for index in θ.indices { θ[index] *= 2.5 }  // a sharper point than initialisation
    let objective = SupervisedObjective<Double>(model: model, loss: .squaredError, inputs: inputs, targets: targets)
    var oracle = SharpnessOracle(objective: objective)
    oracle.tolerance = 1e-12
    return (oracle, θ)
}

/// Gradient descent at a stable step for 300 steps from θ₀, as phase 1 does (the gradient's
/// component along u decays, so the point is where θ† starts in practice), then a learning rate
/// whose threshold 2/η sits 3% below the sharpness there: the point, its Taylor centre and η.
func nearEdgeOfStability(_ oracle: SharpnessOracle<Double>, _ θ0: [Double]) -> ([Double], TaylorCenter, Double) {
    var stream = RandomStream(seed: 12)
    let initial = oracle.center(at: θ0, warmStart: stream.normals(θ0.count))
    var θ = θ0
    for _ in 0..<300 { axpy(-1 / initial.sharpness, oracle.objective.evaluate(at: θ).gradient, &θ) }
    let start = oracle.center(at: θ, warmStart: initial.eigenvector)
    return (θ, start, 2 / (0.97 * start.sharpness))
}
