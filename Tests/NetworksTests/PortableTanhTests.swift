import Networks
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `PortableTanh` against the x87 extended-precision `tanhl` (64-bit significand, so its own error
/// is far below a Double ulp), at points spread over every range-reduction interval.
final class PortableTanhTests: XCTestCase {
    /// ±2⁻⁶⁰ … ±25 on a geometric grid, plus a uniform grid over [−3, 3] fine enough to cross every
    /// boundary k·ln2/2 of the reduction y = 2|x| = k·ln2 + r many times.
    var points: [Double] {
        var result: [Double] = []
        var x = 0x1p-60
        while x < 25 { result += [x, -x]; x *= 1.000_37 }
        for i in 0...200_000 { result.append(-3 + 6 * Double(i) / 200_000) }
        return result
    }

    func test_doubleIsWithinTwoAndAHalfUlpOfTheExtendedPrecisionValue() throws {
        #if arch(x86_64) && canImport(Glibc)
        var worst = 0.0, worstAt = 0.0
        for x in points {
            let exact = tanhl(Float80(x))
            let error = Double(abs(Float80(PortableTanh.tanh(x)) - exact)) / Double(exact).ulp
            if error > worst { (worst, worstAt) = (error, x) }
        }
        XCTAssertLessThanOrEqual(worst, 2.5, "worst at x = \(worstAt)")
        #else
        throw XCTSkip("needs Float80 tanhl (x86-64 glibc) as the reference")
        #endif
    }

    func test_floatIsTheDoubleRoundedAndWithinOneUlp() throws {
        #if arch(x86_64) && canImport(Glibc)
        for x in points where x.magnitude < 12 {
            let f = Float(x)
            let exact = tanhl(Float80(f))
            XCTAssertLessThanOrEqual(abs(Float80(Float.tanh(f)) - exact), Float80(Float(exact).ulp), "x = \(f)")
        }
        #else
        throw XCTSkip("needs Float80 tanhl (x86-64 glibc) as the reference")
        #endif
    }

    func test_isOddAndSaturatesAndPropagatesNaN() {
        for x in points { XCTAssertEqual(PortableTanh.tanh(-x), -PortableTanh.tanh(x)) }
        XCTAssertEqual(PortableTanh.tanh(0).bitPattern, (0.0).bitPattern)
        XCTAssertEqual(PortableTanh.tanh(-0.0).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(PortableTanh.tanh(5e-324), 5e-324)
        for x in [19.1, 20, 21, 1e300, .infinity] {
            XCTAssertEqual(PortableTanh.tanh(x), 1, "x = \(x)")
            XCTAssertEqual(PortableTanh.tanh(-x), -1, "x = \(-x)")
        }
        XCTAssertTrue(PortableTanh.tanh(.nan).isNaN)
    }

    /// Non-decreasing across the reduction's boundaries, where a polynomial could step back, for
    /// |x| ≤ 18. Beyond 18.7, where 1 − tanh x < 2e-16, E/(E + 2) can step back by one ulp.
    func test_isMonotoneUpTo18() {
        var previous = -1.0
        for i in 0...2_000_000 {
            let t = PortableTanh.tanh(-18 + 36 * Double(i) / 2_000_000)
            XCTAssertGreaterThanOrEqual(t, previous)
            if t < previous { break }
            previous = t
        }
    }

    /// The batch used by the layers (pairs of lanes, an odd tail) gives the scalar function's bits,
    /// for Double and for Float.
    func test_batchesGiveTheScalarBits() {
        let z = Array(points.prefix(100_001))
        let activated = Activation.tanh.evaluate(all: z)
        for (x, t) in zip(z, activated.values) { XCTAssertEqual(t.bitPattern, PortableTanh.tanh(x).bitPattern, "x = \(x)") }
        let zf = z.map { Float($0) }
        let activatedFloat = Activation.tanh.evaluate(all: zf)
        for (x, t) in zip(zf, activatedFloat.values) { XCTAssertEqual(t.bitPattern, Float.tanh(x).bitPattern, "x = \(x)") }
        for (t, slope) in zip(activated.values, activated.slopes) { XCTAssertEqual(slope, 1 - t * t) }
    }
}
