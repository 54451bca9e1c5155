import EdgeOfStability
import Foundation
import HDF5
import LinearAlgebra
import Networks
import Plotting
import StageKit

/// Progressive sharpening and the edge of stability across learning rates, with gradient flow
/// beside gradient descent (docs/eos.md §1.1; the Cohen et al. demo the spec cites; docs/eos-calibration.md
/// learning-rate sweep).
///
/// - generate writes `setup.h5` (`TrainingProblem`, η from `sharpness_ratio`).
/// - train writes `run.h5` (`SharpeningRun`).
/// - measure writes `measurements.h5`: `/crossing_step` (−1 if never), `/after_crossing/{mean,min,max}`
///   of S·η/2 over the checks from the crossing on, `/loss_increase_fraction`, `/final_flow_sharpness_ratio`.
/// - analyze draws `eos_sharpening.{gp,png,pdf}` from every run and writes `claims/eos_sharpening.tsv`.
public enum SharpeningExperiment: Experiment {
    public static let name = "eos.sharpening"
    public static let summary = "Progressive sharpening and EoS for several learning rates, gradient flow beside GD"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        switch kind {
        case .generate:
            let problem = try TrainingProblem.generate(context)
            try context.writeHDF5("setup.h5") { try problem.write(to: $0) }
        case .train: try train(context)
        case .measure: try measure(context)
        case .analyze: try SharpeningFigure.analyze(context)
        }
    }

    static func train(_ context: StageContext) throws {
        let problem = try TrainingProblem.read(from: try context.input("setup"))
        let steps = try context.parameters.integer("steps", in: 1...1_000_000)
        let interval = try context.parameters.integer("sharpness_interval", default: 20, in: 1...100_000)
        let oracle = SharpnessOracle(objective: problem.objective(Double.self))
        let η = problem.learningRate
        var θ = problem.initialParameters, flow = problem.initialParameters
        var u = problem.initialEigenvector, flowU = problem.initialEigenvector
        var flowSharpness = problem.initialSharpness
        var gdLoss: [Double] = [], flowLoss: [Double] = []
        var checkStep: [Double] = [], gdSharpness: [Double] = [], flowSharpnessSeries: [Double] = []
        let reporter = context.progress(total: steps, unit: "steps")
        for step in 0...steps {
            let evaluation = oracle.objective.evaluate(at: θ)
            let flowEvaluation = oracle.objective.evaluate(at: flow)
            guard evaluation.loss.isFinite else { throw StageError.nonFinite(quantity: "the GD loss", index: step) }
            gdLoss.append(evaluation.loss)
            flowLoss.append(flowEvaluation.loss)
            if step % interval == 0 {
                let pairs = oracle.topEigenpairs(at: evaluation, start: u)
                u = pairs.vectors[0]
                let flowPairs = oracle.topEigenpairs(at: flowEvaluation, start: flowU)
                flowU = flowPairs.vectors[0]
                flowSharpness = flowPairs.values[0]
                checkStep.append(Double(step))
                gdSharpness.append(pairs.values[0])
                flowSharpnessSeries.append(flowSharpness)
            }
            if step == steps { break }
            axpy(-η, evaluation.gradient, &θ)
            // Gradient flow over the same time η: k = max(2, ⌈ηS⌉ + 1) Euler sub-steps of size η/k (ηS/k < 1, and at least 2).
            let subSteps = max(2, Int((η * flowSharpness).rounded(.up)) + 1)
            var gradient = flowEvaluation.gradient
            for index in 0..<subSteps {
                if index > 0 { gradient = oracle.objective.evaluate(at: flow).gradient }
                axpy(-η / Double(subSteps), gradient, &flow)
            }
            reporter.update(step + 1)
        }
        let run = SharpeningRun(learningRate: η, sharpnessRatio: problem.sharpnessRatio, dataSource: problem.dataSource, gdLoss: gdLoss,
                                checkStep: checkStep, gdSharpness: gdSharpness, flowLoss: flowLoss, flowSharpness: flowSharpnessSeries)
        try context.writeHDF5("run.h5") { try run.write(to: $0) }
    }

    static func measure(_ context: StageContext) throws {
        let run = try SharpeningRun(reading: try context.input("run"))
        let η = run.learningRate, loss = run.gdLoss, steps = run.checkStep, flow = run.flowSharpness
        let ratio = run.gdSharpness.map { $0 * η / 2 }
        let crossing = ratio.firstIndex { $0 >= 1 }
        let after = crossing.map { Array(ratio[$0...]) } ?? []
        let rises = zip(loss.dropFirst(), loss).filter { $0 > $1 }.count
        try context.writeHDF5("measurements.h5") { out in
            try out.root.write([η], shape: [], to: "learning_rate")
            try out.root.write([crossing.map { Int64(steps[$0]) } ?? -1], shape: [], to: "crossing_step")
            let group = try out.root.createGroup(named: "after_crossing")
            let values = after.isEmpty ? [Double.nan, .nan, .nan] : [Statistics.mean(after), after.min()!, after.max()!]
            for (name, value) in zip(["mean", "min", "max"], values) {
                let dataset = try group.createDataset(named: name, shape: [], values: [value])
                if value.isNaN { try dataset.writeAttribute(Int64(1), named: "allows_nonfinite") }
                try dataset.close()
            }
            try out.root.write([Double(rises) / Double(max(loss.count - 1, 1))], shape: [], to: "loss_increase_fraction")
            try out.root.write([(flow.last ?? .nan) * η / 2], shape: [], to: "final_flow_sharpness_ratio")
        }
    }
}

