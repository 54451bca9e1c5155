@testable import EdgeOfStability
import LinearAlgebra
import Networks
import Randomness
import XCTest

/// The slow statistics of phase 2 (docs/eos.md §1.6, §2.5): ∇⁴L[v,v,v] and ∇³L[v,v] against
/// differences of the loss along a line, ρ₃ against random directions, the slice's Taylor
/// coefficients, and the β_{s→t} kernels against their definition with dense Hessians.
final class AssumptionMonitorTests: XCTestCase {
    /// f⁽ᵏ⁾(0) for f(t) = L(θ + t v), k = 3, 4, by central differences of loss values (error O(h²)).
    func lineDerivatives(_ oracle: SharpnessOracle<Double>, _ θ: [Double], _ v: [Double], h: Double) -> (third: Double, fourth: Double) {
        func f(_ t: Double) -> Double {
            var point = θ
            axpy(t, v, &point)
            return oracle.objective.lossValue(at: point)
        }
        let (m2, m1, c, p1, p2) = (f(-2 * h), f(-h), f(0), f(h), f(2 * h))
        return ((p2 - 2 * p1 + 2 * m1 - m2) / (2 * h * h * h), (p2 - 4 * p1 + 6 * c - 4 * m1 + m2) / (h * h * h * h))
    }

    func test_higherDerivatives_matchDifferencesOfTheLossAlongALine() {
        let (oracle, θ) = smallSharpnessOracle()
        let evaluation = oracle.objective.evaluate(at: θ)
        for seed: UInt64 in [4, 5] {
            var stream = RandomStream(seed: seed)
            let v = stream.unitVector(dimension: θ.count)
            let (third, fourth) = lineDerivatives(oracle, θ, v, h: 2e-2)
            let exactThird = dot(v, oracle.sharpnessGradient(at: θ, gradient: evaluation.gradient, eigenvector: v))
            let exactFourth = dot(v, oracle.fourthDerivative(at: evaluation, along: v))
            XCTAssertEqual(exactThird, third, accuracy: 1e-3 * max(1, abs(third)), "seed \(seed)")
            XCTAssertEqual(exactFourth, fourth, accuracy: 2e-2 * max(1, abs(fourth)), "seed \(seed)")
            XCTAssertGreaterThan(abs(fourth), 1e-3, "the check must not pass on a vanishing derivative")
        }
    }

    func test_assumptionCheck_slicesAlongU_andRho3BeatsRandomDirections() throws {
        let (oracle, θ) = smallSharpnessOracle()
        var stream = RandomStream(seed: 21)
        let c = oracle.center(at: θ, warmStart: stream.normals(θ.count))
        let check = try XCTUnwrap(oracle.assumptionCheck(at: c, step: 7, deltaSquared: 0.04, slicePoints: 41))
        XCTAssertEqual(check.sliceX.count, 41)
        XCTAssertEqual(check.sliceX.first!, -1, accuracy: 1e-12)   // −5δ with δ = 0.2
        XCTAssertEqual(check.sliceX[20], 0, accuracy: 1e-12)
        XCTAssertEqual(check.sliceLoss[20], c.loss, accuracy: 1e-12)
        // The slice's Taylor coefficients against differences of the slice itself.
        let h = check.sliceX[21] - check.sliceX[20]
        XCTAssertEqual(check.slope, (check.sliceLoss[21] - check.sliceLoss[19]) / (2 * h), accuracy: 1e-2 * max(1, abs(check.slope)))
        XCTAssertEqual(check.sharpness, (check.sliceLoss[21] - 2 * check.sliceLoss[20] + check.sliceLoss[19]) / (h * h),
                       accuracy: 2e-2 * check.sharpness)
        // ρ₃ from 20 power iterations is at least as large as ∇³L[w,w,w] along 100 random unit directions.
        var largest = 0.0
        for _ in 0..<100 {
            let w = stream.unitVector(dimension: θ.count)
            largest = max(largest, abs(dot(w, oracle.sharpnessGradient(at: θ, gradient: c.gradient, eigenvector: w))))
        }
        XCTAssertGreaterThanOrEqual(abs(check.rho3), largest)
        XCTAssertGreaterThanOrEqual(abs(check.rho3), abs(check.cubic) * 0.999)
        XCTAssertTrue(check.rho4.isFinite)
        XCTAssertNil(oracle.assumptionCheck(at: c, step: 7, deltaSquared: -1), "α ≤ 0 has no slice scale")
    }

    /// A tracker on the small network near the edge of stability, without slices or an eigengap stop.
    func smallTracker(steps: Int, checkInterval: Int, betaTracks: Int, exactSharpnessInterval: Int = 1) -> (Tracker, SharpnessOracle<Double>, [Double], Double) {
        let (oracle, θ0) = smallSharpnessOracle()
        let (θ, start, η) = nearEdgeOfStability(oracle, θ0)
        var settings = TrackingSettings(learningRate: η, steps: steps)
        settings.exactSharpnessInterval = exactSharpnessInterval
        settings.checkInterval = checkInterval
        settings.betaTrackLimit = betaTracks
        settings.slicePoints = 0
        settings.eigengapLimit = 100
        return (Tracker(oracle: oracle, settings: settings, start: θ, eigenvector: start.eigenvector), oracle, θ, η)
    }

