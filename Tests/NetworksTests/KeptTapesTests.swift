import LinearAlgebra
@testable import Networks
import XCTest

/// Chunk tapes kept for repeated HVPs at one point (issue 16 item 2, `KeptTapes`): the same products
/// bit for bit as rebuilding every chunk's tape, kept by the first HVP at an evaluation unless it is a
/// single product, reused from point to point, and never more than the budget across objectives.
final class KeptTapesTests: XCTestCase {
    private var savedBudget = 0

    override func setUp() {
        savedBudget = KeptTapes.shared.budgetBytes
        KeptTapes.shared.emptyAll()
    }

    override func tearDown() {
        KeptTapes.shared.budgetBytes = savedBudget
        KeptTapes.shared.emptyAll()
    }

    /// Two blocks of 151 examples in chunks of 40, and the same with nothing kept (budget 0).
    private func objectives(convolutional: Bool, seed: UInt64) -> (kept: SupervisedObjective<Double>, rebuilt: SupervisedObjective<Double>, θ: [Double], v: [Double]) {
        let (model, inputs, targets, θ, v) = chunkableProblem(convolutional: convolutional, seed: seed)
        let make = { SupervisedObjective(model: model, loss: .crossEntropy, inputs: inputs, targets: targets, chunkRows: 40) }
        return (make(), make(), θ, v)
    }

    /// Products with nothing kept: the budget is 0 while they run.
    private func rebuiltProducts(_ objective: SupervisedObjective<Double>, at θ: [Double], along directions: [[Double]]) -> [[Double]] {
        let budget = KeptTapes.shared.budgetBytes
        KeptTapes.shared.budgetBytes = 0
        defer { KeptTapes.shared.budgetBytes = budget }
        XCTAssertEqual(objective.keptTapeByteCount, 0)
        let evaluation = objective.evaluateForProducts(at: θ)
        return directions.map { objective.hessianVectorProduct(evaluation, along: $0) }
    }

    private func slotStorage(_ objective: SupervisedObjective<Double>) -> [[ObjectiveEvaluation<Double>]] {
        KeptTapes.shared.withLock { objective.blocks.map(\.tapeSlot.storage) }
    }

    private func slotEvaluations(_ objective: SupervisedObjective<Double>) -> [ObjectiveEvaluation<Double>?] {
        KeptTapes.shared.withLock { objective.blocks.map(\.tapeSlot.evaluation) }
    }

    func test_keptTapes_giveTheRebuiltProducts_andAreReusedAtTheNextPoint_butNotForASingleProduct() {
        for convolutional in [false, true] {
            let (objective, reference, θ, v) = objectives(convolutional: convolutional, seed: 21)
            let w = v.map { 0.5 - $0 }, θ2 = zip(θ, v).map { $0 + 0.01 * $1 }, θ3 = zip(θ, v).map { $0 - 0.01 * $1 }
            XCTAssertGreaterThan(objective.keptTapeByteCount, 0)
            let expected = rebuiltProducts(reference, at: θ, along: [v, w])
            let expectedAtθ2 = rebuiltProducts(reference, at: θ2, along: [w, v])
            let expectedAtθ3 = rebuiltProducts(reference, at: θ3, along: [v])[0]

            let evaluation = objective.evaluate(at: θ)
            XCTAssertEqual(objective.hessianVectorProduct(evaluation, along: v), expected[0], "the product that keeps the tapes")
            let storage = slotStorage(objective)
            XCTAssertEqual(storage.map(\.count), [4, 4], "151 examples in chunks of 40, per block")
            XCTAssertEqual(KeptTapes.shared.reservedBytes, objective.keptTapeByteCount)
            XCTAssertEqual(objective.hessianVectorProduct(evaluation, along: w), expected[1], "a product from the kept tapes")
            // Blocks one after another read the same kept tapes.
            BlockExecution.serial = true
            XCTAssertEqual(objective.hessianVectorProduct(evaluation, along: w), expected[1])
            BlockExecution.serial = false

            // A single product elsewhere leaves the kept tapes alone.
            XCTAssertEqual(objective.singleHessianVectorProduct(at: θ3, along: v), expectedAtθ3)
            XCTAssertTrue(slotEvaluations(objective).allSatisfy { $0 === evaluation.blockEvaluations[0] || $0 === evaluation.blockEvaluations[1] })

            // A new point overwrites the same arrays (no new allocation), and its products are the rebuilt ones.
            let next = objective.evaluateForProducts(at: θ2)
            XCTAssertEqual(objective.hessianVectorProduct(next, along: w), expectedAtθ2[0])
            XCTAssertEqual(objective.hessianVectorProduct(next, along: v), expectedAtθ2[1])
            let reused = slotStorage(objective)
            for (old, new) in zip(storage.joined(), reused.joined()) {
                XCTAssertTrue(old === new, "the slot's evaluations are reused")
                XCTAssertEqual(new.parameters, θ2)
            }
            // The first point's tapes are gone: its products are rebuilt (and kept again), and still right.
            XCTAssertEqual(objective.hessianVectorProduct(evaluation, along: w), expected[1])
            XCTAssertEqual(KeptTapes.shared.reservedBytes, objective.keptTapeByteCount)
            KeptTapes.shared.emptyAll()
        }
    }

    /// The budget holds across objectives: a second objective's tapes empty the first's slots, whose
    /// products are then rebuilt; blocks keep only within their share; a freed objective frees its room.
    func test_keptTapes_stayWithinTheBudget_acrossObjectives() {
        let (_, reference, θ, v) = objectives(convolutional: true, seed: 22)
        let make = { SupervisedObjective(model: reference.model, loss: .crossEntropy, inputs: reference.inputValues, targets: reference.targetValues, chunkRows: 40) }
        var first: SupervisedObjective<Double>? = make()
        let second = make()
        let blockBytes = second.blocks.map(\.keptTapeByteCount)  // 151 and 150 examples
        KeptTapes.shared.budgetBytes = 2 * blockBytes.max()!  // room for one objective's two blocks
        let bytes = blockBytes.reduce(0, +)
        XCTAssertEqual(second.keptTapeByteCount, bytes)
        let expected = rebuiltProducts(reference, at: θ, along: [v])[0]

        let atFirst = first!.evaluateForProducts(at: θ), atSecond = second.evaluateForProducts(at: θ)
        XCTAssertEqual(first!.hessianVectorProduct(atFirst, along: v), expected)
        XCTAssertEqual(slotStorage(first!).map(\.count), [4, 4])
        XCTAssertEqual(second.hessianVectorProduct(atSecond, along: v), expected)
        XCTAssertEqual(slotStorage(second).map(\.count), [4, 4])
        XCTAssertEqual(slotStorage(first!).map(\.count), [0, 0], "emptied for the second objective")
        XCTAssertEqual(KeptTapes.shared.reservedBytes, bytes)
        XCTAssertEqual(first!.hessianVectorProduct(atFirst, along: v), expected, "rebuilt and kept again after its slot was emptied")
        XCTAssertEqual(slotStorage(second).map(\.count), [0, 0])
        XCTAssertEqual(KeptTapes.shared.reservedBytes, bytes)

        KeptTapes.shared.budgetBytes = 2 * blockBytes.max()! - 1  // the larger block's share no longer holds its tapes
        XCTAssertEqual(second.keptTapeByteCount, blockBytes.min()!)
        first = nil  // the first objective is freed, and its room with it
        XCTAssertEqual(KeptTapes.shared.reservedBytes, 0)
    }
}
