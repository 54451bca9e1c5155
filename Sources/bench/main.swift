import Foundation
import LinearAlgebra
import Randomness

/// `make bench`: measures the machine's own limits and the project's hot loops, prints a table
/// and writes `bench/results.json`. Medians over repetitions after a warm-up.
struct Measurement: Codable {
    var name: String
    var milliseconds: Double
    var gflops: Double?
    var percentOfPeak: Double?
    var note: String
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Median wall time of `body` in milliseconds, after one warm-up call.
func time(repetitions: Int, _ body: () -> Void) -> Double {
    body()
    return median((0..<repetitions).map { _ in
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    })
}

BLASKernel.ensureFastPath()
var results: [Measurement] = []
var stream = RandomStream(seed: 1)
let n = 2048
let a = Matrix<Double>(rows: n, columns: n, elements: stream.normals(n * n))
let b = Matrix<Double>(rows: n, columns: n, elements: stream.normals(n * n))
var c = Matrix<Double>(rows: n, columns: n)
let dgemmMilliseconds = time(repetitions: 5) { multiply(a, b, into: &c) }
let peak = 2 * Double(n * n * n) / dgemmMilliseconds / 1e6
results.append(Measurement(name: "dgemm 2048³ (machine peak)", milliseconds: dgemmMilliseconds, gflops: peak, percentOfPeak: 100,
                           note: "OpenBLAS kernel \(BLASKernel.coreName)"))
let af = Matrix<Float>(rows: n, columns: n, elements: a.elements.map(Float.init))
let bf = Matrix<Float>(rows: n, columns: n, elements: b.elements.map(Float.init))
var cf = Matrix<Float>(rows: n, columns: n)
let sgemmMilliseconds = time(repetitions: 5) { multiply(af, bf, into: &cf) }
results.append(Measurement(name: "sgemm 2048³", milliseconds: sgemmMilliseconds, gflops: 2 * Double(n * n * n) / sgemmMilliseconds / 1e6,
                           percentOfPeak: nil, note: "single precision"))

func column(_ text: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
}
print(column("benchmark", 44, left: true) + column("median ms", 12) + column("GFLOP/s", 10) + column("% peak", 8) + "  note")
for result in results {
    let gflops = result.gflops.map { String(format: "%.1f", $0) } ?? "-"
    let percent = result.percentOfPeak.map { String(format: "%.0f", $0) } ?? "-"
    print(column(result.name, 44, left: true) + column(String(format: "%.2f", result.milliseconds), 12) + column(gflops, 10)
          + column(percent, 8) + "  " + result.note)
}
try? FileManager.default.createDirectory(atPath: "bench", withIntermediateDirectories: true)
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
if let data = try? encoder.encode(["date": ISO8601DateFormatter().string(from: Date()), "cores": "\(ProcessInfo.processInfo.activeProcessorCount)"]) ,
   let body = try? encoder.encode(results) {
    let text = "{\"machine\": \(String(decoding: data, as: UTF8.self)), \"results\": \(String(decoding: body, as: UTF8.self))}\n"
    try? text.write(toFile: "bench/results.json", atomically: true, encoding: .utf8)
}
