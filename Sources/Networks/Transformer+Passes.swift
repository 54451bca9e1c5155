/// The Transformer's forward and backward passes for one example, in any `PassNumber`: with reals
/// they give ℓ and ∇ℓ, with dual numbers at θ + εv they give, in the ε parts, H v as well.
/// Matrices are row-major arrays: activations T × d, kernels input × output inside θ.
extension Transformer {
    /// What one layer's backward pass needs from its forward pass.
    struct LayerTape<N: PassNumber> {
        var input: [N] = []          // x, T × d
        var query: [N] = [], key: [N] = [], value: [N] = []
        var attention: [N] = []      // softmax weights, heads × T × T
        var attended: [N] = []       // concat_h(A_h V_h), T × d
        var normalised1: [N] = []    // (r − mean r)/√(var r + ε) of the first LayerNorm, T × d
        var inverseDeviation1: [N] = []  // 1/√(var r + ε), T
        var middle: [N] = []         // x after the first LayerNorm, T × d
        var hidden: [N] = []         // σ(x·W₁ + b₁), T × h
        var slope: [N] = []          // σ′(x·W₁ + b₁), T × h
        var normalised2: [N] = []
        var inverseDeviation2: [N] = []
    }

    /// y = x·W + 1bᵀ for `rows` rows; W (inputs × outputs) at `weights`, b at `bias` in θ.
    @inline(__always)
    static func dense<N: PassNumber>(_ x: [N], rows: Int, inputs: Int, outputs: Int, weights: Int, bias: Int,
                                     _ θ: UnsafeBufferPointer<N>) -> [N] {
        [N](unsafeUninitializedCapacity: rows * outputs) { y, initialised in
            x.withUnsafeBufferPointer { x in
                let w = θ.baseAddress! + weights, b = θ.baseAddress! + bias
                for r in 0..<rows {
                    let out = y.baseAddress! + r * outputs
                    for o in 0..<outputs { (out + o).initialize(to: b[o]) }
                    for i in 0..<inputs {
                        let xi = x[r * inputs + i], row = w + i * outputs
                        for o in 0..<outputs { out[o] += xi * row[o] }
                    }
                }
            }
            initialised = rows * outputs
        }
    }

    /// The pullback of `dense`: adds xᵀG to ∂W and Gᵀ1 to ∂b, and adds G·Wᵀ to `input`.
    @inline(__always)
    static func denseBackward<N: PassNumber>(_ g: [N], _ x: [N], rows: Int, inputs: Int, outputs: Int, weights: Int, bias: Int,
                                             _ θ: UnsafeBufferPointer<N>, _ gradient: UnsafeMutableBufferPointer<N>,
                                             addingTo input: inout [N]) {
        g.withUnsafeBufferPointer { g in
            x.withUnsafeBufferPointer { x in
                input.withUnsafeMutableBufferPointer { input in
                    let w = θ.baseAddress! + weights, gw = gradient.baseAddress! + weights, gb = gradient.baseAddress! + bias
                    for r in 0..<rows {
                        let gr = g.baseAddress! + r * outputs
                        for o in 0..<outputs { gb[o] += gr[o] }
                        for i in 0..<inputs {
                            let xi = x[r * inputs + i], row = w + i * outputs, gRow = gw + i * outputs
                            var sum = input[r * inputs + i]
                            for o in 0..<outputs {
                                let go = gr[o]
                                gRow[o] += xi * go
                                sum += go * row[o]
                            }
                            input[r * inputs + i] = sum
                        }
                    }
                }
            }
        }
    }

