import EdgeOfStability
import HDF5
import StageKit

/// Checkpoints of the tracking loop: the phase-1 outcome, the tracker's state (every vector that
/// determines the rest of the run, warm starts included) and the record so far. Resuming from
/// one reaches the same final content as an uninterrupted run.
enum TrackingCheckpoint {
    /// The record's per-step series by dataset name, in a fixed order: the one table both the
    /// writer and the readers of `/tracking` (and of a checkpoint's `/record`) go through.
    static let seriesColumns: [(name: String, keyPath: WritableKeyPath<TrackingRecord, [Double]>)] = [
        ("step", \.step), ("gd_loss", \.gdLoss), ("gd_sharpness", \.gdSharpness), ("gd_x", \.gdX),
        ("gd_distance", \.gdDistance), ("predicted_loss", \.predictedLoss), ("predicted_sharpness", \.predictedSharpness),
        ("predicted_x", \.predictedX), ("predicted_y", \.predictedY), ("predicted_distance", \.predictedDistance),
        ("dagger_loss", \.daggerLoss), ("dagger_sharpness", \.daggerSharpness),
        ("sharpness_before_projection", \.sharpnessBeforeProjection), ("alpha", \.alpha), ("beta", \.beta),
        ("delta_squared", \.deltaSquared), ("gamma", \.gamma), ("newton_x", \.newtonX),
        ("gradient_norm", \.gradientNorm), ("perpendicular_gradient_norm", \.perpendicularGradientNorm),
        ("newton_residual", \.newtonResidual), ("eigen_residual", \.eigenResidual), ("flow_loss", \.flowLoss),
        ("flow_sharpness", \.flowSharpness), ("flow_distance", \.flowDistance),
        ("hessian_vector_products", \.hessianVectorProducts),
    ] + HessianVectorProductPurpose.allCases.map { ("hessian_vector_products_\($0.rawValue)", $0.series) }

    /// The dataset name of a series.
    static func name(of keyPath: WritableKeyPath<TrackingRecord, [Double]>) -> String {
        seriesColumns.first { $0.keyPath == keyPath }!.name
    }

    static func writeRecord(_ record: TrackingRecord, to group: Group) throws {
        for (name, keyPath) in seriesColumns {
            let values = record[keyPath: keyPath]
            let dataset = try group.createDataset(named: name, shape: [values.count], values: values)
            if values.contains(where: { $0.isNaN }) { try dataset.writeAttribute(Int64(1), named: "allows_nonfinite") }
            try dataset.close()
        }
        let checks = try group.createGroup(named: "checks")
        try checks.write(record.checkStep, to: "step")
        try checks.write(record.lambda1, to: "lambda1")
        try checks.write(record.lambda2, to: "lambda2")
        let P = record.checkParameters.first?.count ?? 0
        for (name, points) in checkPoints(record) {
            try checks.write(points.flatMap { $0 }, shape: [points.count, P], to: name)
        }
        let beta = try group.createGroup(named: "beta_tracks")
        try beta.write(record.betaSamples.map { Int64($0.start) }, to: "start")
        try beta.write(record.betaSamples.map { Int64($0.step) }, to: "step")
        try beta.write(record.betaSamples.map(\.value), to: "value")
        try writeAssumptionChecks(record.assumptionChecks, to: try group.createGroup(named: "assumption_checks"))
    }

    /// The points stored at every check by dataset name (checks × P): θ_t, θ†_t and v*_t.
    static func checkPoints(_ record: TrackingRecord) -> [(String, [[Double]])] {
        [("theta", record.checkParameters), ("theta_dagger", record.checkDaggerPoints),
         ("predicted_displacement", record.checkPredictedDisplacements)]
    }

    /// `/tracking/assumption_checks`: one row per check with α > 0; `slice_x` and `slice_loss` are
    /// checks × points.
    static func writeAssumptionChecks(_ checks: [AssumptionCheck], to group: Group) throws {
        let points = checks.first?.sliceX.count ?? 0
        try group.write(checks.map { Int64($0.step) }, to: "step")
        for (name, values) in [("delta", checks.map(\.delta)), ("loss", checks.map(\.loss)), ("slope", checks.map(\.slope)),
                               ("sharpness", checks.map(\.sharpness)), ("cubic", checks.map(\.cubic)),
                               ("rho3", checks.map(\.rho3)), ("rho4", checks.map(\.rho4)),
                               ("hessian_vector_products", checks.map { Double($0.hessianVectorProducts) })] {
            try group.write(values, to: name)
        }
        try group.write(checks.flatMap(\.sliceX), shape: [checks.count, points], to: "slice_x")
        try group.write(checks.flatMap(\.sliceLoss), shape: [checks.count, points], to: "slice_loss")
    }

