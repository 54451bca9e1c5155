import StageKit
import XCTest

final class ThresholdTests: XCTestCase {
    func test_textAndTest_comeFromOneBound() {
        XCTAssertEqual(Threshold.atMost(1e-4, shown: "1e-4").text, "≤ 1e-4")
        XCTAssertEqual(Threshold.atLeast(0.9, percent: true).text, "≥ 90%")
        XCTAssertEqual(Threshold.below(0.95).text, "< 0.95")
        XCTAssertEqual(Threshold.above(1).text, "> 1")
        XCTAssertEqual(Threshold.within(0.75...1.25).text, "in [0.75, 1.25]")
        XCTAssertTrue(Threshold.atMost(0.05).holds(0.05))
        XCTAssertFalse(Threshold.below(0.95).holds(0.95))
        XCTAssertTrue(Threshold.atLeast(300).holds(300))
        XCTAssertFalse(Threshold.above(0).holds(0))
        XCTAssertTrue(Threshold.within(0.8...1.2).holds(1.2))
        XCTAssertFalse(Threshold.within(0.8...1.2).holds(1.2000001))
        for threshold in [Threshold.atMost(1), .atLeast(1), .below(1), .above(1), .within(0...1)] {
            XCTAssertFalse(threshold.holds(.nan), threshold.text)
        }
    }
}
