import Dispatch
import Foundation

/// Where a feed-forward evaluation spends its time, per layer and kind of work, for `make bench`
/// (issue 16: "measure per layer where the time goes"). Off unless `PassTimings.current` is set;
/// then every block's thread adds its own time, so the totals are thread-seconds, not wall time.
public final class PassTimings: @unchecked Sendable {
    /// The kinds of work in a pass: lowering (pooling, im2col), GEMMs, elementwise passes (σ and its
    /// derivatives, products with σ′ and σ″), raising (col2im, pooling's transpose), and the loss.
    public enum Part: String, CaseIterable { case lower, gemm, elementwise, raise, loss }

    /// The timings that passes record into (nil: none).
    nonisolated(unsafe) public static var current: PassTimings?

    private let lock = NSLock()
    /// Nanoseconds per (layer, part).
    public private(set) var nanoseconds: [Int: [Part: UInt64]] = [:]

    public init() {}

    /// Seconds spent on `part` of `layer`.
    public func seconds(layer: Int, _ part: Part) -> Double { Double(nanoseconds[layer]?[part] ?? 0) / 1e9 }

    fileprivate func add(_ elapsed: UInt64, layer: Int, part: Part) {
        lock.lock()
        nanoseconds[layer, default: [:]][part, default: 0] += elapsed
        lock.unlock()
    }

    /// Runs `body`, adding its time to `current` under (layer, part) when timings are on.
    @inline(__always)
    static func measure<T>(_ layer: Int, _ part: Part, _ body: () -> T) -> T {
        guard let timings = current else { return body() }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        timings.add(DispatchTime.now().uptimeNanoseconds - start, layer: layer, part: part)
        return result
    }
}