    /// `/tracking/beta_tracks/{start,step,value}`.
    static func readBetaSamples(_ group: Group) throws -> [BetaSample] {
        let starts: [Int64] = try group.read("start")
        let steps: [Int64] = try group.read("step", count: starts.count)
        let values: [Double] = try group.read("value", count: starts.count)
        return starts.indices.map { BetaSample(start: Int(starts[$0]), step: Int(steps[$0]), value: values[$0]) }
    }

    static func readAssumptionChecks(_ group: Group) throws -> [AssumptionCheck] {
        let steps: [Int64] = try group.read("step")
        let count = steps.count
        var columns: [String: [Double]] = [:]
        for name in ["delta", "loss", "slope", "sharpness", "cubic", "rho3", "rho4", "hessian_vector_products"] {
            columns[name] = try group.read(name, count: count)
        }
        let xs: [Double] = try group.read("slice_x"), losses: [Double] = try group.read("slice_loss", count: xs.count)
        let points = count == 0 ? 0 : xs.count / count
        return (0..<count).map { i in
            AssumptionCheck(step: Int(steps[i]), delta: columns["delta"]![i], sliceX: Array(xs[i * points..<(i + 1) * points]),
                            sliceLoss: Array(losses[i * points..<(i + 1) * points]), loss: columns["loss"]![i],
                            slope: columns["slope"]![i], sharpness: columns["sharpness"]![i], cubic: columns["cubic"]![i],
                            rho3: columns["rho3"]![i], rho4: columns["rho4"]![i],
                            hessianVectorProducts: Int(columns["hessian_vector_products"]![i]))
        }
    }

    /// The per-step series and the checks' step and eigenvalues of `/tracking` (or `/record`), without
    /// the stored points: what the measure and analyze stages read.
    static func readSeries(_ group: Group) throws -> TrackingRecord {
        var record = TrackingRecord()
        for (name, keyPath) in seriesColumns { record[keyPath: keyPath] = try group.read(name) }
        let checks = try group.openGroup(named: "checks")
        record.checkStep = try checks.read("step")
        record.lambda1 = try checks.read("lambda1")
        record.lambda2 = try checks.read("lambda2")
        return record
    }

    static func readRecord(_ group: Group, parameterCount: Int) throws -> TrackingRecord {
        var record = try readSeries(group)
        let checks = try group.openGroup(named: "checks")
        let count = record.checkStep.count
        var points: [String: [[Double]]] = [:]
        for (name, _) in checkPoints(TrackingRecord()) {
            let flat: [Double] = try checks.read(name, count: count * parameterCount)
            let P = parameterCount
            points[name] = (0..<count).map { Array(flat[$0 * P..<($0 + 1) * P]) }
        }
        record.checkParameters = points["theta"]!
        record.checkDaggerPoints = points["theta_dagger"]!
        record.checkPredictedDisplacements = points["predicted_displacement"]!
        record.betaSamples = try readBetaSamples(try group.openGroup(named: "beta_tracks"))
        record.assumptionChecks = try readAssumptionChecks(try group.openGroup(named: "assumption_checks"))
        return record
    }

    static func write(_ phaseOne: PhaseOneOutcome, _ tracker: Tracker, to file: File) throws {
        try phaseOne.write(to: try file.root.createGroup(named: "phase1"))
        try writeRecord(tracker.record, to: try file.root.createGroup(named: "record"))
        let s = tracker.state
        let state = try file.root.createGroup(named: "state")
        try state.write([Int64(s.step), Int64(s.hessianVectorProducts)], to: "counters")
        try state.write(s.productsByPurpose.map(Int64.init), to: "products_by_purpose")
        try state.write([s.daggerSharpnessBeforeProjection, s.flowSharpness], to: "scalars")
        let vectors: [(String, [Double])] = [("parameters", s.parameters), ("dagger_point", s.daggerPoint),
                                             ("dagger_warm_start", s.daggerWarmStart), ("predicted_displacement", s.predictedDisplacement),
                                             ("flow_parameters", s.flowParameters)]
        for (name, values) in vectors { try state.write(values, to: name, compression: .none) }
        try writeSequences([s.flowEigenvectors], named: "flow_eigenvectors", to: state, parameterCount: s.parameters.count)
        try writeOscillationWarmStarts(s.gdWarmStarts, "gd", to: state, parameterCount: s.parameters.count)
        try writeOscillationWarmStarts(s.predictedWarmStarts, "predicted", to: state, parameterCount: s.parameters.count)
        try writeSequences(s.daggerCentreWarmStarts.corrections, named: "dagger_start_corrections", to: state, parameterCount: s.parameters.count)
        try state.write(s.betaTracks.map { Int64($0.start) }, to: "beta_track_starts")
        try state.write(s.betaTracks.flatMap(\.vector), shape: [s.betaTracks.count, s.parameters.count], to: "beta_track_vectors", compression: .none)
    }

