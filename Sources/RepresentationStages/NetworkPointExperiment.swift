import Foundation
import HDF5
import LinearAlgebra
import Representations
import StageKit

/// One grid point of Algorithm 1 (docs/representations.md §2, §10).
///
/// - generate writes `setup.h5` (`PointSetup`).
/// - train (parameters `examples`, `n_over_d2` or `n_over_d2r`, `validation_examples`, `first_step` (false: the RF-init
///   baseline)) writes `run.h5`: `/examples`, `/constant` (C0), `/linear` (C1), `/gradient_scale` (ρ),
///   `/weights` (W⁽¹⁾, m × d), `/biases`, `/output_weights` (a(λ*)), `/lambdas`, `/validation_mse`,
///   `/chosen_lambda`, attribute `lambda_at_edge` ("yes"/"no").
/// - measure (parameter `test_examples`) writes `metrics.h5`: `/examples`, `/dimension`, `/rank`,
///   `/test_mse` (against f*; the excess loss over σ² when labels are noisy), `/fraction_in_span`,
///   `/fraction_in_span_initial`, `/min_cos`, `/seconds_per_point` is not recorded (keeps content deterministic).
public enum NetworkPointExperiment: Experiment {
    public static let name = "rep.network"
    public static let summary = "Representations: Algorithm 1 (one step + ridge) at one (d, n, seed) point"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        switch kind {
        case .generate:
            let setup = try PointSetup(parameters: context.parameters, seed: context.seed)
            try context.writeHDF5("setup.h5") { try setup.write(to: $0) }
        case .train: try train(context)
        case .measure: try measure(context)
        case .analyze: throw StageError.unsupportedStage(experiment: name, kind: kind)
        }
    }

    static func train(_ context: StageContext) throws {
        let setup = try PointSetup(path: try context.input("setup"))
        let p = context.parameters
        let n = try PointSetup.sampleSize(p, dimension: setup.dimension, rank: setup.rank)
        let validationCount = try p.integer("validation_examples", default: 10_000, in: 1...1_000_000)
        let streams = setup.streams
        let (x, y) = setup.sample(streams.training, noise: streams.trainingNoise, count: n)
        let (xv, yv) = setup.sample(streams.validation, noise: streams.validationNoise, count: validationCount)
        let firstStep = try p.bool("first_step", default: true)
        let result = try AlgorithmOne.run(initial: setup.initial, inputs: x, labels: y, validationInputs: xv, validationLabels: yv,
                                          firstStep: firstStep, redrawnBiases: setup.redrawnBiases)
        try requireFinite(result.network.outputWeights, "second-layer weights")
        try context.writeHDF5("run.h5") { file in
            let root = file.root
            try root.write([Int64(n)], shape: [], to: "examples")
            try root.write([result.constant], shape: [], to: "constant")
            try root.write(result.linear, to: "linear")
            try root.write([result.gradientScale], shape: [], to: "gradient_scale")
            try root.write(result.network.weights.elements, shape: [setup.width, setup.dimension], to: "weights")
            try root.write(result.network.biases, to: "biases")
            try root.write(result.network.outputWeights, to: "output_weights")
            try root.write(AlgorithmOne.lambdaGrid, to: "lambdas")
            try root.write(result.validationCurve, to: "validation_mse")
            try root.write([AlgorithmOne.lambdaGrid[result.chosenIndex]], shape: [], to: "chosen_lambda")
            let edge = result.chosenIndex == 0 || result.chosenIndex == AlgorithmOne.lambdaGrid.count - 1
            try root.writeAttribute(edge ? "yes" : "no", named: "lambda_at_edge")
            try root.writeAttribute(firstStep ? "algorithm1" : "rf-init", named: "method")
        }
    }

    static func measure(_ context: StageContext) throws {
        let setup = try PointSetup(path: try context.input("setup"))
        let file = try File.open(atPath: try context.input("run"))
        defer { try? file.close() }
        let root = file.root
        let n = try root.count("examples", in: 1...100_000_000)
        let network = TwoLayerNetwork(weights: Matrix(rows: setup.width, columns: setup.dimension,
                                                      elements: try root.read("weights", count: setup.width * setup.dimension)),
                                      biases: try root.read("biases", count: setup.width), outputWeights: try root.read("output_weights", count: setup.width))
        let constant = try root.scalar("constant", in: InputLimits.finite)
        let linear: [Double] = try root.read("linear", count: setup.dimension)
        let testCount = try context.parameters.integer("test_examples", default: 20_000, in: 1...1_000_000)
        let streams = setup.streams
        let xt = streams.test.rows(0, testCount)
        let clean = setup.target.values(inputs: xt, subspace: setup.subspace)
        let testMSE: Double
        if setup.noiseVariance > 0 {
            // The authors' excess test loss: mean((a·h − (y − C0 − C1·x))²) − σ².
            let (_, noisy) = setup.sample(streams.test, noise: streams.testNoise, count: testCount)
            let residual = AlgorithmOne.residualise(noisy, inputs: xt, constant: constant, linear: linear)
            testMSE = RepresentationMetrics.meanSquaredError(network.outputs(xt), residual) - setup.noiseVariance
        } else {
            let prediction = AlgorithmOne.predict(network: network, constant: constant, linear: linear, inputs: xt)
            testMSE = RepresentationMetrics.meanSquaredError(prediction, clean)
        }
        let chosenLambda = try root.scalar("chosen_lambda", in: 0...Double.greatestFiniteMagnitude)
        let fraction = RepresentationMetrics.fractionInSpan(network.weights, subspace: setup.subspace)
        let minCos = try RepresentationMetrics.minimumCosine(network.weights, subspace: setup.subspace)
        try context.writeHDF5("metrics.h5") { out in
            let r = out.root
            try r.writeAttribute(try root.readStringAttribute(named: "method"), named: "method")
            try r.writeAttribute(setup.target.rawValue, named: "target")
            for (name, value) in [("examples", Int64(n)), ("dimension", Int64(setup.dimension)), ("rank", Int64(setup.rank)), ("width", Int64(setup.width)),
                                  ("seed", Int64(bitPattern: setup.seed))] {
                try r.write([value], shape: [], to: name)
            }
            try r.write([testMSE], shape: [], to: "test_mse")
            try r.write([fraction], shape: [], to: "fraction_in_span")
            try r.write([RepresentationMetrics.fractionInSpan(setup.initial.weights, subspace: setup.subspace)], shape: [], to: "fraction_in_span_initial")
            try r.write([minCos], shape: [], to: "min_cos")
            try r.write([chosenLambda], shape: [], to: "chosen_lambda")
        }
    }
}
