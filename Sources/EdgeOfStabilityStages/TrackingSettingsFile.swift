import EdgeOfStability
import HDF5
import StageKit

/// `/tracking/settings` of `trajectory.h5`: the phase-2 settings a run used, one scalar dataset
/// each, so that figures and claims read what the run did rather than assume the defaults.
extension TrackingSettings {
    /// Dataset names and the settings they hold, as float64 (whole numbers and flags exactly).
    static let fileColumns: [(name: String, keyPath: WritableKeyPath<TrackingSettings, Double>)] = [
        ("tracked_steps", \.stepsValue), ("check_interval", \.checkIntervalValue),
        ("exact_sharpness_interval", \.exactSharpnessIntervalValue), ("projection_steps", \.projectionStepsValue),
        ("eigengap_limit", \.eigengapLimit), ("generalised_prediction", \.generalisedPredictionValue),
        ("beta_tracks", \.betaTrackLimitValue), ("slice_points", \.slicePointsValue), ("monitor_iterations", \.monitorIterationsValue),
    ]

    func write(to group: Group) throws {
        for (name, keyPath) in Self.fileColumns { try group.write([self[keyPath: keyPath]], shape: [], to: name) }
    }

    /// The settings stored in `group`, with the learning rate stored beside them.
    init(reading group: Group, learningRate: Double) throws {
        self.init(learningRate: learningRate, steps: 0)
        for (name, keyPath) in Self.fileColumns { self[keyPath: keyPath] = try group.scalar(name, in: 0...1e12) }
    }

    private var stepsValue: Double { get { Double(steps) } set { steps = Int(newValue) } }
    private var checkIntervalValue: Double { get { Double(checkInterval) } set { checkInterval = Int(newValue) } }
    private var exactSharpnessIntervalValue: Double { get { Double(exactSharpnessInterval) } set { exactSharpnessInterval = Int(newValue) } }
    private var projectionStepsValue: Double { get { Double(projectionSteps) } set { projectionSteps = Int(newValue) } }
    private var generalisedPredictionValue: Double { get { generalisedPrediction ? 1 : 0 } set { generalisedPrediction = newValue != 0 } }
    private var betaTrackLimitValue: Double { get { Double(betaTrackLimit) } set { betaTrackLimit = Int(newValue) } }
    private var slicePointsValue: Double { get { Double(slicePoints) } set { slicePoints = Int(newValue) } }
    private var monitorIterationsValue: Double { get { Double(monitorIterations) } set { monitorIterations = Int(newValue) } }
}