    static func read(_ file: File, oracle: SharpnessOracle<Double>, settings: TrackingSettings) throws -> (PhaseOneOutcome, Tracker) {
        let phaseOne = try PhaseOneOutcome(group: try file.root.openGroup(named: "phase1"))
        let record = try readRecord(try file.root.openGroup(named: "record"), parameterCount: oracle.parameterCount)
        let group = try file.root.openGroup(named: "state")
        let counters: [Int64] = try group.read("counters", count: 2)
        let scalars: [Double] = try group.read("scalars", count: 2)
        let P = oracle.parameterCount
        var state = Tracker.State(step: Int(counters[0]), parameters: try group.read("parameters", count: P),
                                  daggerPoint: try group.read("dagger_point", count: P), daggerWarmStart: try group.read("dagger_warm_start", count: P),
                                  daggerSharpnessBeforeProjection: scalars[0], predictedDisplacement: try group.read("predicted_displacement", count: P),
                                  flowParameters: try group.read("flow_parameters", count: P), flowSharpness: scalars[1],
                                  flowEigenvectors: try readSequences(named: "flow_eigenvectors", from: group,
                                                                      depth: Tracker.State.flowExtrapolationDepth, parameterCount: P)[0],
                                  gdWarmStarts: try readOscillationWarmStarts("gd", from: group, parameterCount: P),
                                  predictedWarmStarts: try readOscillationWarmStarts("predicted", from: group, parameterCount: P),
                                  daggerCentreWarmStarts: CentreWarmStarts(corrections: try readSequences(named: "dagger_start_corrections", from: group,
                                                                                                          depth: CentreWarmStarts.depth, parameterCount: P)),
                                  hessianVectorProducts: Int(counters[1]), stopReason: nil)
        let starts: [Int64] = try group.read("beta_track_starts")
        let vectors: [Double] = try group.read("beta_track_vectors", count: starts.count * P)
        state.productsByPurpose = try group.read("products_by_purpose", count: HessianVectorProductPurpose.allCases.count, as: Int64.self).map { Int($0) }
        state.betaTracks = starts.indices.map { BetaTrack(start: Int(starts[$0]), vector: Array(vectors[$0 * P..<($0 + 1) * P])) }
        return (phaseOne, Tracker(oracle: oracle, settings: settings, resuming: state, record: record))
    }

    /// Extrapolated sequences as `<name>` (all their values, sequences × values × P, newest first)
    /// and `<name>_counts` (values per sequence).
    static func writeSequences(_ sequences: [ExtrapolatedSequence], named name: String, to group: Group, parameterCount P: Int) throws {
        try group.write(sequences.map { Int64($0.values.count) }, to: "\(name)_counts")
        let values = sequences.flatMap(\.values)
        try group.write(values.flatMap { $0 }, shape: [values.count, P], to: name, compression: .none)
    }

    /// `<prefix>_eigenvector` (the latest) and `<prefix>_eigenvectors_by_parity`.
    static func writeOscillationWarmStarts(_ warmStarts: OscillationWarmStarts, _ prefix: String, to group: Group, parameterCount P: Int) throws {
        try group.write(warmStarts.latest, to: "\(prefix)_eigenvector", compression: .none)
        try writeSequences(warmStarts.byParity, named: "\(prefix)_eigenvectors_by_parity", to: group, parameterCount: P)
    }

    static func readOscillationWarmStarts(_ prefix: String, from group: Group, parameterCount P: Int) throws -> OscillationWarmStarts {
        OscillationWarmStarts(latest: try group.read("\(prefix)_eigenvector", count: P),
                              byParity: try readSequences(named: "\(prefix)_eigenvectors_by_parity", from: group,
                                                          depth: OscillationWarmStarts.depth, parameterCount: P))
    }

    static func readSequences(named name: String, from group: Group, depth: Int, parameterCount P: Int) throws -> [ExtrapolatedSequence] {
        let counts: [Int64] = try group.read("\(name)_counts")
        let total = Int(counts.reduce(0, +))
        let flat: [Double] = try group.read(name, count: total * P)
        var offset = 0
        return counts.map { count in
            let values = (0..<Int(count)).map { index in Array(flat[(offset + index) * P..<(offset + index + 1) * P]) }
            offset += Int(count)
            return ExtrapolatedSequence(depth: depth, values: values)
        }
    }
}
