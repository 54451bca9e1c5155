import Networks
import XCTest

/// σ' and σ'' of every activation against finite differences, and the smoothness the
/// edge-of-stability theory needs: σ'' continuous with a bounded difference quotient (σ''' exists)
/// for every activation marked C³, and the jump of ELU's σ'' at 0 detected.
final class ActivationSmoothnessTests: XCTestCase {
    let points: [Double] = [-6, -2.5, -1, -0.3, -1e-3, 0, 1e-3, 0.3, 1, 2.5, 6]

    func test_slopeAndCurvature_matchFiniteDifferences() {
        let h = 1e-6
        for activation in Activation.allCases {
            for z in points where !(activation == .elu && z == 0) {
                let (_, slope, curvature) = activation.evaluate(z)
                let slopeEstimate = (activation.evaluate(z + h).value - activation.evaluate(z - h).value) / (2 * h)
                let curvatureEstimate = (activation.evaluate(z + h).slope - activation.evaluate(z - h).slope) / (2 * h)
                XCTAssertEqual(slope, slopeEstimate, accuracy: 1e-8, "\(activation) σ' at \(z)")
                XCTAssertEqual(curvature, curvatureEstimate, accuracy: 1e-8, "\(activation) σ'' at \(z)")
            }
        }
    }

    /// σ''' by central differences of σ'' with steps 1e-3 and 1e-4 agrees (it exists and is
    /// continuous) exactly for the activations marked C³; ELU's σ'' jumps by 1 at 0.
    func test_thirdDerivativeExists_exactlyForTheActivationsMarkedSmooth() {
        for activation in Activation.allCases {
            var worstJump = 0.0, worstDisagreement = 0.0
            for z in points {
                let jump = abs(activation.evaluate(z + 1e-9).curvature - activation.evaluate(z - 1e-9).curvature)
                func third(_ h: Double) -> Double { (activation.evaluate(z + h).curvature - activation.evaluate(z - h).curvature) / (2 * h) }
                worstJump = max(worstJump, jump)
                worstDisagreement = max(worstDisagreement, abs(third(1e-3) - third(1e-4)))
            }
            if activation.isThreeTimesDifferentiable {
                XCTAssertLessThan(worstJump, 1e-7, "\(activation): σ'' must be continuous")
                XCTAssertLessThan(worstDisagreement, 1e-5, "\(activation): σ''' must exist")
            } else {
                XCTAssertGreaterThan(worstJump, 0.5, "\(activation): the jump of σ'' at 0 must be seen")
                XCTAssertGreaterThan(worstDisagreement, 1, "\(activation): σ''' must not exist at 0")
            }
        }
        XCTAssertEqual(Activation.allCases.filter { !$0.isThreeTimesDifferentiable }, [.elu])
    }
}
