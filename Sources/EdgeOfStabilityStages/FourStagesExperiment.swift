import EdgeOfStability
import HDF5
import StageKit

/// The four stages of edge of stability on the toy loss (docs/eos.md §1.5, §4.2 F2; claims C1–C4 of §5).
///
/// - generate writes `initial.h5`: `/constants/{learning_rate,alpha,beta,divergent_learning_rate}`,
///   `/initial/{x,y}`, `/schedule/steps` (scalars).
/// - train writes `trajectory.h5`: gradient descent on L(x, y) = −αy + ½(2/η + y)x² in `/gd/{x,y,loss}`,
///   eq. (3) iterated directly in `/map/{x,y}`, and eq. (3) at the divergent step size in `/divergent/x`.
/// - measure writes `measurements.h5`: `/step`, `/x`, `/y`, `/x_squared`, `/sharpness` (exact top
///   eigenvalue of the 2×2 Hessian), `/conserved` (g of §1.5), `/stage` (1–4), `/delta_squared`,
///   `/cycles/{peaks,mean_x_squared,mean_y}`, `/equivalence/{max_abs_dx,max_abs_dy,max_abs_x,max_abs_y}`,
///   `/divergence/first_step_above_1e6` (−1 if never).
/// - analyze writes `four_stages.{gp,png,pdf}`, `data/four_stages.dat` and `claims/four_stages.tsv`.
public enum FourStagesExperiment: Experiment {
    public static let name = "eos.four-stages"
    public static let summary = "Fig. 2: the four stages of edge of stability on the toy loss, GD against eq. (3)"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        switch kind {
        case .generate: try generate(context)
        case .train: try train(context)
        case .measure: try measure(context)
        case .analyze: try FourStagesFigure.analyze(context)
        }
    }

    static func generate(_ context: StageContext) throws {
        let setting = try Setting(parameters: context.parameters)
        try context.writeHDF5("initial.h5") { try setting.write(to: $0) }
    }

    /// `/constants/{learning_rate,alpha,beta}`: the map's constants, in `initial.h5` and again in
    /// `trajectory.h5` so that measure needs only the trajectory.
    struct Constants {
        var learningRate: Double, alpha: Double, beta: Double

        init(learningRate: Double, alpha: Double, beta: Double) {
            self.learningRate = learningRate
            self.alpha = alpha
            self.beta = beta
        }

        init(reading group: Group) throws {
            learningRate = try group.scalar("learning_rate", in: InputLimits.positive)
            alpha = try group.scalar("alpha", in: InputLimits.positive)
            beta = try group.scalar("beta", in: InputLimits.positive)
        }

        func write(to group: Group) throws {
            try group.write([learningRate], shape: [], to: "learning_rate")
            try group.write([alpha], shape: [], to: "alpha")
            try group.write([beta], shape: [], to: "beta")
        }

        var map: SelfStabilizationMap { SelfStabilizationMap(learningRate: learningRate, alpha: alpha, beta: beta) }
    }

    /// `initial.h5`: the constants plus `/constants/divergent_learning_rate`, `/initial/{x,y}` and
    /// `/schedule/steps`, written by generate and read by train through this one type.
    struct Setting {
        var constants: Constants
        var divergentLearningRate: Double, x0: Double, y0: Double, steps: Int

        init(parameters p: Parameters) throws {
            let η = try p.double("learning_rate", in: InputLimits.positive)
            guard η > 0 else { throw ParameterError.outOfRange(source: p.source, field: "learning_rate", value: "\(η)", range: "(0, ∞)") }
            constants = Constants(learningRate: η, alpha: try p.double("alpha", in: InputLimits.positive),
                                  beta: try p.double("beta", default: 1, in: InputLimits.positive))
            steps = try p.integer("steps", in: 1...10_000_000)
            divergentLearningRate = try p.double("divergent_learning_rate", default: 0.1)
            x0 = try p.double("x0")
            y0 = try p.double("y0")
        }

        init(reading file: File) throws {
            let group = try file.root.openGroup(named: "constants")
            constants = try Constants(reading: group)
            divergentLearningRate = try group.scalar("divergent_learning_rate", in: InputLimits.positive)
            let initial = try file.root.openGroup(named: "initial")
            x0 = try initial.scalar("x", in: -1e6...1e6)
            y0 = try initial.scalar("y", in: -1e6...1e6)
            steps = try file.root.openGroup(named: "schedule").count("steps", in: InputLimits.steps)
        }

        func write(to file: File) throws {
            let group = try file.root.createGroup(named: "constants")
            try constants.write(to: group)
            try group.write([divergentLearningRate], shape: [], to: "divergent_learning_rate")
            let initial = try file.root.createGroup(named: "initial")
            try initial.write([x0], shape: [], to: "x")
            try initial.write([y0], shape: [], to: "y")
            try file.root.createGroup(named: "schedule").write([Int64(steps)], shape: [], to: "steps")
        }
    }

    static func train(_ context: StageContext) throws {
        let input = try context.openInput("initial")
        defer { try? input.close() }
        let setting = try Setting(reading: input)
        let loss = ToyLoss(learningRate: setting.constants.learningRate, alpha: setting.constants.alpha)
        let gd = loss.gradientDescent(x0: setting.x0, y0: setting.y0, steps: setting.steps)
        let mapped = setting.constants.map.trajectory(x0: setting.x0, y0: setting.y0, steps: setting.steps)
        try requireFinite(gd.x, "gradient descent x")
        try requireFinite(mapped.x, "eq. (3) x")
        // The divergent case (C3) is expected to overflow: keep it short and stop at |x| > 1e12.
        var divergent = SelfStabilizationMap(learningRate: setting.divergentLearningRate, alpha: setting.constants.alpha,
                                             beta: setting.constants.beta).trajectory(x0: setting.x0, y0: setting.y0, steps: 400).x
        if let end = OrbitCycles.firstExceedance(x: divergent, bound: 1e12) { divergent = Array(divergent[...end]) }
        try context.writeHDF5("trajectory.h5") { file in
            try setting.constants.write(to: try file.root.createGroup(named: "constants"))
            let gdGroup = try file.root.createGroup(named: "gd")
            try gdGroup.write(gd.x, to: "x")
            try gdGroup.write(gd.y, to: "y")
            try gdGroup.write(zip(gd.x, gd.y).map { loss.value(x: $0, y: $1) }, to: "loss")
            let mapGroup = try file.root.createGroup(named: "map")
            try mapGroup.write(mapped.x, to: "x")
            try mapGroup.write(mapped.y, to: "y")
            let divergentGroup = try file.root.createGroup(named: "divergent")
            try divergentGroup.write(divergent, to: "x")
            try divergentGroup.write([setting.divergentLearningRate], shape: [], to: "learning_rate")
        }
    }

    static func measure(_ context: StageContext) throws {
        let input = try context.openInput("trajectory")
        defer { try? input.close() }
        let constants = try Constants(reading: try input.root.openGroup(named: "constants"))
        let η = constants.learningRate, α = constants.alpha, β = constants.beta
        let gd = try input.root.openGroup(named: "gd"), mapGroup = try input.root.openGroup(named: "map")
        let x: [Double] = try gd.read("x"), y: [Double] = try gd.read("y", count: x.count)
        let mapX: [Double] = try mapGroup.read("x", count: x.count), mapY: [Double] = try mapGroup.read("y", count: x.count)
        let divergentX: [Double] = try input.root.openGroup(named: "divergent").read("x")

        let map = SelfStabilizationMap(learningRate: η, alpha: α, beta: β)
        let loss = ToyLoss(learningRate: η, alpha: α)
        let δ² = map.deltaSquared
        let sharpness = zip(x, y).map { loss.sharpness(x: $0, y: $1) }
        let conserved = zip(x, y).map { map.conservedQuantity(x: $0, y: $1) }
        let stages = zip(x, y).map { EdgeOfStabilityStage(x: $0, y: $1, deltaSquared: δ²) }
        let peaks = OrbitCycles.envelopePeaks(x: x, deltaSquared: δ²)
        let xSquared = x.map { $0 * $0 }
        let maxAbs: ([Double]) -> Double = { $0.map(\.magnitude).max() ?? 0 }

        try context.writeHDF5("measurements.h5") { file in
            let root = file.root
            try root.write([η], shape: [], to: "learning_rate")
            try root.write([α], shape: [], to: "alpha")
            try root.write([δ²], shape: [], to: "delta_squared")
            try root.write((0..<x.count).map { Int64($0) }, to: "step")
            try root.write(x, to: "x")
            try root.write(y, to: "y")
            try root.write(xSquared, to: "x_squared")
            try root.write(sharpness, to: "sharpness")
            try root.write(conserved, to: "conserved")
            try root.write(stages.map { Int32($0.rawValue) }, to: "stage")
            let cycles = try root.createGroup(named: "cycles")
            try cycles.write(peaks.map { Int64($0) }, to: "peaks")
            try cycles.write(OrbitCycles.meansBetweenPeaks(xSquared, peaks: peaks), to: "mean_x_squared")
            try cycles.write(OrbitCycles.meansBetweenPeaks(y, peaks: peaks), to: "mean_y")
            try cycles.write([Int64(OrbitCycles.irregularTransitions(stages))], shape: [], to: "irregular_transitions")
            let equivalence = try root.createGroup(named: "equivalence")
            try equivalence.write([maxAbs(zip(x, mapX).map { $0 - $1 })], shape: [], to: "max_abs_dx")
            try equivalence.write([maxAbs(zip(y, mapY).map { $0 - $1 })], shape: [], to: "max_abs_dy")
            try equivalence.write([maxAbs(x)], shape: [], to: "max_abs_x")
            try equivalence.write([maxAbs(y)], shape: [], to: "max_abs_y")
            let divergence = try root.createGroup(named: "divergence")
            let first = OrbitCycles.firstExceedance(x: divergentX, bound: 1e6).map { Int64($0) } ?? -1
            try divergence.write([first], shape: [], to: "first_step_above_1e6")
        }
    }
}
