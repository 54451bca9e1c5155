@testable import StageKit
import XCTest

/// The ETA of a progress line: the rate since the loop's first update, so that a loop resumed from a
/// checkpoint does not count its saved progress as done in the time since the stage started.
final class ProgressReporterTests: XCTestCase {
    func test_eta_extrapolatesTheRateSinceTheBaseline() {
        // Phase 1 resumed at 915‰, at 932‰ 825 s later: 68‰ more at 17‰ per 825 s.
        XCTAssertEqual(ProgressReporter.estimatedSeconds(done: 932, total: 1000, baselineDone: 915, secondsSinceBaseline: 825),
                       825 * 68 / 17, accuracy: 1e-9)
        // From 0: elapsed × remaining/done.
        XCTAssertEqual(ProgressReporter.estimatedSeconds(done: 25, total: 100, baselineDone: 0, secondsSinceBaseline: 10), 30, accuracy: 1e-12)
        XCTAssertTrue(ProgressReporter.estimatedSeconds(done: 915, total: 1000, baselineDone: 915, secondsSinceBaseline: 9).isNaN)
        XCTAssertEqual(ProgressReporter.estimatedSeconds(done: 1000, total: 1000, baselineDone: 1000, secondsSinceBaseline: 0), 0)
    }

    func test_theFirstUpdate_isTheBaseline() {
        let reporter = ProgressReporter(label: "test", total: 2000, unit: "tracked steps", isEnabled: true)
        reporter.update(850)
        reporter.update(851)
        XCTAssertEqual(reporter.baseline?.done, 850)
    }
}
