import LinearAlgebra

extension SupervisedObjective {
    /// H(θ)v = ∇²L(θ)v, exactly, by the R-operator (forward-over-reverse, Pearlmutter 1994):
    /// a tangent forward pass Ż_l = M(Ȧ_{l−1})W_lᵀ + M(A_{l−1})Ẇ_lᵀ + ḃ_l, Ȧ_l = σ′ ⊙ Ż_l, then a tangent
    /// backward pass Ġ_{A} = Mᵀ(ĠW_l + GẆ_l), Ġ_Z = Ġ_A ⊙ σ′ + G_A ⊙ σ″ ⊙ Ż, with
    /// (Hv)_{W_l} = ĠᵀM(A_{l−1}) + GᵀM(Ȧ_{l−1}); M is the layer's linear lowering (`LayerMap`).
    /// `evaluation` must come from `evaluate(at:)` at θ; the direction is named `tangent`.
    /// - Complexity: about twice a gradient.
    @_specialize(exported: true, where Scalar == Double)
    @_specialize(exported: true, where Scalar == Float)
    public func hessianVectorProduct(_ evaluation: Evaluation, along tangent: [Scalar]) -> [Scalar] {
        precondition(tangent.count == model.parameterCount, "tangent has \(tangent.count) entries, the model \(model.parameterCount)")
        if !blocks.isEmpty { return combinedHessianVectorProduct(evaluation, along: tangent) }
        let n = exampleCount, L = model.layerCount
        let θ = evaluation.parameters
        var product = [Scalar](repeating: 0, count: model.parameterCount)
        // Tangent forward pass.
        var preactivationTangents: [[Scalar]] = []   // Ż for hidden layers
        var loweredTangents: [[Scalar]] = []         // M(Ȧ_{l−1}) for layers l ≥ 1
        var outputTangent: [Scalar] = []
        θ.withUnsafeBufferPointer { parameters in
            tangent.withUnsafeBufferPointer { direction in
                for layer in 0..<L {
                    let map = model.layers[layer]
                    let rows = n * map.positions, fanIn = map.fanIn, fanOut = map.outputChannels
                    var zDot = [Scalar](repeating: 0, count: rows * fanOut)
                    zDot.withUnsafeMutableBufferPointer { z in
                        let bias = direction.baseAddress! + model.biasOffsets[layer]
                        for row in 0..<rows { (z.baseAddress! + row * fanOut).update(from: bias, count: fanOut) }
                        evaluation.loweredInputs[layer].withUnsafeBufferPointer { a in
                            Scalar.gemm(transposeA: false, transposeB: true, m: rows, n: fanOut, k: fanIn, alpha: 1,
                                        a: a.baseAddress!, lda: fanIn, b: direction.baseAddress! + model.weightOffsets[layer], ldb: fanIn,
                                        beta: 1, c: z.baseAddress!, ldc: fanOut)
                        }
                        if layer > 0 {
                            loweredTangents[layer - 1].withUnsafeBufferPointer { aDot in
                                Scalar.gemm(transposeA: false, transposeB: true, m: rows, n: fanOut, k: fanIn, alpha: 1,
                                            a: aDot.baseAddress!, lda: fanIn, b: parameters.baseAddress! + model.weightOffsets[layer], ldb: fanIn,
                                            beta: 1, c: z.baseAddress!, ldc: fanOut)
                            }
                        }
                    }
                    if layer == L - 1 {
                        outputTangent = zDot
                    } else {
                        let slope = evaluation.slopes[layer]
                        var aDot = zDot
                        for index in aDot.indices { aDot[index] *= slope[index] }
                        preactivationTangents.append(zDot)
                        loweredTangents.append(model.layers[layer + 1].lower(aDot, examples: n))
                    }
                }

                // Tangent of ∂L/∂F.
                var signalDot = outputTangentOfLossGradient(outputTangent, evaluation)
                product.withUnsafeMutableBufferPointer { hv in
                    for layer in stride(from: L - 1, through: 0, by: -1) {
                        let map = model.layers[layer]
                        let rows = n * map.positions, fanIn = map.fanIn, fanOut = map.outputChannels
                        let signal = evaluation.preactivationGradients[layer]
                        // (Hv)_{W_l} = ĠᵀM(A_{l−1}) + GᵀM(Ȧ_{l−1});  (Hv)_{b_l} = Ġᵀ1
                        signalDot.withUnsafeBufferPointer { gDot in
                            evaluation.loweredInputs[layer].withUnsafeBufferPointer { a in
                                Scalar.gemm(transposeA: true, transposeB: false, m: fanOut, n: fanIn, k: rows, alpha: 1,
                                            a: gDot.baseAddress!, lda: fanOut, b: a.baseAddress!, ldb: fanIn, beta: 0,
                                            c: hv.baseAddress! + model.weightOffsets[layer], ldc: fanIn)
                            }
                            columnSums(gDot.baseAddress!, rows: rows, columns: fanOut, into: hv.baseAddress! + model.biasOffsets[layer])
                        }
                        if layer > 0 {
                            signal.withUnsafeBufferPointer { g in
                                loweredTangents[layer - 1].withUnsafeBufferPointer { aDot in
                                    Scalar.gemm(transposeA: true, transposeB: false, m: fanOut, n: fanIn, k: rows, alpha: 1,
                                                a: g.baseAddress!, lda: fanOut, b: aDot.baseAddress!, ldb: fanIn, beta: 1,
                                                c: hv.baseAddress! + model.weightOffsets[layer], ldc: fanIn)
                                }
                            }
                        }
                        guard layer > 0 else { break }
                        // Ġ_A = Mᵀ(Ġ·W_l + G·Ẇ_l)
                        var loweredGradientDot = [Scalar](repeating: 0, count: rows * fanIn)
                        loweredGradientDot.withUnsafeMutableBufferPointer { gaDot in
                            signalDot.withUnsafeBufferPointer { gDot in
                                Scalar.gemm(transposeA: false, transposeB: false, m: rows, n: fanIn, k: fanOut, alpha: 1,
                                            a: gDot.baseAddress!, lda: fanOut, b: parameters.baseAddress! + model.weightOffsets[layer], ldb: fanIn,
                                            beta: 0, c: gaDot.baseAddress!, ldc: fanIn)
                            }
                            signal.withUnsafeBufferPointer { g in
                                Scalar.gemm(transposeA: false, transposeB: false, m: rows, n: fanIn, k: fanOut, alpha: 1,
                                            a: g.baseAddress!, lda: fanOut, b: direction.baseAddress! + model.weightOffsets[layer], ldb: fanIn,
                                            beta: 1, c: gaDot.baseAddress!, ldc: fanIn)
                            }
                        }
                        let activationGradientDot = map.raise(loweredGradientDot, examples: n)
                        // Ġ_Z = Ġ_A ⊙ σ′ + G_A ⊙ σ″ ⊙ Ż
                        let slope = evaluation.slopes[layer - 1], curvature = evaluation.curvatures[layer - 1]
                        let activationGradient = evaluation.activationGradients[layer - 1]
                        let zDot = preactivationTangents[layer - 1]
                        signalDot = [Scalar](repeating: 0, count: activationGradientDot.count)
                        for index in signalDot.indices {
                            signalDot[index] = activationGradientDot[index] * slope[index] + activationGradient[index] * curvature[index] * zDot[index]
                        }
                    }
                }
            }
        }
        return product
    }

    /// The tangent of ∂L/∂F along Ḟ: (2/n)Ḟ for squared losses; for cross-entropy
    /// (1/n)(p ⊙ Ḟ − p (p·Ḟ)) row by row (the softmax Jacobian).
    func outputTangentOfLossGradient(_ outputTangent: [Scalar], _ evaluation: Evaluation) -> [Scalar] {
        let n = exampleCount, C = model.widths.last!
        let scale = 1 / Scalar(n)
        switch loss {
        case .squaredError, .binarySquaredError:
            return outputTangent.map { 2 * scale * $0 }
        case .crossEntropy:
            var result = [Scalar](repeating: 0, count: n * C)
            let p = evaluation.probabilities
            for row in 0..<n {
                let base = row * C
                var inner: Scalar = 0
                for c in 0..<C { inner += p[base + c] * outputTangent[base + c] }
                for c in 0..<C { result[base + c] = scale * p[base + c] * (outputTangent[base + c] - inner) }
            }
            return result
        }
    }
}
