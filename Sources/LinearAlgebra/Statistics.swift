/// Summary statistics every claim and figure uses, each defined once. Sums run left to right, so a
/// statistic of the same values is the same bits everywhere. An empty input gives NaN.
public enum Statistics {
    /// (1/n) Σ vᵢ.
    public static func mean<C: Collection>(_ values: C) -> Double where C.Element == Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// √((1/n) Σ vᵢ²).
    public static func rms<C: Collection>(_ values: C) -> Double where C.Element == Double {
        mean(values.map { $0 * $0 }).squareRoot()
    }

    /// The upper median: the value at index ⌊n/2⌋ of the sorted values.
    public static func median<C: Collection>(_ values: C) -> Double where C.Element == Double {
        values.isEmpty ? .nan : values.sorted()[values.count / 2]
    }

    /// The sample variance (1/(n−1)) Σ (vᵢ − v̄)²; 0 for a single value.
    public static func sampleVariance<C: Collection>(_ values: C) -> Double where C.Element == Double {
        let m = mean(values)
        return values.count > 1 ? values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1) : 0
    }

    /// Pearson's correlation Σ(aᵢ − ā)(bᵢ − b̄) / √(Σ(aᵢ − ā)² Σ(bᵢ − b̄)²).
    public static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = mean(a), mb = mean(b)
        let covariance = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) }
        let va = a.reduce(0) { $0 + ($1 - ma) * ($1 - ma) }, vb = b.reduce(0) { $0 + ($1 - mb) * ($1 - mb) }
        return covariance / (va * vb).squareRoot()
    }

    /// The least-squares slope of y on x: Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)².
    public static func leastSquaresSlope(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        let numerator = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        return numerator / x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    }

    /// The fraction of values that satisfy `predicate`.
    public static func fraction(_ values: [Double], _ predicate: (Double) -> Bool) -> Double {
        values.isEmpty ? .nan : Double(values.filter(predicate).count) / Double(values.count)
    }
}
