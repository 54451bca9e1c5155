@testable import EdgeOfStabilityStages
import Foundation
import XCTest

/// The clock that bounds how much work an interruption loses between checkpoints.
final class CheckpointScheduleTests: XCTestCase {
    func test_isDue_onceTheMinimumHasPassedSinceTheLastSave_andASaveOnAnotherScheduleRestartsIt() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        var fresh = CheckpointSchedule()
        XCTAssertTrue(fresh.isDue(now: start), "with no save yet, the first chance saves")
        XCTAssertFalse(fresh.isDue(now: start + 59))
        XCTAssertTrue(fresh.isDue(now: start + 60))

        var tracking = CheckpointSchedule(minimumSeconds: CheckpointSchedule.trackingSeconds, lastSave: start)
        XCTAssertFalse(tracking.isDue(now: start + 599), "the save at tracked step 0 counts")
        tracking.saved(now: start + 500)   // an interval's checkpoint
        XCTAssertFalse(tracking.isDue(now: start + 1_000))
        XCTAssertTrue(tracking.isDue(now: start + 1_100))
        XCTAssertFalse(tracking.isDue(now: start + 1_101), "a due save is counted as made")
    }
}
