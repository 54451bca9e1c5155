import LinearAlgebra
import Networks

/// max_i |(L(θ + εe_i) − L(θ − εe_i))/(2ε) − ∂_iL(θ)| / ‖∇L(θ)‖: the exact gradient against central
/// differences of the loss, coordinate by coordinate.
func relativeGradientError(_ objective: any TrainingObjective<Double>, at θ: [Double], step ε: Double = 1e-6) -> Double {
    let gradient = objective.evaluate(at: θ).gradient
    var worst = 0.0
    for index in θ.indices {
        var plus = θ, minus = θ
        plus[index] += ε
        minus[index] -= ε
        let estimate = (objective.lossValue(at: plus) - objective.lossValue(at: minus)) / (2 * ε)
        worst = max(worst, abs(estimate - gradient[index]))
    }
    return worst / norm(gradient)
}
