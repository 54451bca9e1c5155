import HDF5
import LinearAlgebra
import Representations
import StageKit

/// One grid point of kernel ridge regression on raw labels (docs/representations.md §3), sharing U and
/// the data streams with the network point of the same (d, r, replicate).
///
/// - train (inputs `setup`; parameters `examples`, `kernel` (rf | ntk), `relative_lambdas`,
///   `validation_examples`) writes `fit.h5`: `/examples`, `/coefficients` (α), `/relative_lambdas`,
///   `/validation_mse`, `/chosen_relative_lambda`, attributes `kernel`, `lambda_at_edge`.
/// - measure (parameter `test_examples`) writes `metrics.h5` with `/test_mse`, `/seed` and the point's size,
///   in the layout of `rep.network`'s metrics (attribute `method` = rf-krr or ntk-krr).
public enum KernelPointExperiment: Experiment {
    public static let name = "rep.kernel"
    public static let summary = "Representations: kernel ridge regression (RF kernel or NTK) at one (d, n) point"

    public static func run(_ kind: StageKind, in context: StageContext) throws {
        switch kind {
        case .train: try train(context)
        case .measure: try measure(context)
        case .generate, .analyze: throw StageError.unsupportedStage(experiment: name, kind: kind)
        }
    }

    static func kernel(_ p: Parameters) throws -> RotationInvariantKernel {
        try p.choice("kernel", default: RotationInvariantKernel.randomFeatures)
    }

    static func train(_ context: StageContext) throws {
        let setup = try PointSetup(path: try context.input("setup"))
        let p = context.parameters
        let n = try PointSetup.sampleSize(p, dimension: setup.dimension)
        let lambdas = try p.doubles("relative_lambdas")
        let streams = setup.streams
        let (x, y) = setup.sample(streams.training, noise: streams.trainingNoise, count: n)
        let (xv, yv) = setup.sample(streams.validation, noise: streams.validationNoise,
                                    count: try p.integer("validation_examples", default: 2000, in: 1...100_000))
        let model: KernelRidgeRegression
        do {
            model = try KernelRidgeRegression(kernel: try kernel(p), inputs: x, labels: y, validationInputs: xv, validationLabels: yv,
                                              relativeLambdas: lambdas)
        } catch let error as RepresentationError {
            throw ParameterError.invalid(source: p.source, field: "examples", reason: "\(error)")
        }
        try context.writeHDF5("fit.h5") { file in
            let root = file.root
            try root.writeAttribute(model.kernel.rawValue, named: "kernel")
            try root.write([Int64(n)], shape: [], to: "examples")
            try root.write(model.coefficients, to: "coefficients")
            try root.write(lambdas, to: "relative_lambdas")
            try root.write(model.validationCurve, to: "validation_mse")
            try root.write([model.chosenRelativeLambda], shape: [], to: "chosen_relative_lambda")
            let edge = model.chosenRelativeLambda == lambdas.first || model.chosenRelativeLambda == lambdas.last
            try root.writeAttribute(edge ? "yes" : "no", named: "lambda_at_edge")
        }
    }

    static func measure(_ context: StageContext) throws {
        let setup = try PointSetup(path: try context.input("setup"))
        let file = try File.open(atPath: try context.input("fit"))
        defer { try? file.close() }
        let n = try file.root.count("examples", in: 1...1_000_000)
        guard let kernel = RotationInvariantKernel(rawValue: try file.root.readStringAttribute(named: "kernel")) else {
            throw StageError.invalidInput(path: try context.input("fit"), reason: "unknown kernel attribute")
        }
        let streams = setup.streams
        let (x, _) = setup.sample(streams.training, noise: streams.trainingNoise, count: n)
        let model = KernelRidgePredictor(kernel: kernel, trainingInputs: x, coefficients: try file.root.read("coefficients", count: n))
        let testCount = try context.parameters.integer("test_examples", default: 20_000, in: 1...1_000_000)
        let xt = streams.test.rows(0, testCount)
        let testMSE = RepresentationMetrics.meanSquaredError(model.predict(xt), setup.target.values(inputs: xt, subspace: setup.subspace))
        try context.writeHDF5("metrics.h5") { out in
            let r = out.root
            try r.writeAttribute(kernel == .randomFeatures ? "rf-krr" : "ntk-krr", named: "method")
            try r.writeAttribute(setup.target.rawValue, named: "target")
            for (name, value) in [("examples", Int64(n)), ("dimension", Int64(setup.dimension)), ("rank", Int64(setup.rank)),
                                  ("seed", Int64(bitPattern: setup.seed))] {
                try r.write([value], shape: [], to: name)
            }
            try r.write([testMSE], shape: [], to: "test_mse")
        }
    }
}
