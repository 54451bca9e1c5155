import LinearAlgebra

/// The spatial shape of one example's activations, stored NHWC (channel fastest).
public struct ImageShape: Equatable, Codable {
    public var height: Int, width: Int, channels: Int

    public init(height: Int, width: Int, channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    public var count: Int { height * width * channels }
    /// The shape after 2×2, stride-2 SAME average pooling: ⌈h/2⌉ × ⌈w/2⌉.
    public var pooled: ImageShape { ImageShape(height: (height + 1) / 2, width: (width + 1) / 2, channels: channels) }
}

/// The linear part of one layer, Z = M(A)·Wᵀ + 1bᵀ, where the "lowered input" M(A) is
/// - dense: A itself (n × fan-in), or A average-pooled first;
/// - convolution (3×3, stride 1, SAME, docs/eos.md §2.2): the im2col matrix of A (optionally pooled
///   first), one row per example and output position, columns (k_h, k_w, c_in).
/// W is C_out × fan-in row-major, b has C_out entries, Z is (n·positions) × C_out, which is the
/// NHWC layout of the next layer's input. Pooling is 2×2, stride 2, SAME, dividing by 4 even where
/// the window covers padding (Flax's `avg_pool` default, docs/eos.md §6). Every operation is linear in
/// A, so the gradient and the R-operator use `lower` and its transpose `raise` around GEMMs.
public struct LayerMap: Equatable {
    public enum Kind: String, Equatable { case dense, convolution }
    public let kind: Kind
    /// The shape of the layer's input A (dense inputs: 1 × 1 × width).
    public let inputShape: ImageShape
    /// Whether A is average-pooled before the map.
    public let poolsInput: Bool
    /// C_out: output channels (convolution) or output width (dense).
    public let outputChannels: Int

    public init(kind: Kind, inputShape: ImageShape, poolsInput: Bool = false, outputChannels: Int) {
        self.kind = kind
        self.inputShape = inputShape
        self.poolsInput = poolsInput
        self.outputChannels = outputChannels
    }

    /// The shape the map reads after optional pooling.
    var mapShape: ImageShape { poolsInput ? inputShape.pooled : inputShape }
    /// Rows of the lowered input per example: output positions (convolution) or 1.
    public var positions: Int { kind == .convolution ? mapShape.height * mapShape.width : 1 }
    /// Columns of the lowered input: 9·C_in (convolution) or the pooled input width.
    public var fanIn: Int { kind == .convolution ? 9 * mapShape.channels : mapShape.count }
    public var inputWidth: Int { inputShape.count }
    public var outputWidth: Int { positions * outputChannels }
    /// The shape of Z (and of the layer's activations).
    public var outputShape: ImageShape {
        kind == .convolution ? ImageShape(height: mapShape.height, width: mapShape.width, channels: outputChannels)
                             : ImageShape(height: 1, width: 1, channels: outputChannels)
    }
    public var weightCount: Int { outputChannels * fanIn }
    var isPlainDense: Bool { kind == .dense && !poolsInput }

    /// M(A) for n examples (A itself, shared, for a plain dense layer).
    func lower<Scalar: BLASScalar>(_ input: [Scalar], examples n: Int) -> [Scalar] {
        if isPlainDense { return input }
        let source = poolsInput ? Self.averagePool(input, examples: n, shape: inputShape) : input
        return kind == .dense ? source : Self.im2col(source, examples: n, shape: mapShape)
    }

    /// The transpose of `lower`: the gradient with respect to A from the gradient with respect to M(A).
    func raise<Scalar: BLASScalar>(_ gradient: [Scalar], examples n: Int) -> [Scalar] {
        if isPlainDense { return gradient }
        let source = kind == .dense ? gradient : Self.col2im(gradient, examples: n, shape: mapShape)
        return poolsInput ? Self.averagePoolTranspose(source, examples: n, shape: inputShape) : source
    }