    /// LayerNorm of each row of r (T × d): returns γ ⊙ n̂ + β and stores n̂ and 1/√(var + ε).
    @inline(__always)
    static func layerNorm<N: PassNumber>(_ r: [N], rows: Int, width d: Int, scale: Int, bias: Int, _ θ: UnsafeBufferPointer<N>,
                                         normalised: inout [N], inverseDeviation: inout [N]) -> [N] {
        normalised = [N](repeating: N(0), count: rows * d)
        inverseDeviation = [N](repeating: N(0), count: rows)
        var out = normalised
        let inverseWidth = N(1 / N.Real(d)), epsilon = N(N.Real(layerNormEpsilon))
        for row in 0..<rows {
            var mean = N(0)
            for j in 0..<d { mean += r[row * d + j] }
            mean *= inverseWidth
            var variance = N(0)
            for j in 0..<d {
                let c = r[row * d + j] - mean
                variance += c * c
            }
            let s = N.reciprocalSquareRoot(variance * inverseWidth + epsilon)
            inverseDeviation[row] = s
            for j in 0..<d {
                let n̂ = (r[row * d + j] - mean) * s
                normalised[row * d + j] = n̂
                out[row * d + j] = θ[scale + j] * n̂ + θ[bias + j]
            }
        }
        return out
    }

    /// The pullback of `layerNorm`: adds to ∂γ, ∂β and returns ∂r = s(ĝ − mean ĝ − n̂·mean(ĝ ⊙ n̂)), ĝ = g ⊙ γ.
    @inline(__always)
    static func layerNormBackward<N: PassNumber>(_ g: [N], rows: Int, width d: Int, scale: Int, bias: Int, normalised: [N],
                                                 inverseDeviation: [N], _ θ: UnsafeBufferPointer<N>,
                                                 _ gradient: UnsafeMutableBufferPointer<N>) -> [N] {
        var result = [N](repeating: N(0), count: rows * d)
        let inverseWidth = N(1 / N.Real(d))
        var ĝ = [N](repeating: N(0), count: d)
        for row in 0..<rows {
            var meanĝ = N(0), meanĝn̂ = N(0)
            for j in 0..<d {
                let gj = g[row * d + j], n̂ = normalised[row * d + j]
                gradient[scale + j] += gj * n̂
                gradient[bias + j] += gj
                ĝ[j] = gj * θ[scale + j]
                meanĝ += ĝ[j]
                meanĝn̂ += ĝ[j] * n̂
            }
            meanĝ *= inverseWidth
            meanĝn̂ *= inverseWidth
            let s = inverseDeviation[row]
            for j in 0..<d { result[row * d + j] = s * (ĝ[j] - meanĝ - normalised[row * d + j] * meanĝn̂) }
        }
        return result
    }

    /// One layer forward: x ← LN(x + MHA(x)), then x ← LN(x + σ(xW₁ + b₁)W₂ + b₂); the tape keeps
    /// what `layerBackward` needs.
    func layerForward<N: PassNumber>(_ x: [N], _ o: LayerOffsets, _ θ: UnsafeBufferPointer<N>, tape: inout LayerTape<N>) -> [N] {
        let T = length, d = width, h = hiddenWidth, dh = headWidth
        tape.input = x
        tape.query = Self.dense(x, rows: T, inputs: d, outputs: d, weights: o.query, bias: o.queryBias, θ)
        tape.key = Self.dense(x, rows: T, inputs: d, outputs: d, weights: o.key, bias: o.keyBias, θ)
        tape.value = Self.dense(x, rows: T, inputs: d, outputs: d, weights: o.value, bias: o.valueBias, θ)
        tape.attention = [N](repeating: N(0), count: heads * T * T)
        tape.attended = [N](repeating: N(0), count: T * d)
        let temperature = N(1 / N.Real(dh).squareRoot())
        var scores = [N](repeating: N(0), count: T)
        for head in 0..<heads {
            let column = head * dh
            for i in 0..<T {
                // s_ij = q_i·k_j/√d_h; a_i = softmax(s_i), shifted by max_j s_ij (a constant: softmax is shift-invariant).
                var largest = -N.Real.infinity
                for j in 0..<T {
                    var s = N(0)
                    for c in 0..<dh { s += tape.query[i * d + column + c] * tape.key[j * d + column + c] }
                    scores[j] = s * temperature
                    largest = max(largest, scores[j].real)
                }
                var total = N(0)
                for j in 0..<T {
                    scores[j] = N.exp(scores[j] - N(largest))
                    total += scores[j]
                }
                let row = (head * T + i) * T
                for j in 0..<T {
                    let a = scores[j] / total
                    tape.attention[row + j] = a
                    for c in 0..<dh { tape.attended[i * d + column + c] += a * tape.value[j * d + column + c] }
                }
            }
        }
        var residual = Self.dense(tape.attended, rows: T, inputs: d, outputs: d, weights: o.output, bias: o.outputBias, θ)
        for index in residual.indices { residual[index] += x[index] }
        tape.middle = Self.layerNorm(residual, rows: T, width: d, scale: o.norm1Scale, bias: o.norm1Bias, θ,
                                     normalised: &tape.normalised1, inverseDeviation: &tape.inverseDeviation1)
        let preactivation = Self.dense(tape.middle, rows: T, inputs: d, outputs: h, weights: o.up, bias: o.upBias, θ)
        tape.hidden = preactivation
        tape.slope = preactivation
        for index in preactivation.indices {
            (tape.hidden[index], tape.slope[index]) = preactivation[index].activated(by: activation)
        }
        residual = Self.dense(tape.hidden, rows: T, inputs: h, outputs: d, weights: o.down, bias: o.downBias, θ)
        for index in residual.indices { residual[index] += tape.middle[index] }
        return Self.layerNorm(residual, rows: T, width: d, scale: o.norm2Scale, bias: o.norm2Bias, θ,
                              normalised: &tape.normalised2, inverseDeviation: &tape.inverseDeviation2)
    }