/// The analyze stage of `eos.sharpening`.
enum SharpeningFigure {
    /// The sharpening claims' bounds on one number (docs/eos.md §5), each the source of its text and test.
    enum Thresholds {
        static let lossRises = Threshold.above(0.01, percent: true)
        static let flowPast = Threshold.above(1.1)
    }

    static func analyze(_ context: StageContext) throws {
        let runs = try context.inputs("run"), measurements = try context.inputs("measurements")
        guard runs.count == measurements.count else {
            throw StageError.wrongInputCount(role: "measurements", expected: "one per run (\(runs.count))", found: measurements.count)
        }
        let name = try context.parameters.string("figure", default: "eos_sharpening")
        let colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
        var sharpnessPlots: [String] = [], lossPlots: [String] = [], flowPlots: [String] = []
        var claims: [Claim] = []
        var descriptions: [String] = []
        for (index, path) in runs.enumerated() {
            let run = try SharpeningRun(reading: path)
            let η = run.learningRate, effectiveRatio = run.sharpnessRatio
            let loss = run.gdLoss, steps = run.checkStep, sharpness = run.gdSharpness, flowSharpness = run.flowSharpness
            var table = DataTable(columns: ["step", "time", "gd_sharpness", "flow_sharpness", "two_over_eta"])
            table.appendBlock([steps, steps.map { $0 * η }, sharpness, flowSharpness, steps.map { _ in 2 / η }])
            var lossTable = DataTable(columns: ["step", "loss"])
            lossTable.appendBlock([(0..<loss.count).map(Double.init), loss])
            let slug = "\(name)_\(index)"
            try context.writeText("data/\(slug).dat", table.text(comment: "η = \(η): sharpness checks"))
            try context.writeText("data/\(slug)_loss.dat", lossTable.text(comment: "η = \(η): loss per step"))
            let colour = colours[index % colours.count]
            let label = "η = \(formatNumber(η))"
            sharpnessPlots.append("'data/\(slug).dat' using \(table.using("step", "gd_sharpness")) with lines lw 1.2 lc rgb \"\(colour)\" title \"S(θ_t), \(label)\", '' using \(table.using("step", "two_over_eta")) with lines dt 2 lc rgb \"\(colour)\" title \"2/η\"")
            lossPlots.append("'data/\(slug)_loss.dat' using \(lossTable.using("step", "loss")) with lines lw 0.8 lc rgb \"\(colour)\" title \"\(label)\"")
            flowPlots.append("'data/\(slug).dat' using \(table.using("time", "gd_sharpness")) with lines lw 1 lc rgb \"\(colour)\" title \"GD, \(label)\", '' using \(table.using("time", "flow_sharpness")) with lines dt 3 lw 1.5 lc rgb \"\(colour)\" title \"gradient flow\", '' using \(table.using("time", "two_over_eta")) with lines dt 2 lw 0.6 lc rgb \"\(colour)\" notitle")

            let measured = try File.open(atPath: measurements[index])
            let crossing: Int64 = try measured.root.read("crossing_step", count: 1, as: Int64.self)[0]
            let after = try measured.root.openGroup(named: "after_crossing")
            let mean: Double = try after.read("mean", count: 1)[0], low: Double = try after.read("min", count: 1)[0], high: Double = try after.read("max", count: 1)[0]
            let rises: Double = try measured.root.read("loss_increase_fraction", count: 1)[0]
            let flowRatio: Double = try measured.root.read("final_flow_sharpness_ratio", count: 1)[0]
            try measured.close()
            let f = formatShort
            descriptions.append("\(label) (2/η = \(String(format: "%.4f", effectiveRatio))·S(θ₀): η rounded to two significant digits): crossing at step \(crossing), S·η/2 after it \(f(mean)) (\(f(low))–\(f(high)))")
            claims.append(Claim("eos.EoS [\(label)]", "progressive sharpening reaches 2/η and S then hovers there",
                                threshold: "crossing reached; mean S·η/2 after the crossing within 10% of 1",
                                measured: crossing >= 0 ? "crossing at step \(crossing); mean \(f(mean)) (\(f(low))–\(f(high)))" : "not reached",
                                passed: crossing >= 0 && abs(mean - 1) <= 0.10))
            claims.append(Claim("eos.nonmonotone [\(label)]", "at EoS the loss decreases non-monotonically",
                                threshold: "the loss rises on some steps (\(Thresholds.lossRises.text))", measured: "rises on \(f(100 * rises))% of steps",
                                passed: Thresholds.lossRises.holds(rises)))
            claims.append(Claim("eos.flow [\(label)]", "gradient flow's sharpness runs past 2/η", threshold: "final S(θ_GF)·η/2 \(Thresholds.flowPast.text)",
                                measured: f(flowRatio), passed: Thresholds.flowPast.holds(flowRatio)))
        }
        let script = FigureScript(
            name: name,
            caption: """
            Progressive sharpening and the edge of stability (docs/eos.md §1.1). \(try context.parameters.string("caption", default: ""))
            \(descriptions.joined(separator: "; ")).
            Gradient flow integrates the same time t = step·η by explicit Euler sub-steps.
            """,
            title: "Progressive sharpening, edge of stability, and gradient flow",
            layout: (1, 3),
            panels: [
                ["set title \"(a) sharpness: S rises to 2/η and hovers there\"", "set xlabel \"step\"", "set ylabel \"S(θ_t)\"",
                 "set key top left font \",9\"", "plot " + sharpnessPlots.joined(separator: ", \\\n       ")],
                ["set title \"(b) training loss\"", "set xlabel \"step\"", "set ylabel \"L(θ_t)\"", "set logscale y",
                 "set key top right font \",9\"", "plot " + lossPlots.joined(separator: ", \\\n       ")],
                ["set title \"(c) gradient descent against gradient flow\"", "set xlabel \"time t = step·η\"", "set ylabel \"S\"",
                 "set key top left font \",8\"", "plot " + flowPlots.joined(separator: ", \\\n       ")],
            ])
        var withSize = script
        withSize.pixelSize = (1800, 620)
        try context.writeText("\(name).gp", withSize.text)
        try Gnuplot.render(script: "\(name).gp", in: context.outputDirectory, pdfOutputs: ["\(name).pdf"])
        try context.writeText("claims/\(name).tsv", Claim.tableText(claims))
    }
}
