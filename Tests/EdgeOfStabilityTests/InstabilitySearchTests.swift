import EdgeOfStability
import LinearAlgebra
import Networks
import Randomness
import XCTest

/// Phase 1's search (`InstabilitySearch`): sparse checks, a backtrack to the last check below 2/η,
/// then a replay checking every step, must land on the same step as checking every step from the
/// start, with the same iterate.
final class InstabilitySearchTests: XCTestCase {
    /// A small tanh MLP on a regression task whose sharpness rises under GD: its oracle, θ₀, a warm
    /// start u₀ and the learning rate whose 2/η is `ratio`·S(θ₀).
    func makeProblem(sharpnessRatio ratio: Double, inputScale: Double = 3) -> (oracle: SharpnessOracle<Double>, θ0: [Double], u0: [Double], η: Double) {
        var stream = RandomStream(seed: 5)
        let model = FeedForwardNetwork(widths: [4, 16, 16, 1], activation: .tanh)
        let n = 32
        let inputs = stream.normals(n * 4).map { inputScale * $0 }
        var targets = [Double](repeating: 0, count: n)
        for row in 0..<n {
            let x = Array(inputs[(row * 4)..<(row * 4 + 4)])
            targets[row] = sin(3 * x[0]) + x[1] * x[2]
        }
        let objective = SupervisedObjective<Double>(model: model, loss: .squaredError, inputs: inputs, targets: targets)
        var oracle = SharpnessOracle(objective: objective)
        oracle.tolerance = 1e-12
        let θ0 = model.initialParameters(stream: &stream)
        var startStream = RandomStream(seed: 8)
        let u0 = startStream.normals(θ0.count)
        return (oracle, θ0, u0, 2 / (ratio * oracle.center(at: θ0, warmStart: u0).sharpness))
    }

    func test_backtrackingSearch_findsTheFirstStepWhoseMidpointCrosses_asCheckingEveryStepDoes() throws {
        let (oracle, θ0, u0, η) = makeProblem(sharpnessRatio: 4)
        let result = try InstabilitySearch(oracle: oracle, learningRate: η, stepCap: 20_000).run(from: θ0, warmStart: u0)

        // The search checked sparsely and went back: some check's step is below an earlier one's.
        let steps = result.checks.map(\.step)
        XCTAssertTrue(zip(steps, steps.dropFirst()).contains { $1 < $0 }, "no backtrack in \(steps.count) checks")
        XCTAssertGreaterThan(steps[1], result.step, "the first sparse check after 0 overshoots the crossing")

        // Brute force: GD in the same arithmetic, the midpoint sharpness at every step.
        var θ = θ0, u = u0
        var firstCrossing: Int? = nil
        for step in 0...result.step {
            let gradient = oracle.objective.evaluate(at: θ).gradient
            var midpoint = θ
            axpy(-η / 2, gradient, &midpoint)
            let pairs = oracle.topEigenpairs(at: oracle.objective.evaluate(at: midpoint), start: u)
            u = pairs.vectors[0]
            if pairs.values[0] >= 2 / η { firstCrossing = step; break }
            for index in θ.indices { θ[index] -= η * gradient[index] }
        }
        XCTAssertEqual(firstCrossing, result.step)
        XCTAssertEqual(result.parameters, θ)
        XCTAssertGreaterThanOrEqual(result.sharpness, 2 / η)
        XCTAssertEqual(result.losses.count, result.step + 1)
        XCTAssertEqual(result.losses.last!, oracle.objective.evaluate(at: θ).loss, accuracy: 0)
    }

