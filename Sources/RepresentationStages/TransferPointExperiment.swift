import HDF5
import LinearAlgebra
import Representations
import StageKit

/// One target sample size of the transfer experiment (docs/representations.md §5.5): the source run's
/// first layer W⁽¹⁾ (Algorithm 1 on T-src) is frozen and a new head is fitted by ridge on n_t raw
/// target labels of T-tgt (same U); baselines on the same target samples: RF-init ridge on
/// σ(W⁽⁰⁾x + b) and Algorithm 1 from scratch on the target.
///
/// measure (inputs `setup`, `source`; parameters `target_examples`, `target`, `validation_examples`,
/// `test_examples`) writes `metrics.h5`: `/target_examples`, `/dimension`, `/transfer_mse`,
/// `/rf_init_mse`, `/scratch_mse` (test MSE against the target f*).
public enum TransferPointExperiment: Experiment {
    public static let name = "rep.transfer"
    public static let summary = "Representations: transfer of a learned first layer to a new head, against RF-init and from scratch"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        guard kind == .measure else { throw StageError.unsupportedStage(experiment: name, kind: kind) }
        let setup = try PointSetup(path: try context.input("setup"))
        let p = context.parameters
        let n = try p.integer("target_examples", in: 2...1_000_000)
        let target: Target = try p.choice("target", default: .transferTarget)
        let source = try File.open(atPath: try context.input("source"))
        let learned = TwoLayerNetwork(weights: Matrix(rows: setup.width, columns: setup.dimension,
                                                      elements: try source.root.read("weights", count: setup.width * setup.dimension)),
                                      biases: try source.root.read("biases", count: setup.width), outputWeights: [])
        try source.close()
        let streams = setup.streams
        let (x, y) = setup.sample(streams.transfer("train"), noise: streams.transfer("train noise").stream, count: n, target: target)
        let (xv, yv) = setup.sample(streams.transfer("validation"), noise: streams.transfer("validation noise").stream,
                                    count: try p.integer("validation_examples", default: 4000, in: 1...100_000), target: target)
        let xt = streams.transfer("test").rows(0, try p.integer("test_examples", default: 20_000, in: 1...1_000_000))
        let truth = target.values(inputs: xt, subspace: setup.subspace)
        let transfer = try FrozenFeatureRidge.fit(learned, inputs: x, labels: y, validationInputs: xv, validationLabels: yv).network
        let randomFeatures = try FrozenFeatureRidge.fit(setup.initial, inputs: x, labels: y, validationInputs: xv, validationLabels: yv).network
        let scratch = try AlgorithmOne.run(initial: setup.initial, inputs: x, labels: y, validationInputs: xv, validationLabels: yv)
        let scratchPrediction = scratch.predict(xt)
        try context.writeHDF5("metrics.h5") { out in
            let r = out.root
            try r.writeAttribute(target.rawValue, named: "target")
            try r.write([Int64(n)], shape: [], to: "target_examples")
            try r.write([Int64(setup.dimension)], shape: [], to: "dimension")
            try r.write([RepresentationMetrics.meanSquaredError(transfer.outputs(xt), truth)], shape: [], to: "transfer_mse")
            try r.write([RepresentationMetrics.meanSquaredError(randomFeatures.outputs(xt), truth)], shape: [], to: "rf_init_mse")
            try r.write([RepresentationMetrics.meanSquaredError(scratchPrediction, truth)], shape: [], to: "scratch_mse")
        }
    }
}