    /// One layer backward: from ∂ℓ/∂(layer output) adds the layer's parameter gradient and returns ∂ℓ/∂x.
    func layerBackward<N: PassNumber>(_ g: [N], _ o: LayerOffsets, _ tape: LayerTape<N>, _ θ: UnsafeBufferPointer<N>,
                                      _ gradient: UnsafeMutableBufferPointer<N>) -> [N] {
        let T = length, d = width, h = hiddenWidth, dh = headWidth
        // Second residual block: r₂ = x₁ + σ(x₁W₁ + b₁)W₂ + b₂.
        var gMiddle = Self.layerNormBackward(g, rows: T, width: d, scale: o.norm2Scale, bias: o.norm2Bias, normalised: tape.normalised2,
                                             inverseDeviation: tape.inverseDeviation2, θ, gradient)
        var gHidden = [N](repeating: N(0), count: T * h)
        Self.denseBackward(gMiddle, tape.hidden, rows: T, inputs: h, outputs: d, weights: o.down, bias: o.downBias, θ, gradient, addingTo: &gHidden)
        for index in gHidden.indices { gHidden[index] *= tape.slope[index] }
        Self.denseBackward(gHidden, tape.middle, rows: T, inputs: d, outputs: h, weights: o.up, bias: o.upBias, θ, gradient, addingTo: &gMiddle)
        // First residual block: r₁ = x + MHA(x).
        var gInput = Self.layerNormBackward(gMiddle, rows: T, width: d, scale: o.norm1Scale, bias: o.norm1Bias, normalised: tape.normalised1,
                                            inverseDeviation: tape.inverseDeviation1, θ, gradient)
        var gAttended = [N](repeating: N(0), count: T * d)
        Self.denseBackward(gInput, tape.attended, rows: T, inputs: d, outputs: d, weights: o.output, bias: o.outputBias, θ, gradient,
                           addingTo: &gAttended)
        var gQuery = [N](repeating: N(0), count: T * d), gKey = gQuery, gValue = gQuery
        let temperature = N(1 / N.Real(dh).squareRoot())
        var gWeights = [N](repeating: N(0), count: T)
        for head in 0..<heads {
            let column = head * dh
            for i in 0..<T {
                let row = (head * T + i) * T
                // o_i = Σ_j a_ij v_j:  ∂a_ij = ∂o_i·v_j, ∂v_j += a_ij ∂o_i.
                var weighted = N(0)
                for j in 0..<T {
                    let a = tape.attention[row + j]
                    var ga = N(0)
                    for c in 0..<dh {
                        let go = gAttended[i * d + column + c]
                        ga += go * tape.value[j * d + column + c]
                        gValue[j * d + column + c] += a * go
                    }
                    gWeights[j] = ga
                    weighted += a * ga
                }
                // Softmax: ∂s_ij = a_ij(∂a_ij − Σ_k a_ik ∂a_ik); s_ij = q_i·k_j/√d_h.
                for j in 0..<T {
                    let gs = tape.attention[row + j] * (gWeights[j] - weighted) * temperature
                    for c in 0..<dh {
                        gQuery[i * d + column + c] += gs * tape.key[j * d + column + c]
                        gKey[j * d + column + c] += gs * tape.query[i * d + column + c]
                    }
                }
            }
        }
        Self.denseBackward(gQuery, tape.input, rows: T, inputs: d, outputs: d, weights: o.query, bias: o.queryBias, θ, gradient, addingTo: &gInput)
        Self.denseBackward(gKey, tape.input, rows: T, inputs: d, outputs: d, weights: o.key, bias: o.keyBias, θ, gradient, addingTo: &gInput)
        Self.denseBackward(gValue, tape.input, rows: T, inputs: d, outputs: d, weights: o.value, bias: o.valueBias, θ, gradient, addingTo: &gInput)
        return gInput
    }

