import ArgumentParser
import StageKit

/// `generate`: makes a stage's data (initial conditions, datasets, constants).
public struct GenerateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate an experiment's data and initial conditions into HDF5.")
    @OptionGroup public var options: StageOptions
    public init() {}
    public func run() throws { try StageMain.run(.generate, options: options) }
}

/// `train`: runs an experiment's optimisation from generated data.
public struct TrainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train: run an experiment's dynamics and write the trajectory to HDF5.")
    @OptionGroup public var options: StageOptions
    public init() {}
    public func run() throws { try StageMain.run(.train, options: options) }
}

/// `measure`: computes the quantities the figures and claims need from a trajectory.
public struct MeasureCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "measure", abstract: "Measure sharpness, eigenvalues and derived quantities along a trajectory.")
    @OptionGroup public var options: StageOptions
    public init() {}
    public func run() throws { try StageMain.run(.measure, options: options) }
}

/// `analyze`: writes gnuplot scripts, their data, rendered figures, and measured claims.
public struct AnalyzeCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "analyze", abstract: "Analyze measurements: emit gnuplot figures (.gp, data, PNG, PDF) and claims.")
    @OptionGroup public var options: StageOptions
    public init() {}
    public func run() throws { try StageMain.run(.analyze, options: options) }
}
