import EdgeOfStability
import Foundation
import XCTest

/// The slow cycles C8 and C13 average over (docs/eos.md §5 C8): envelope minimum to envelope minimum.
final class AmplitudeCyclesTests: XCTestCase {
    /// x_t = (−1)^t √(e_t δ²) with envelope e_t = 1 + 0.9 cos(2π(t − 10)/100): the first blowup is t = 0
    /// (e ≥ 1), the minima are at 60, 160, 260; the window from the blowup is not a cycle.
    func test_minimaOfAPeriodicEnvelope_boundTheCycles() {
        let δ² = [Double](repeating: 0.04, count: 330)
        let x = (0..<330).map { t in (t % 2 == 0 ? 1.0 : -1.0) * ((1 + 0.9 * cos(2 * Double.pi * Double(t - 10) / 100)) * 0.04).squareRoot() }
        let cycles = AmplitudeCycles(x²: x.map { $0 * $0 }, δ²: δ²)
        XCTAssertEqual(cycles.minima.count, 3)
        for (found, expected) in zip(cycles.minima, [60, 160, 260]) { XCTAssertLessThanOrEqual(abs(found - expected), 1) }
        XCTAssertEqual(cycles.blowup, 0)
        XCTAssertEqual(cycles.windows.count, 2)
        for (start, end) in cycles.windows {
            let ratio = x[start..<end].map { $0 * $0 }.reduce(0, +) / δ²[start..<end].reduce(0, +)
            XCTAssertEqual(ratio, 1, accuracy: 0.02)
        }
    }

    /// A settled orbit (|x| = δ with small ripples) has no prominent minimum, so no cycle completes.
    func test_aSettledOrbit_hasNoCycle() {
        let δ² = [Double](repeating: 1, count: 400)
        let x = (0..<400).map { t in (t % 2 == 0 ? 1.0 : -1.0) * (1 + 0.05 * sin(Double(t) / 7)) }
        let cycles = AmplitudeCycles(x²: x.map { $0 * $0 }, δ²: δ²)
        XCTAssertTrue(cycles.windows.isEmpty)
        XCTAssertEqual(cycles.blowup, 0)
        XCTAssertEqual(cycles.evaluationWindows.map { [$0.0, $0.1] }, [[0, 400]], "no cycle: from the blowup to the end")
        XCTAssertTrue(AmplitudeCycles(x²: [Double](repeating: 1e-6, count: 100), δ²: [Double](repeating: 1, count: 100)).evaluationWindows.isEmpty)
    }
}