    /// Calls `body(pixel, pooled)` for every pixel of every example: the offsets of its C values
    /// in the NHWC image and in the pooled image (2×2 windows, stride 2, SAME).
    @inline(__always)
    static func forEachPooledPixel(examples n: Int, shape: ImageShape, _ body: (_ pixel: Int, _ pooled: Int) -> Void) {
        let out = shape.pooled, C = shape.channels
        for e in 0..<n {
            for i in 0..<shape.height {
                for j in 0..<shape.width {
                    body(((e * shape.height + i) * shape.width + j) * C, ((e * out.height + i / 2) * out.width + j / 2) * C)
                }
            }
        }
    }

    /// Average pooling: each pooled value is a quarter of the sum over its window (padding counts as 0).
    static func averagePool<Scalar: BLASScalar>(_ input: [Scalar], examples n: Int, shape: ImageShape) -> [Scalar] {
        let C = shape.channels, count = n * shape.pooled.count
        let quarter: Scalar = 0.25
        return [Scalar](unsafeUninitializedCapacity: count) { result, initialised in
            result.initialize(repeating: 0)
            input.withUnsafeBufferPointer { a in
                forEachPooledPixel(examples: n, shape: shape) { pixel, pooled in
                    for c in 0..<C { result[pooled + c] += quarter * a[pixel + c] }
                }
            }
            initialised = count
        }
    }

    /// The transpose of `averagePool`: every pixel gets a quarter of its window's gradient.
    static func averagePoolTranspose<Scalar: BLASScalar>(_ gradient: [Scalar], examples n: Int, shape: ImageShape) -> [Scalar] {
        let C = shape.channels, count = n * shape.count
        let quarter: Scalar = 0.25
        return [Scalar](unsafeUninitializedCapacity: count) { result, initialised in
            gradient.withUnsafeBufferPointer { g in
                forEachPooledPixel(examples: n, shape: shape) { pixel, pooled in
                    for c in 0..<C { (result.baseAddress! + pixel + c).initialize(to: quarter * g[pooled + c]) }
                }
            }
            initialised = count
        }
    }

    /// Calls `body(row, pixel)` for every example, output position and in-image 3×3 neighbour:
    /// `row` is the offset of the neighbour's C values in the im2col matrix, `pixel` their offset in
    /// the NHWC image. Neighbours outside the image (SAME padding) are skipped.
    @inline(__always)
    static func forEachNeighbour(examples n: Int, shape: ImageShape, _ body: (_ row: Int, _ pixel: Int) -> Void) {
        let H = shape.height, W = shape.width, C = shape.channels, columns = 9 * C
        for e in 0..<n {
            for i in 0..<H {
                for j in 0..<W {
                    let row = ((e * H + i) * W + j) * columns
                    for ki in max(0, 1 - i)..<min(3, H + 1 - i) {
                        for kj in max(0, 1 - j)..<min(3, W + 1 - j) {
                            body(row + (ki * 3 + kj) * C, ((e * H + i + ki - 1) * W + j + kj - 1) * C)
                        }
                    }
                }
            }
        }
    }

    /// Rows (example, i, j), columns (k_h, k_w, c): the 3×3 SAME neighbourhood, zero outside.
    static func im2col<Scalar: BLASScalar>(_ input: [Scalar], examples n: Int, shape: ImageShape) -> [Scalar] {
        let count = n * shape.height * shape.width * 9 * shape.channels, C = shape.channels
        return [Scalar](unsafeUninitializedCapacity: count) { result, initialised in
            result.initialize(repeating: 0)
            input.withUnsafeBufferPointer { a in
                forEachNeighbour(examples: n, shape: shape) { row, pixel in
                    (result.baseAddress! + row).update(from: a.baseAddress! + pixel, count: C)
                }
            }
            initialised = count
        }
    }

    /// The transpose of `im2col`: every im2col entry added back to the pixel it came from.
    static func col2im<Scalar: BLASScalar>(_ gradient: [Scalar], examples n: Int, shape: ImageShape) -> [Scalar] {
        let C = shape.channels
        return [Scalar](unsafeUninitializedCapacity: n * shape.count) { result, initialised in
            result.initialize(repeating: 0)
            gradient.withUnsafeBufferPointer { g in
                forEachNeighbour(examples: n, shape: shape) { row, pixel in
                    let target = result.baseAddress! + pixel, source = g.baseAddress! + row
                    for c in 0..<C { target[c] += source[c] }
                }
            }
            initialised = n * shape.count
        }
    }
}
