import EdgeOfStabilityStages
import ReportStages
import RepresentationStages
import StageKit

/// Every experiment the stage executables know, by name. Adding an experiment means adding its
/// type here, its module, and a definition in `pipeline/`.
public enum ExperimentRegistry {
    public static let all: [Experiment.Type] = [
        FourStagesExperiment.self,
        TrackingExperiment.self,
        TrackingSeedsExperiment.self,
        SharpeningExperiment.self,
        MapSweepExperiment.self,
        SensitivityExperiment.self,
        NetworkPointExperiment.self,
        KernelPointExperiment.self,
        TransferPointExperiment.self,
        RepresentationFiguresExperiment.self,
        ClaimsTableExperiment.self,
    ]

    /// The experiment registered under `name`.
    public static func experiment(named name: String) throws -> Experiment.Type {
        guard let found = all.first(where: { $0.name == name }) else {
            throw StageError.unknownExperiment(name, known: all.map { $0.name })
        }
        return found
    }
}
