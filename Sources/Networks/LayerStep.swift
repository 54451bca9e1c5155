import LinearAlgebra

/// One affine layer as the objective differentiates it, for n examples:
///
///     Z = X·Wᵀ + 1·bᵀ,   X = M(A_prev)   (rows × fan-in; M is the layer's lowering, `LayerMap`)
///
/// with W (fan-out × fan-in) and b (fan-out) at fixed offsets in θ. Its forward pass, its pullback
/// and the two tangent passes of the R-operator sit side by side; the objective runs them in a loop
/// over layers, with the activation's elementwise steps between them.
struct LayerStep<Scalar: BLASScalar> {
    let map: LayerMap
    let weightOffset: Int
    let biasOffset: Int
    /// Rows of X and Z: examples × output positions.
    let rows: Int
    var fanIn: Int { map.fanIn }
    var fanOut: Int { map.outputChannels }

    init(model: FeedForwardNetwork, layer: Int, examples n: Int) {
        map = model.layers[layer]
        weightOffset = model.weightOffsets[layer]
        biasOffset = model.biasOffsets[layer]
        rows = n * map.positions
    }

    /// W (or Ẇ) inside a parameter vector (or a direction).
    func weights(_ vector: UnsafeBufferPointer<Scalar>) -> MatrixView<Scalar> {
        MatrixView(vector.baseAddress! + weightOffset, rows: fanOut, columns: fanIn)
    }

    /// A rows × columns view of an array of this layer's examples.
    func view(_ array: UnsafeBufferPointer<Scalar>, columns: Int) -> MatrixView<Scalar> {
        MatrixView(array.baseAddress!, rows: rows, columns: columns)
    }

    /// `1·bᵀ + Σ Xᵢ·Wᵢᵀ` over the (X, W) pairs in order, with b and each W read from their vectors.
    func affine(bias: UnsafeBufferPointer<Scalar>, _ terms: [(x: [Scalar], weights: UnsafeBufferPointer<Scalar>)]) -> [Scalar] {
        var z = [Scalar](repeating: 0, count: rows * fanOut)
        z.withUnsafeMutableBufferPointer { zz in
            for row in 0..<rows { (zz.baseAddress! + row * fanOut).update(from: bias.baseAddress! + biasOffset, count: fanOut) }
            let out = MutableMatrixView(zz.baseAddress!, rows: rows, columns: fanOut)
            for term in terms {
                term.x.withUnsafeBufferPointer { x in multiply(view(x, columns: fanIn), weights(term.weights).transposed, into: out, beta: 1) }
            }
        }
        return z
    }

    /// Forward: Z = X·Wᵀ + 1·bᵀ.
    func forward(_ x: [Scalar], parameters θ: UnsafeBufferPointer<Scalar>) -> [Scalar] {
        affine(bias: θ, [(x, θ)])
    }

    /// Tangent forward along (Ẇ, ḃ): Ż = X·Ẇᵀ + 1·ḃᵀ + Ẋ·Wᵀ (no Ẋ for the first layer).
    func tangent(_ x: [Scalar], _ xDot: [Scalar]?, parameters θ: UnsafeBufferPointer<Scalar>, direction: UnsafeBufferPointer<Scalar>) -> [Scalar] {
        affine(bias: direction, [(x, direction)] + (xDot.map { [($0, θ)] } ?? []))
    }

    /// Pullback of G = ∂L/∂Z into `gradient`: ∂L/∂W = GᵀX (plus β times what is there), ∂L/∂b = Gᵀ1.
    func pullParameters(_ g: [Scalar], _ x: [Scalar], into gradient: UnsafeMutableBufferPointer<Scalar>) {
        g.withUnsafeBufferPointer { gg in
            x.withUnsafeBufferPointer { xx in
                multiply(view(gg, columns: fanOut).transposed, view(xx, columns: fanIn),
                         into: MutableMatrixView(gradient.baseAddress! + weightOffset, rows: fanOut, columns: fanIn))
            }
            columnSums(gg.baseAddress!, rows: rows, columns: fanOut, into: gradient.baseAddress! + biasOffset)
        }
    }

    /// Adds GᵀẊ to the weight block of `product` (the second term of (Hv)_W = ĠᵀX + GᵀẊ).
    func addWeightProduct(_ g: [Scalar], _ xDot: [Scalar], into product: UnsafeMutableBufferPointer<Scalar>) {
        g.withUnsafeBufferPointer { gg in
            xDot.withUnsafeBufferPointer { xx in
                multiply(view(gg, columns: fanOut).transposed, view(xx, columns: fanIn),
                         into: MutableMatrixView(product.baseAddress! + weightOffset, rows: fanOut, columns: fanIn), beta: 1)
            }
        }
    }

    /// ∂L/∂X = Σ Gᵢ·Wᵢ over the (G, W) pairs in order: G·W for the pullback, Ġ·W + G·Ẇ for its tangent.
    func pullInput(_ terms: [(g: [Scalar], weights: UnsafeBufferPointer<Scalar>)]) -> [Scalar] {
        var result = [Scalar](repeating: 0, count: rows * fanIn)
        result.withUnsafeMutableBufferPointer { out in
            let target = MutableMatrixView(out.baseAddress!, rows: rows, columns: fanIn)
            for (index, term) in terms.enumerated() {
                term.g.withUnsafeBufferPointer { gg in
                    multiply(view(gg, columns: fanOut), weights(term.weights), into: target, beta: index == 0 ? 0 : 1)
                }
            }
        }
        return result
    }
}

/// out[j] = Σ_i m[i, j] for a row-major rows × columns matrix.
@inline(__always)
func columnSums<Scalar: BLASScalar>(_ m: UnsafePointer<Scalar>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Scalar>) {
    for j in 0..<columns { out[j] = 0 }
    for i in 0..<rows {
        let row = m + i * columns
        for j in 0..<columns { out[j] += row[j] }
    }
}
