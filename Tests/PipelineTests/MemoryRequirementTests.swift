import StageKit
import XCTest

/// A stage whose working set cannot fit is refused up front, with both sizes in the message.
final class MemoryRequirementTests: XCTestCase {
    func test_require_refusesMoreThanAvailable_andNamesBothSizes() {
        XCTAssertNoThrow(try MemoryRequirement.require(8_000_000_000, for: "tracking", available: 8_000_000_000))
        XCTAssertThrowsError(try MemoryRequirement.require(35_600_000_000, for: "tracking (4 float64 evaluations)", available: 23_500_000_000)) { error in
            XCTAssertEqual(error as? StageError, .exceedsMemory(purpose: "tracking (4 float64 evaluations)", neededBytes: 35_600_000_000,
                                                                 availableBytes: 23_500_000_000))
            let message = "\(error)"
            XCTAssertTrue(message.contains("tracking (4 float64 evaluations) needs at least 35.6 GB"), message)
            XCTAssertTrue(message.contains("this machine's 23.5 GB"), message)
        }
    }
}