    /// One example: returns f(θ, x) (C outputs) after adding, for the squared loss ℓ = Σ_c (f_c − y_c)²
    /// weighted by `weight`, weight·∇ℓ to `gradient`; `loss` gains weight·ℓ.
    func accumulateExample<N: PassNumber>(tokens: UnsafeBufferPointer<N.Real>, target: UnsafeBufferPointer<N.Real>, weight: N.Real,
                                          layout: Layout, _ θ: UnsafeBufferPointer<N>, gradient: UnsafeMutableBufferPointer<N>?,
                                          loss: inout N) -> [N] {
        let T = length, d = width, C = outputs
        var ids = [Int](repeating: 0, count: T)
        var x = [N](repeating: N(0), count: T * d)
        for p in 0..<T {
            ids[p] = Int(tokens[p])
            for j in 0..<d { x[p * d + j] = θ[layout.tokenEmbedding + ids[p] * d + j] + θ[layout.positionEmbedding + p * d + j] }
        }
        var tapes = [LayerTape<N>](repeating: LayerTape(), count: layers)
        for layer in 0..<layers { x = layerForward(x, layout.layers[layer], θ, tape: &tapes[layer]) }
        // Mean over positions, then the head.
        var pooled = [N](repeating: N(0), count: d)
        let inverseLength = N(1 / N.Real(T))
        for p in 0..<T { for j in 0..<d { pooled[j] += x[p * d + j] } }
        for j in 0..<d { pooled[j] *= inverseLength }
        let f = Self.dense(pooled, rows: 1, inputs: d, outputs: C, weights: layout.head, bias: layout.headBias, θ)
        var gf = [N](repeating: N(0), count: C)
        for c in 0..<C {
            let residual = f[c] - N(target[c])
            loss += residual * residual * N(weight)
            gf[c] = residual * N(2 * weight)
        }
        guard let gradient else { return f }
        var gPooled = [N](repeating: N(0), count: d)
        Self.denseBackward(gf, pooled, rows: 1, inputs: d, outputs: C, weights: layout.head, bias: layout.headBias, θ, gradient, addingTo: &gPooled)
        var g = [N](repeating: N(0), count: T * d)
        for p in 0..<T { for j in 0..<d { g[p * d + j] = gPooled[j] * inverseLength } }
        for layer in (0..<layers).reversed() { g = layerBackward(g, layout.layers[layer], tapes[layer], θ, gradient) }
        for p in 0..<T {
            for j in 0..<d {
                gradient[layout.tokenEmbedding + ids[p] * d + j] += g[p * d + j]
                gradient[layout.positionEmbedding + p * d + j] += g[p * d + j]
            }
        }
        return f
    }
}
