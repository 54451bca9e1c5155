import EdgeOfStability
import LinearAlgebra
import Randomness
import XCTest

/// Extrapolated warm starts of the eigensolves (issue 16 item 3): exact on polynomial sequences of
/// their degree, and along the constrained trajectory they leave θ† where cold starts put it (to the
/// eigensolver's tolerance) while spending fewer Hessian-vector products.
final class WarmStartTests: XCTestCase {
    func test_extrapolation_isExactOnPolynomialsOfItsDegree() {
        var stream = RandomStream(seed: 5)
        let (a, b, c) = (stream.normals(7), stream.normals(7), stream.normals(7))
        func quadratic(_ t: Double) -> [Double] { (0..<7).map { a[$0] + b[$0] * t + c[$0] * t * t } }
        func linear(_ t: Double) -> [Double] { (0..<7).map { a[$0] + b[$0] * t } }
        var cubicDepth = ExtrapolatedSequence(depth: 3), lineDepth = ExtrapolatedSequence(depth: 2)
        XCTAssertNil(cubicDepth.next)
        for t in 0..<5 {
            cubicDepth.append(quadratic(Double(t)))
            lineDepth.append(linear(Double(t)))
        }
        XCTAssertEqual(cubicDepth.values.count, 3, "keeps at most its depth")
        XCTAssertEqual(cubicDepth.values[0], quadratic(4), "newest first")
        for (predicted, exact) in zip(cubicDepth.next!, quadratic(5)) { XCTAssertEqual(predicted, exact, accuracy: 1e-12 * max(1, abs(exact))) }
        for (predicted, exact) in zip(lineDepth.next!, linear(5)) { XCTAssertEqual(predicted, exact, accuracy: 1e-12 * max(1, abs(exact))) }
        // A quadratic is not exact for depth 2: the test can fail.
        var short = ExtrapolatedSequence(depth: 2)
        for t in 0..<3 { short.append(quadratic(Double(t))) }
        XCTAssertGreaterThan(zip(short.next!, quadratic(3)).map { abs($0 - $1) }.max()!, 1e-3)
        // One value: the start is that value.
        var single = ExtrapolatedSequence(depth: 3)
        single.append(a)
        XCTAssertEqual(single.next, a)
    }

    /// Thirty constrained steps with the warm starts carried from step to step, against the same
    /// steps each started from the previous centre's u: the same θ† to the eigensolver's tolerance,
    /// the same S, and fewer products once the trajectory moves smoothly (this small network's
    /// first steps do not; from step 15 on it saves about a fifth, at a 1e-12 tolerance).
    func test_constrainedSteps_withCarriedWarmStarts_matchColdStarts_withFewerProducts() {
        let (oracle, θ0) = smallSharpnessOracle()
        let (_, start, η) = nearEdgeOfStability(oracle, θ0)
        let trajectory = ConstrainedTrajectory(oracle: oracle, learningRate: η)
        var cold = trajectory.projectUntilConverged(start), warm = cold
        var warmStarts = trajectory.warmStartSlots()
        var coldProducts = 0, warmProducts = 0
        for step in 0..<30 {
            let coldMoved = trajectory.gradientStep(cold)
            cold = trajectory.project(coldMoved)
            let warmMoved = trajectory.gradientStep(warm, warmStarts: &warmStarts)
            warm = trajectory.project(warmMoved, warmStarts: &warmStarts)
            if step >= 15 {
                coldProducts += coldMoved.hessianVectorProducts + cold.hessianVectorProducts
                warmProducts += warmMoved.hessianVectorProducts + warm.hessianVectorProducts
            }
            var difference = warm.point
            axpy(-1, cold.point, &difference)
            XCTAssertLessThanOrEqual(norm(difference), 1e-8 * norm(cold.point), "step \(step)")
            XCTAssertEqual(warm.sharpness, cold.sharpness, accuracy: 1e-9 * cold.sharpness, "step \(step)")
            XCTAssertGreaterThan(dot(warm.eigenvector, cold.eigenvector), 1 - 1e-12, "step \(step): the same u, sign included")
        }
        XCTAssertLessThan(Double(warmProducts), 0.9 * Double(coldProducts), "the carried warm starts save products")
        XCTAssertEqual(warmStarts.corrections.map(\.values.count).max(), CentreWarmStarts.depth)
    }

    /// The period-2 warm starts: each parity extrapolates its own eigenvectors, the sign follows the
    /// start, and the eigenvalue is the cold solve's.
    func test_oscillationWarmStarts_keepEachParityAndMatchColdSolves() {
        let (oracle, θ0) = smallSharpnessOracle()
        var stream = RandomStream(seed: 2)
        let direction = stream.unitVector(dimension: θ0.count)
        var warmStarts = OscillationWarmStarts(latest: stream.normals(θ0.count))
        for t in 0..<8 {
            // A point that drifts slowly and flips to the other side every step.
            var θ = θ0
            axpy((t % 2 == 0 ? 1 : -1) * (0.05 + 0.002 * Double(t)), direction, &θ)
            let evaluation = oracle.objective.evaluate(at: θ)
            let start = warmStarts.byParity[t % 2].next ?? warmStarts.latest
            let pairs = warmStarts.topEigenpair(at: evaluation, step: t, oracle: oracle)
            let coldSolve = oracle.topEigenpairs(at: evaluation, start: stream.normals(θ0.count))
            XCTAssertEqual(pairs.values[0], coldSolve.values[0], accuracy: 1e-9 * coldSolve.values[0], "step \(t)")
            XCTAssertGreaterThanOrEqual(dot(pairs.vectors[0], start), 0, "step \(t): sign kept")
            XCTAssertEqual(warmStarts.latest, pairs.vectors[0])
            XCTAssertEqual(warmStarts.byParity[t % 2].values.first, pairs.vectors[0])
        }
        XCTAssertEqual(warmStarts.byParity.map(\.values.count), [3, 3])
    }
}