    /// Each check starts its eigensolve from the last two checks' eigenvectors extrapolated to its
    /// step (issue 16): the same sharpness as a solve started from the last eigenvector alone (the
    /// search before), for fewer products over the checks that have two before them. The problem
    /// sharpens smoothly (inputs at scale 0.5, 2/η = 3·S(θ₀): 55 checks, most one step apart) and the
    /// solves stop at phase 1's Float32 tolerance, 1e-6, where about 25% fewer products are measured.
    func test_checks_startFromExtrapolatedEigenvectors_atTheSameSharpness_withFewerProducts() throws {
        var (oracle, θ0, u0, η) = makeProblem(sharpnessRatio: 3, inputScale: 0.5)
        oracle.tolerance = 1e-6  // phase 1's, in Float32
        let result = try InstabilitySearch(oracle: oracle, learningRate: η, stepCap: 20_000).run(from: θ0, warmStart: u0)
        var iterates = [θ0], gradients: [[Double]] = []
        for _ in 0...result.checks.map(\.step).max()! {
            gradients.append(oracle.objective.evaluate(at: iterates.last!).gradient)
            var next = iterates.last!
            axpy(-η, gradients.last!, &next)
            iterates.append(next)
        }
        var previous = u0
        var (extrapolated, fromLast) = (0, 0)
        for (index, check) in result.checks.enumerated() {
            var midpoint = iterates[check.step]
            axpy(-η / 2, gradients[check.step], &midpoint)
            let fromPrevious = oracle.topEigenpairs(at: oracle.objective.evaluate(at: midpoint), start: previous)
            XCTAssertEqual(check.sharpness, fromPrevious.values[0], accuracy: 1e-9 * fromPrevious.values[0], "check \(index) at step \(check.step)")
            previous = fromPrevious.vectors[0]
            if index >= 2 {
                extrapolated += check.hessianVectorProducts
                fromLast += fromPrevious.operatorApplications
            }
        }
        XCTAssertGreaterThan(result.checks.count, 20)
        XCTAssertLessThan(Double(extrapolated), 0.8 * Double(fromLast), "products over \(result.checks.count - 2) checks")
    }

    /// Interrupted after any check (the stage's phase-1 checkpoint) and resumed from the saved state,
    /// the search ends on the same step with the same bits as an uninterrupted run (issue 16 item 5).
    func test_searchResumedFromAnyCheck_endsBitForBitAsAnUninterruptedRun() throws {
        struct Interrupted: Error {}
        let (oracle, θ0, u0, η) = makeProblem(sharpnessRatio: 4)
        let search = InstabilitySearch(oracle: oracle, learningRate: η, stepCap: 20_000)
        var saved: [InstabilitySearch<Double>.State] = []
        let whole = try search.run(from: search.start(from: θ0, warmStart: u0), checkpoint: { saved.append($0) })
        XCTAssertGreaterThan(saved.count, 3)
        XCTAssertTrue(zip(saved, saved.dropFirst()).contains { $1.step <= $0.step }, "the replay after the backtrack saves again")
        for index in [0, saved.count / 2, saved.count - 1] {
            // Stop right after checkpoint `index`, as a killed stage would, then resume from it.
            var count = 0
            XCTAssertThrowsError(try search.run(from: search.start(from: θ0, warmStart: u0), checkpoint: { _ in
                count += 1
                if count > index { throw Interrupted() }
            }))
            let resumed = try search.run(from: saved[index])
            XCTAssertEqual(resumed.step, whole.step)
            XCTAssertEqual(resumed.parameters, whole.parameters)
            XCTAssertEqual(resumed.eigenvector, whole.eigenvector)
            XCTAssertEqual(resumed.losses, whole.losses)
            XCTAssertEqual(resumed.checks, whole.checks)
        }
    }

    func test_searchThatNeverCrosses_saysSoWithTheLargestSharpness() throws {
        let (oracle, θ0, u0, η) = makeProblem(sharpnessRatio: 100)
        XCTAssertThrowsError(try InstabilitySearch(oracle: oracle, learningRate: η, stepCap: 50).run(from: θ0, warmStart: u0)) { error in
            guard let notReached = error as? InstabilitySearch<Double>.NotReached else { return XCTFail("\(error)") }
            XCTAssertEqual(notReached.steps, 50)
            XCTAssertGreaterThan(notReached.largestSharpness, 0)
            XCTAssertLessThan(notReached.largestSharpness, 2 / η)
        }
    }
}
