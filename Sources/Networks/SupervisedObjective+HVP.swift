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
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func hessianVectorProduct(_ evaluation: Evaluation, along tangent: [Scalar]) -> [Scalar] {
        precondition(tangent.count == model.parameterCount, "tangent has \(tangent.count) entries, the model \(model.parameterCount)")
        if !blocks.isEmpty { return combinedHessianVectorProduct(evaluation, along: tangent) }
        let n = exampleCount, steps = self.steps
        let θ = evaluation.parameters
        var product = [Scalar](repeating: 0, count: model.parameterCount)
        θ.withUnsafeBufferPointer { parameters in
            tangent.withUnsafeBufferPointer { direction in
                // Tangent forward pass: Ż_l, and Ẋ_{l+1} = M(σ′ ⊙ Ż_l).
                var preactivationTangents: [[Scalar]] = []   // Ż for hidden layers
                var loweredTangents: [[Scalar]] = []         // Ẋ_l for layers l ≥ 1
                var outputTangent: [Scalar] = []
                for (layer, step) in steps.enumerated() {
                    let zDot = PassTimings.measure(layer, .gemm) {
                        step.tangent(evaluation.loweredInputs[layer], layer > 0 ? loweredTangents[layer - 1] : nil,
                                     parameters: parameters, direction: direction)
                    }
                    guard layer < steps.count - 1 else { outputTangent = zDot; break }
                    let slope = evaluation.slopes[layer]
                    let aDot = PassTimings.measure(layer, .elementwise) { Elementwise.product(zDot, slope) }
                    preactivationTangents.append(zDot)
                    loweredTangents.append(PassTimings.measure(layer + 1, .lower) { steps[layer + 1].map.lower(aDot, examples: n) })
                }

                // Tangent backward pass, from the tangent of ∂L/∂F.
                var signalDot = PassTimings.measure(steps.count - 1, .loss) { outputTangentOfLossGradient(outputTangent, evaluation) }
                product.withUnsafeMutableBufferPointer { hv in
                    for layer in steps.indices.reversed() {
                        let step = steps[layer]
                        let signal = evaluation.preactivationGradients[layer]
                        // (Hv)_{W_l} = ĠᵀX_l + GᵀẊ_l;  (Hv)_{b_l} = Ġᵀ1
                        PassTimings.measure(layer, .gemm) { step.pullParameters(signalDot, evaluation.loweredInputs[layer], into: hv) }
                        guard layer > 0 else { break }
                        PassTimings.measure(layer, .gemm) { step.addWeightProduct(signal, loweredTangents[layer - 1], into: hv) }
                        // Ġ_A = Mᵀ(Ġ·W_l + G·Ẇ_l);  Ġ_Z = Ġ_A ⊙ σ′ + G_A ⊙ σ″ ⊙ Ż
                        let loweredGradientDot = PassTimings.measure(layer, .gemm) { step.pullInput([(signalDot, parameters), (signal, direction)]) }
                        let activationGradientDot = PassTimings.measure(layer, .raise) { step.map.raise(loweredGradientDot, examples: n) }
                        let slope = evaluation.slopes[layer - 1], curvature = evaluation.curvatures[layer - 1]
                        let activationGradient = evaluation.activationGradients[layer - 1]
                        let zDot = preactivationTangents[layer - 1]
                        signalDot = PassTimings.measure(layer - 1, .elementwise) {
                            Elementwise.productPlusProduct(activationGradientDot, slope, activationGradient, curvature, zDot)
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
