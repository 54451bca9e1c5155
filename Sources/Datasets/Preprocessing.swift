/// Preprocessing of images into training features (docs/data.md §4): pixels/255, average pooling by
/// a factor k with SAME padding (zeros, divided by the full window, as Flax's `avg_pool`), and
/// per-channel standardisation over the selected subset (the authors' recipe).
public enum Preprocessing {
    /// Features of shape [count, pooledHeight · pooledWidth · channels], channels last, as Double.
    public static func pooledFeatures(_ data: ImageDataset, poolingFactor k: Int) -> (features: [Double], height: Int, width: Int) {
        precondition(k >= 1, "pooling factor must be at least 1")
        let outHeight = (data.height + k - 1) / k, outWidth = (data.width + k - 1) / k
        let c = data.channels
        var features = [Double](repeating: 0, count: data.count * outHeight * outWidth * c)
        let scale = 1 / (255 * Double(k * k))
        for image in 0..<data.count {
            let base = image * data.featuresPerImage
            let outBase = image * outHeight * outWidth * c
            for row in 0..<data.height {
                for column in 0..<data.width {
                    for channel in 0..<c {
                        let value = Double(data.pixels[base + (row * data.width + column) * c + channel])
                        features[outBase + ((row / k) * outWidth + column / k) * c + channel] += value * scale
                    }
                }
            }
        }
        return (features, outHeight, outWidth)
    }

    /// Standardises each channel in place to mean 0 and population standard deviation 1 over all
    /// examples and positions; returns the (mean, std) used per channel.
    @discardableResult
    public static func standardisePerChannel(_ features: inout [Double], channels: Int) -> [(mean: Double, std: Double)] {
        var statistics: [(Double, Double)] = []
        for channel in 0..<channels {
            var sum = 0.0, sumSquares = 0.0, count = 0.0
            for index in stride(from: channel, to: features.count, by: channels) {
                sum += features[index]
                sumSquares += features[index] * features[index]
                count += 1
            }
            let mean = sum / count
            let std = max((sumSquares / count - mean * mean).squareRoot(), 1e-12)
            for index in stride(from: channel, to: features.count, by: channels) { features[index] = (features[index] - mean) / std }
            statistics.append((mean, std))
        }
        return statistics
    }

    /// One-hot targets [count, classes] for labels.
    public static func oneHot(_ labels: [UInt8], classes: Int) -> [Double] {
        var targets = [Double](repeating: 0, count: labels.count * classes)
        for (index, label) in labels.enumerated() { targets[index * classes + Int(label)] = 1 }
        return targets
    }
}

/// Synthetic regression tasks small enough for dense Hessians (docs/eos.md §6 check tier).
public enum SyntheticData {
    /// Cohen et al.'s `chebyshev-k-n`: n points on linspace(−1, 1), y = T_k(x).
    public static func chebyshev(degree k: Int, points n: Int) -> (x: [Double], y: [Double]) {
        let x = (0..<n).map { n == 1 ? 0 : -1 + 2 * Double($0) / Double(n - 1) }
        let y = x.map { value -> Double in
            var (previous, current) = (1.0, value)
            if k == 0 { return 1 }
            for _ in 1..<max(k, 1) { (previous, current) = (current, 2 * value * current - previous) }
            return current
        }
        return (x, y)
    }
}
