import Foundation
import LinearAlgebra

/// The chunk tapes that HVPs keep at the point where they ran last (issue 16 item 2), one set per
/// chunked block of examples (`ChunkTapeSlot`), within one budget for the whole process.
///
/// A chunked block keeps no tape in its evaluations, so without this every HVP rebuilds each chunk's
/// tape: a forward pass and the backward signals, for the paper-size CNN two of an HVP's eight large
/// GEMMs and all of the first layer's σ, σ′, σ″. Most HVPs come in runs at one point (an eigensolve,
/// the β tracks at θ†), so the first HVP at an evaluation copies the chunk tapes it rebuilds into its
/// block's slot, and the next HVPs there read them; points with one product (∇S's θ ± εu, through
/// `singleHessianVectorProduct`) do not pay for the copy. The slot's arrays are allocated once and overwritten for
/// each new point: tapes written to fresh memory chunk after chunk cost page faults (measured on the
/// paper-size CNN, 2026-12-07: 16 s for an HVP that kept its tapes in newly allocated arrays, against
/// 4 s for one that rebuilds each chunk's tape in the memory the last chunk freed). When a slot needs
/// room, the slots used longest ago are emptied. Keeping changes no bit: a kept tape is a copy of
/// the one a rebuild makes.
final class KeptTapes: @unchecked Sendable {
    static let shared = KeptTapes()

    /// What all slots may hold together: min(8 GiB, half of the memory this process may use,
    /// `MemoryLimit`); 8 GiB holds both blocks of the paper-size CNN at Float64 (3.8 GB each). In a
    /// 2 GB SLURM job nothing is kept. Tests lower it.
    var budgetBytes = min(8 << 30, Int(clamping: MemoryLimit.bytes / 2))

    /// A slot with room reserved, oldest use first in `entries`.
    private final class Entry {
        weak var slot: AnyObject?
        let bytes: Int
        let empty: (AnyObject) -> Void
        init(slot: AnyObject, bytes: Int, empty: @escaping (AnyObject) -> Void) {
            self.slot = slot
            self.bytes = bytes
            self.empty = empty
        }
    }
    private var entries: [Entry] = []
    private let lock = NSLock()

    /// Runs `body` with the lock that guards every slot's `evaluation` and `storage`.
    func withLock<T>(_ body: () -> T) -> T { lock.withLock(body) }

    /// Bytes reserved by live slots.
    var reservedBytes: Int { lock.withLock { entries.filter { $0.slot != nil }.reduce(0) { $0 + $1.bytes } } }

    /// Reserves `bytes` for `slot` as its newest use, emptying the slots used longest ago until they
    /// fit; false (nothing emptied) when `bytes` alone exceed the budget. The slot's `evaluation` is
    /// cleared: its contents are about to change.
    func reserve<Scalar>(_ bytes: Int, for slot: ChunkTapeSlot<Scalar>) -> Bool {
        lock.withLock {
            guard bytes <= budgetBytes else { return false }
            entries = entries.filter { $0.slot != nil && $0.slot !== slot }
            var used = entries.reduce(0) { $0 + $1.bytes }
            while used + bytes > budgetBytes, let oldest = entries.first {
                if let other = oldest.slot { oldest.empty(other) }
                used -= oldest.bytes
                entries.removeFirst()
            }
            slot.evaluation = nil
            entries.append(Entry(slot: slot, bytes: bytes) { ($0 as! ChunkTapeSlot<Scalar>).empty() })
            return true
        }
    }

    /// Stores `tapes` in `slot` as those of `evaluation`, if the slot's reservation still stands
    /// (another slot may have needed the room meanwhile).
    func keep<Scalar>(_ tapes: [ObjectiveEvaluation<Scalar>], at evaluation: ObjectiveEvaluation<Scalar>, in slot: ChunkTapeSlot<Scalar>) {
        lock.withLock {
            guard entries.contains(where: { $0.slot === slot }) else { return }
            slot.storage = tapes
            slot.evaluation = evaluation
        }
    }

    /// Empties every slot (tests).
    func emptyAll() {
        lock.withLock {
            for entry in entries { if let slot = entry.slot { entry.empty(slot) } }
            entries = []
        }
    }
}

/// A chunked block's kept chunk tapes (`KeptTapes`): the arrays, reused from point to point, and the
/// evaluation they belong to. `evaluation` and `storage` are read and written under `KeptTapes`' lock;
/// `use` is held by the block's HVP for its whole run, so that no HVP reads tapes being overwritten.
final class ChunkTapeSlot<Scalar: RealScalar>: @unchecked Sendable {
    let use = NSLock()
    weak var evaluation: ObjectiveEvaluation<Scalar>?
    var storage: [ObjectiveEvaluation<Scalar>] = []

    /// Frees the arrays (their evaluation rebuilds its tapes on its next HVP). Under `KeptTapes`' lock.
    fileprivate func empty() {
        evaluation = nil
        Self.free(&storage)
    }

    deinit { Self.free(&storage) }

    /// Frees kept arrays and hands their pages back to the kernel (`HeapTuning.returnFreedMemory`):
    /// the heap would keep them, and the next objective's tapes might not fit in their place (a
    /// Float32 objective's 3.8 GB freed, then a Float64 objective's 7.6 GB kept: 10.1 GB resident
    /// without this, against the 8.0 GB the Float64 tapes alone take).
    private static func free(_ storage: inout [ObjectiveEvaluation<Scalar>]) {
        guard !storage.isEmpty else { return }
        storage = []
        HeapTuning.returnFreedMemory()
    }
}
