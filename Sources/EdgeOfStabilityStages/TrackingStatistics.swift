import HDF5
import StageKit

/// The statistics behind claims C5–C12 for one tracked run: `/statistics` of `measurements.h5`,
/// one scalar dataset per field. The measure stage sets the fields, `TrackingClaims` judges them;
/// both go through `columns`, the one table of dataset names.
struct TrackingStatistics {
    var learningRate = Double.nan
    var trackedSteps = Double.nan
    var crossingStep = Double.nan
    var c5MaxDaggerSharpnessRatio = Double.nan
    var c5ActiveSteps = Double.nan
    var c5MaxActiveSharpnessDeviation = Double.nan
    var c5MaxNewtonResidual = Double.nan
    var c6InitialSharpnessRatio = Double.nan
    var c6PositiveAlphaFraction = Double.nan
    var c6MeanSharpnessRatio = Double.nan
    var c7LargeSteps = Double.nan
    var c7SignFlipFraction = Double.nan
    var firstBlowupStep = Double.nan
    var c8CompleteCycles = Double.nan
    var c8Windows = Double.nan
    var c8MinAmplitudeRatio = Double.nan
    var c8MaxAmplitudeRatio = Double.nan
    var c9GapRatio = Double.nan
    var c9DisplacedSteps = Double.nan
    var c9GdAboveDaggerFraction = Double.nan
    var c9MaxDaggerLossIncrease = Double.nan
    var c10WindowStart = Double.nan
    var c10WindowSteps = Double.nan
    var c10Correlation = Double.nan
    var c10AbsoluteCorrelation = Double.nan
    var c10GatedBlocks = Double.nan
    var c10MinRmsRatio = Double.nan
    var c10MaxRmsRatio = Double.nan
    var c10LossErrorOverGap = Double.nan
    var c10MedianSharpnessError = Double.nan
    var c11MaxDistanceOverDelta = Double.nan
    var c11LateOverEarlyDistance = Double.nan
    var c11FlowDistanceSlope = Double.nan
    var c11FinalFlowDistanceOverMeanDistance = Double.nan
    var c11FinalFlowSharpnessRatio = Double.nan
    var c12MaxLambda2Ratio = Double.nan

    static let columns: [(name: String, keyPath: WritableKeyPath<TrackingStatistics, Double>)] = [
        ("learning_rate", \.learningRate),
        ("tracked_steps", \.trackedSteps),
        ("crossing_step", \.crossingStep),
        ("c5_max_dagger_sharpness_ratio", \.c5MaxDaggerSharpnessRatio),
        ("c5_active_steps", \.c5ActiveSteps),
        ("c5_max_active_sharpness_deviation", \.c5MaxActiveSharpnessDeviation),
        ("c5_max_newton_residual", \.c5MaxNewtonResidual),
        ("c6_initial_sharpness_ratio", \.c6InitialSharpnessRatio),
        ("c6_positive_alpha_fraction", \.c6PositiveAlphaFraction),
        ("c6_mean_sharpness_ratio", \.c6MeanSharpnessRatio),
        ("c7_large_steps", \.c7LargeSteps),
        ("c7_sign_flip_fraction", \.c7SignFlipFraction),
        ("first_blowup_step", \.firstBlowupStep),
        ("c8_complete_cycles", \.c8CompleteCycles),
        ("c8_windows", \.c8Windows),
        ("c8_min_amplitude_ratio", \.c8MinAmplitudeRatio),
        ("c8_max_amplitude_ratio", \.c8MaxAmplitudeRatio),
        ("c9_gap_ratio", \.c9GapRatio),
        ("c9_displaced_steps", \.c9DisplacedSteps),
        ("c9_gd_above_dagger_fraction", \.c9GdAboveDaggerFraction),
        ("c9_max_dagger_loss_increase", \.c9MaxDaggerLossIncrease),
        ("c10_window_start", \.c10WindowStart),
        ("c10_window_steps", \.c10WindowSteps),
        ("c10_correlation", \.c10Correlation),
        ("c10_absolute_correlation", \.c10AbsoluteCorrelation),
        ("c10_gated_blocks", \.c10GatedBlocks),
        ("c10_min_rms_ratio", \.c10MinRmsRatio),
        ("c10_max_rms_ratio", \.c10MaxRmsRatio),
        ("c10_loss_error_over_gap", \.c10LossErrorOverGap),
        ("c10_median_sharpness_error", \.c10MedianSharpnessError),
        ("c11_max_distance_over_delta", \.c11MaxDistanceOverDelta),
        ("c11_late_over_early_distance", \.c11LateOverEarlyDistance),
        ("c11_flow_distance_slope", \.c11FlowDistanceSlope),
        ("c11_final_flow_distance_over_mean_distance", \.c11FinalFlowDistanceOverMeanDistance),
        ("c11_final_flow_sharpness_ratio", \.c11FinalFlowSharpnessRatio),
        ("c12_max_lambda2_ratio", \.c12MaxLambda2Ratio),
    ]

    init() {}

    /// Reads every field from `group`; a missing dataset is an error naming it.
    init(reading group: Group) throws {
        for (name, keyPath) in Self.columns { self[keyPath: keyPath] = try group.read(name, count: 1)[0] }
    }

    /// One scalar dataset per field; a non-finite value is marked as allowed (a statistic that is
    /// not evaluable is NaN, and says so).
    func write(to group: Group) throws {
        for (name, keyPath) in Self.columns {
            let value = self[keyPath: keyPath]
            let dataset = try group.createDataset(named: name, shape: [], values: [value])
            if !value.isFinite { try dataset.writeAttribute(Int64(1), named: "allows_nonfinite") }
            try dataset.close()
        }
    }
}