    func test_betaTracks_matchTheirDefinitionWithDenseHessians() throws {
        let (tracker, oracle, θ, η) = smallTracker(steps: 3, checkInterval: 1, betaTracks: 2)
        var centres: [TaylorCenter] = []
        while !tracker.isFinished {
            centres.append(tracker.dagger)
            try tracker.advance()
        }
        let samples = tracker.record.betaSamples
        // Tracks start at 0, 1, 2 with at most two live: (0,0) (0,1) (1,1) (1,2) (2,2).
        XCTAssertEqual(samples.map { [$0.start, $0.step] }, [[0, 0], [0, 1], [1, 1], [1, 2], [2, 2]])
        for sample in samples where sample.start == sample.step {
            XCTAssertEqual(sample.value, tracker.record.beta[sample.step], accuracy: 1e-12 * tracker.record.beta[sample.step])
        }
        // β_{0→1} = ∇S⊥_1 · (I − ηH_0) P⊥_{u_0} ∇S⊥_0 with H_0 the dense Hessian at θ†_0.
        let c0 = centres[0], c1 = centres[1]
        let p = θ.count
        var r = c0.sharpnessGradientPerpendicular
        axpy(-dot(c0.eigenvector, r), c0.eigenvector, &r)
        var hr = [Double](repeating: 0, count: p)
        for j in 0..<p {
            var unit = [Double](repeating: 0, count: p)
            unit[j] = 1
            let column = oracle.hessianVectorProduct(at: c0.evaluation, along: unit)
            for i in 0..<p { hr[i] += column[i] * r[j] }
        }
        axpy(-η, hr, &r)
        let expected = dot(c1.sharpnessGradientPerpendicular, r)
        let recorded = samples[1].value
        XCTAssertEqual(recorded, expected, accuracy: 1e-9 * abs(expected) + 1e-12)
        XCTAssertNotEqual(recorded, tracker.record.beta[0], "the kernel moved in one step")
    }

    /// The products counted by purpose add up to the total at every step, each purpose is spent
    /// where it should be (β tracks one per live track per step, the predicted step one per step).
    func test_hessianVectorProducts_byPurpose_sumToTheTotal() throws {
        let (tracker, _, _, _) = smallTracker(steps: 4, checkInterval: 2, betaTracks: 1)
        while !tracker.isFinished { try tracker.advance() }
        let record = tracker.record
        XCTAssertEqual(record.hessianVectorProducts.count, 4)
        for step in record.hessianVectorProducts.indices {
            let sum = HessianVectorProductPurpose.allCases.reduce(0.0) { $0 + record[keyPath: $1.series][step] }
            XCTAssertEqual(sum, record.hessianVectorProducts[step], "step \(step)")
        }
        XCTAssertEqual(record.productsForPredictedStep, [1, 2, 3, 4])
        XCTAssertEqual(record.productsForBetaTracks, [1, 2, 3, 4])
        XCTAssertGreaterThan(record.productsForConstrainedTrajectory[1], record.productsForConstrainedTrajectory[0])
        XCTAssertEqual(Double(tracker.state.hessianVectorProducts), record.hessianVectorProducts.last)
        XCTAssertEqual(tracker.state.productsByPurpose.reduce(0, +), tracker.state.hessianVectorProducts)
    }

    /// `exact_sharpness_interval` (the paper tier's budget lever) thins S(θ_t) and S(θ† + v*) to
    /// every k-th step, with the same values there (to the eigensolver's tolerance), and changes nothing else: GD, θ†, v*, the flow
    /// and every other series are bit-identical, and only the exact-sharpness HVPs are saved.
    func test_exactSharpnessInterval_thinsOnlyTheExactSharpnessSeries() throws {
        let (every, _, _, _) = smallTracker(steps: 7, checkInterval: 3, betaTracks: 1)
        let (third, _, _, _) = smallTracker(steps: 7, checkInterval: 3, betaTracks: 1, exactSharpnessInterval: 3)
        while !every.isFinished { try every.advance() }
        while !third.isFinished { try third.advance() }
        var a = every.record, b = third.record
        XCTAssertEqual(b.step.count, 7)
        for t in 0..<7 {
            if t % 3 == 0 {
                // The same values to the eigensolver's tolerance: its warm start is now 3 steps old.
                XCTAssertEqual(b.gdSharpness[t], a.gdSharpness[t], accuracy: 1e-9 * a.gdSharpness[t], "step \(t)")
                XCTAssertEqual(b.predictedSharpness[t], a.predictedSharpness[t], accuracy: 1e-9 * a.predictedSharpness[t], "step \(t)")
            } else {
                XCTAssertTrue(b.gdSharpness[t].isNaN && b.predictedSharpness[t].isNaN, "step \(t)")
            }
        }
        XCTAssertLessThan(b.productsForGDSharpness.last!, a.productsForGDSharpness.last!)
        XCTAssertLessThan(b.productsForPredictedSharpness.last!, a.productsForPredictedSharpness.last!)
        a.gdSharpness = []; b.gdSharpness = []
        a.predictedSharpness = []; b.predictedSharpness = []
        for purpose in [\TrackingRecord.productsForGDSharpness, \.productsForPredictedSharpness, \.hessianVectorProducts] {
            a[keyPath: purpose] = []; b[keyPath: purpose] = []
        }
        XCTAssertEqual(a, b, "a series other than the exact sharpness changed")
    }

    /// A finished tracker refuses another step instead of repeating the one it stopped at.
    func test_advanceOnAFinishedTracker_throwsAndRecordsNothing() throws {
        let (tracker, _, _, _) = smallTracker(steps: 2, checkInterval: 1, betaTracks: 0)
        while !tracker.isFinished { try tracker.advance() }
        let record = tracker.record
        XCTAssertThrowsError(try tracker.advance()) { XCTAssertTrue($0 is Tracker.Finished, "\($0)") }
        XCTAssertEqual(tracker.record, record)
        XCTAssertEqual(tracker.state.step, 2)
    }
}
