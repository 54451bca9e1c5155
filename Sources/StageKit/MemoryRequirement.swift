import Foundation

/// Refuses, before any work, a stage whose working set cannot fit in the memory of the machine
/// running it, instead of being killed hours later when the last large array is allocated.
public enum MemoryRequirement {
    /// Throws `StageError.exceedsMemory` when `bytes` (a lower bound of what `purpose` holds at
    /// once) exceed `available`, by default this machine's physical memory.
    public static func require(_ bytes: Int, for purpose: String,
                               available: UInt64 = ProcessInfo.processInfo.physicalMemory) throws {
        guard UInt64(max(0, bytes)) > available else { return }
        throw StageError.exceedsMemory(purpose: purpose, neededBytes: bytes, availableBytes: Int(clamping: available))
    }
}
