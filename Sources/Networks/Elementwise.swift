import LinearAlgebra

/// The elementwise passes between layers, over raw buffers into arrays allocated uninitialised:
/// no zero fill, no copy-on-write or bounds checks per element. Each keeps the evaluation order
/// written in its formula, so the bits are those of the plain loop.
enum Elementwise {
    /// A new array of `count` elements, each written by `fill` exactly once.
    @inline(__always)
    static func array<S: BLASScalar>(count: Int, _ fill: (UnsafeMutableBufferPointer<S>) -> Void) -> [S] {
        [S](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }

    /// Three new arrays of `count` elements, each element of each written by `fill` exactly once.
    @inline(__always)
    static func arrays<S: BLASScalar>(count: Int, _ fill: (UnsafeMutableBufferPointer<S>, UnsafeMutableBufferPointer<S>, UnsafeMutableBufferPointer<S>) -> Void) -> ([S], [S], [S]) {
        var second: [S] = [], third: [S] = []
        let first: [S] = array(count: count) { a in
            second = array(count: count) { b in
                third = array(count: count) { c in fill(a, b, c) }
            }
        }
        return (first, second, third)
    }

    /// a ⊙ b.
    static func product<S: BLASScalar>(_ a: [S], _ b: [S]) -> [S] {
        precondition(a.count == b.count)
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                array(count: a.count) { result in
                    for index in 0..<a.count { result[index] = a[index] * b[index] }
                }
            }
        }
    }

    /// (a ⊙ b) + (c ⊙ d) ⊙ e.
    static func productPlusProduct<S: BLASScalar>(_ a: [S], _ b: [S], _ c: [S], _ d: [S], _ e: [S]) -> [S] {
        precondition([b.count, c.count, d.count, e.count].allSatisfy { $0 == a.count })
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeBufferPointer { c in
                    d.withUnsafeBufferPointer { d in
                        e.withUnsafeBufferPointer { e in
                            array(count: a.count) { result in
                                for index in 0..<a.count { result[index] = a[index] * b[index] + c[index] * d[index] * e[index] }
                            }
                        }
                    }
                }
            }
        }
    }
}
