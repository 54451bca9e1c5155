import EdgeOfStability
import XCTest

final class ToyDynamicsTests: XCTestCase {
    let η = 0.01

    func test_gradientDescentOnToyLoss_equalsEquation3() {
        let loss = ToyLoss(learningRate: η, alpha: 1)
        let map = SelfStabilizationMap(learningRate: η, alpha: 1, beta: 1)
        let gd = loss.gradientDescent(x0: 0.1, y0: -0.5, steps: 4000)
        let direct = map.trajectory(x0: 0.1, y0: -0.5, steps: 4000)
        let maxX = gd.x.map(\.magnitude).max()!, maxY = gd.y.map(\.magnitude).max()!
        for t in 0..<gd.count {
            XCTAssertLessThanOrEqual(abs(gd.x[t] - direct.x[t]), 1e-9 * maxX)
            XCTAssertLessThanOrEqual(abs(gd.y[t] - direct.y[t]), 1e-9 * maxY)
        }
    }

    func test_periodTwoOrbit_isAFixedPointOfTheTwoStepMap() {
        let map = SelfStabilizationMap(learningRate: η, alpha: 0.7, beta: 1.3)
        let δ = map.deltaSquared.squareRoot()
        let one = map.step(x: δ, y: 0)
        XCTAssertEqual(one.x, -δ, accuracy: 1e-15)
        XCTAssertEqual(one.y, 0, accuracy: 1e-15)
        let two = map.step(x: one.x, y: one.y)
        XCTAssertEqual(two.x, δ, accuracy: 1e-15)
        XCTAssertEqual(two.y, 0, accuracy: 1e-15)
        // Away from the orbit it is not a fixed point: the test can fail.
        let off = map.step(x: 1.1 * δ, y: 0)
        XCTAssertNotEqual(map.step(x: off.x, y: off.y).y, 0)
    }

    func test_timeAverageOfXSquaredOverACycle_isDeltaSquared() {
        for (alpha, beta) in [(1.0, 1.0), (0.5, 2.0), (2.0, 0.5)] {
            let map = SelfStabilizationMap(learningRate: η, alpha: alpha, beta: beta)
            let orbit = map.trajectory(x0: 0.1, y0: -0.5, steps: 4000)
            let peaks = OrbitCycles.envelopePeaks(x: orbit.x, deltaSquared: map.deltaSquared)
            XCTAssertGreaterThanOrEqual(peaks.count, 2, "α = \(alpha), β = \(beta)")
            let means = OrbitCycles.meansBetweenPeaks(orbit.x.map { $0 * $0 }, peaks: peaks)
            for mean in means { XCTAssertEqual(mean / map.deltaSquared, 1, accuracy: 0.05, "α = \(alpha), β = \(beta)") }
        }
    }

    func test_referenceRun_matchesSpecRegressionValues() {
        let map = SelfStabilizationMap(learningRate: η, alpha: 1, beta: 1)
        let orbit = map.trajectory(x0: 0.1, y0: -0.5, steps: 3999)
        let peaks = OrbitCycles.envelopePeaks(x: orbit.x, deltaSquared: 2)
        for (found, expected) in zip(peaks, [359, 989, 1639, 2311, 3006, 3727]) { XCTAssertEqual(found, expected, accuracy: 2) }
        XCTAssertEqual(orbit.x.map { $0 * $0 }.max()!, 23.83, accuracy: 0.05)
        XCTAssertEqual(map.conservedQuantity(x: orbit.x[0], y: orbit.y[0]), 5.553, accuracy: 0.001)
        XCTAssertEqual(map.conservedQuantity(x: orbit.x.last!, y: orbit.y.last!), 9.949, accuracy: 0.01)
    }

    func test_toySharpness_matchesEigenvaluesOfTheHessian() {
        let loss = ToyLoss(learningRate: η, alpha: 1)
        for (x, y) in [(0.0, 0.0), (3.0, -1.5), (0.5, 2.0)] {
            let h = loss.hessian(x: x, y: y)
            let s = loss.sharpness(x: x, y: y)
            // s satisfies the characteristic polynomial (s − a)(s − c) − b² = 0 and is the larger root.
            XCTAssertEqual((s - h.xx) * (s - h.yy) - h.xy * h.xy, 0, accuracy: 1e-9)
            XCTAssertGreaterThanOrEqual(s, max(h.xx, h.yy))
        }
    }

    func test_stageLabels_cycleInOrder_andDivergenceAtLargeStep() {
        let map = SelfStabilizationMap(learningRate: η, alpha: 1, beta: 1)
        let orbit = map.trajectory(x0: 0.1, y0: -0.5, steps: 4000)
        let stages = zip(orbit.x, orbit.y).map { EdgeOfStabilityStage(x: $0, y: $1, deltaSquared: 2) }
        XCTAssertEqual(OrbitCycles.irregularTransitions(stages), 0)
        XCTAssertEqual(Set(stages).count, 4)
        XCTAssertEqual(OrbitCycles.irregularTransitions([.progressiveSharpening, .selfStabilization, .selfStabilization]), 1)
        let divergent = SelfStabilizationMap(learningRate: 0.1, alpha: 1, beta: 1).trajectory(x0: 0.1, y0: -0.5, steps: 400)
        XCTAssertEqual(OrbitCycles.firstExceedance(x: divergent.x, bound: 1e6), 343)
    }
}
