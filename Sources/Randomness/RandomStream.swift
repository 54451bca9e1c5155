#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded, splittable, platform-independent random number generator: xoshiro256** (Blackman and
/// Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 2021), seeded through
/// SplitMix64 so that any 64-bit seed gives a well-mixed state.
///
/// The same seed gives the same integers on every machine. `uniform()` is exact arithmetic on
/// those integers, so it is identical everywhere too; `normal()` uses `log`, `sin` and `cos`,
/// whose last bit may differ between libm versions, so compare normal variates across platforms
/// within a tolerance, not bit for bit.
public struct RandomStream: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    /// A stream from a 64-bit seed.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
        if state == (0, 0, 0, 0) { state.0 = 1 }  // the all-zero state is a fixed point
    }

    /// An independent stream for the named purpose, e.g. `stream(named: "initialisation")`.
    /// The child seed mixes this stream's seed state with a 64-bit FNV-1a hash of the name, so the
    /// same (seed, name) gives the same child everywhere and different names give unrelated streams.
    public func stream(named name: String) -> RandomStream {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        var mixer = SplitMix64(state: state.0 ^ (state.2 &* 0x9e37_79b9_7f4a_7c15) ^ hash)
        return RandomStream(seed: mixer.next())
    }

    /// An independent stream numbered `index`, for sweeps over seeds or workers.
    public func stream(index: Int) -> RandomStream { stream(named: "#\(index)") }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform Double in [lower, upper).
    public mutating func uniform(in lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * uniform()
    }

    /// A standard normal variate, by the Box–Muller transform (pairs are generated and the second
    /// value kept for the next call).
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // u1 in (0, 1] so that log(u1) is finite.
        let u1 = 1 - uniform()
        let u2 = uniform()
        let radius = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// `count` standard normal variates.
    public mutating func normals(_ count: Int) -> [Double] {
        (0..<count).map { _ in normal() }
    }

    /// A uniformly random point on the unit sphere in `dimension` dimensions.
    public mutating func unitVector(dimension: Int) -> [Double] {
        var vector = normals(dimension)
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for index in vector.indices { vector[index] /= length }
        return vector
    }
}

@inline(__always) private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

/// SplitMix64 (Steele, Lea and Flood, OOPSLA 2014): used only to expand seeds.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
