import HDF5
import StageKit

/// `run.h5` of `eos.sharpening`, written by train and read by measure and analyze through this one
/// type: η and the effective r (2/η = r·S(θ₀)); `/gd/loss` every step; `/gd/check_step` and
/// `/gd/sharpness` every `sharpness_interval` steps; `/flow/loss` and `/flow/sharpness` for gradient
/// flow at the same times t = step·η.
struct SharpeningRun {
    var learningRate: Double
    var sharpnessRatio: Double
    var dataSource: String
    var gdLoss: [Double]
    var checkStep: [Double]
    var gdSharpness: [Double]
    var flowLoss: [Double]
    var flowSharpness: [Double]

    init(learningRate: Double, sharpnessRatio: Double, dataSource: String, gdLoss: [Double], checkStep: [Double],
         gdSharpness: [Double], flowLoss: [Double], flowSharpness: [Double]) {
        self.learningRate = learningRate
        self.sharpnessRatio = sharpnessRatio
        self.dataSource = dataSource
        self.gdLoss = gdLoss
        self.checkStep = checkStep
        self.gdSharpness = gdSharpness
        self.flowLoss = flowLoss
        self.flowSharpness = flowSharpness
    }

    func write(to file: File) throws {
        try file.root.write([learningRate], shape: [], to: "learning_rate")
        try file.root.write([sharpnessRatio], shape: [], to: "sharpness_ratio")
        try file.root.writeAttribute(dataSource, named: "data_source")
        let gd = try file.root.createGroup(named: "gd")
        try gd.write(gdLoss, to: "loss")
        try gd.write(checkStep, to: "check_step")
        try gd.write(gdSharpness, to: "sharpness")
        let flow = try file.root.createGroup(named: "flow")
        try flow.write(flowLoss, to: "loss")
        try flow.write(flowSharpness, to: "sharpness")
    }

    /// Reads a `run.h5`; the sharpness series must have one value per check.
    init(reading path: String) throws {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        learningRate = try file.root.scalar("learning_rate", in: InputLimits.positive)
        sharpnessRatio = try file.root.read("sharpness_ratio", count: 1)[0]
        dataSource = try file.root.readStringAttribute(named: "data_source")
        let gd = try file.root.openGroup(named: "gd"), flow = try file.root.openGroup(named: "flow")
        gdLoss = try gd.read("loss")
        checkStep = try gd.read("check_step")
        gdSharpness = try gd.read("sharpness", count: checkStep.count)
        flowLoss = try flow.read("loss")
        flowSharpness = try flow.read("sharpness", count: checkStep.count)
    }
}
