import LinearAlgebra
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A BLAS scalar with the elementary functions the models need. `Float` runs phase 1 of the
/// edge-of-stability experiments (as the authors' code does); `Double` everything else. `tanh` is
/// `PortableTanh` (rounded to `Float` for `Float`), not libm's; `exp` and `log` are libm's.
public protocol RealScalar: BLASScalar {
    static func tanh(_ x: Self) -> Self
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
}

extension Double: RealScalar {
    @inline(__always) public static func tanh(_ x: Double) -> Double { PortableTanh.tanh(x) }
    @inline(__always) public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { Glibc.log(x) }
}

extension Float: RealScalar {
    @inline(__always) public static func tanh(_ x: Float) -> Float { Float(PortableTanh.tanh(Double(x))) }
    @inline(__always) public static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) public static func log(_ x: Float) -> Float { logf(x) }
}
