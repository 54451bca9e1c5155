import LinearAlgebra
import XCTest

final class StatisticsTests: XCTestCase {
    func test_summaries_onKnownValues() {
        let v = [1.0, 2, 4, 7]
        XCTAssertEqual(Statistics.mean(v), 3.5)
        XCTAssertEqual(Statistics.mean(v[1...2]), 3)
        XCTAssertEqual(Statistics.rms([3.0, 4]), (12.5).squareRoot())
        XCTAssertEqual(Statistics.median(v), 4)  // the upper median
        XCTAssertEqual(Statistics.median([5.0, 1, 3]), 3)
        XCTAssertEqual(Statistics.sampleVariance(v), 7, accuracy: 1e-15)  // (6.25+2.25+0.25+12.25)/3
        XCTAssertEqual(Statistics.sampleVariance([2.0]), 0)
        XCTAssertEqual(Statistics.fraction(v) { $0 > 2 }, 0.5)
        XCTAssertTrue(Statistics.mean([Double]()).isNaN)
        XCTAssertTrue(Statistics.median([Double]()).isNaN)
    }

    func test_correlationAndSlope_ofAnExactLine() {
        let x = [0.0, 1, 2, 3, 4]
        let y = x.map { 2 - 3 * $0 }
        XCTAssertEqual(Statistics.correlation(x, y), -1, accuracy: 1e-15)
        XCTAssertEqual(Statistics.correlation(x, x.map { $0 * $0 }), 40 / (1740.0).squareRoot(), accuracy: 1e-15)  // Σ 40, 10, 174
        XCTAssertEqual(Statistics.leastSquaresSlope(x, y), -3, accuracy: 1e-15)
    }
}
