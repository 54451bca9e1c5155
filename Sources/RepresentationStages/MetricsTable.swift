import Foundation
import HDF5
import LinearAlgebra
import Representations
import StageKit

/// Seed-averaged test errors and alignment by (method, d, n), read from the `metrics.h5` files
/// of network, kernel and RF-init points (docs/representations.md §4: mean over seeds, standard error).
struct MetricsTable {
    struct Key: Hashable, Comparable {
        var method: String, dimension: Int, examples: Int, rank: Int = 1
        static func < (a: Key, b: Key) -> Bool { (a.method, a.dimension, a.rank, a.examples) < (b.method, b.dimension, b.rank, b.examples) }
    }
    struct Cell {
        /// Test MSE per seed, with the seed of each (`/seed` of the metrics file).
        var mse: [Double] = [], seeds: [Int64] = []
        var fraction: [Double] = [], minCos: [Double] = [], initialFraction: [Double] = []
        var meanMSE: Double { Statistics.mean(mse) }
        var standardError: Double { mse.count > 1 ? (Statistics.sampleVariance(mse) / Double(mse.count)).squareRoot() : 0 }
    }
    var cells: [Key: Cell] = [:]
    /// The network widths m each method's runs used (`/width` of their metrics files).
    var widths: [String: Set<Int>] = [:]

    mutating func add(paths: [String], method override: String? = nil) throws {
        for path in paths {
            let file = try File.open(atPath: path)
            defer { try? file.close() }
            let root = file.root
            let method = try override ?? root.readStringAttribute(named: "method")
            let key = Key(method: method, dimension: Int(try root.read("dimension", count: 1, as: Int64.self)[0]),
                          examples: Int(try root.read("examples", count: 1, as: Int64.self)[0]),
                          rank: Int(try root.read("rank", count: 1, as: Int64.self)[0]))
            var cell = cells[key] ?? Cell()
            cell.mse.append(try root.read("test_mse", count: 1)[0])
            cell.seeds.append(try root.read("seed", count: 1, as: Int64.self)[0])
            if root.contains("fraction_in_span") {
                cell.fraction.append(try root.read("fraction_in_span", count: 1)[0])
                cell.minCos.append(try root.read("min_cos", count: 1)[0])
                cell.initialFraction.append(try root.read("fraction_in_span_initial", count: 1)[0])
            }
            cells[key] = cell
            if root.contains("width") { widths[method, default: []].insert(Int(try root.read("width", count: 1, as: Int64.self)[0])) }
        }
    }

    /// "Width m = 1000." for the methods' runs, from their data (empty when none records it), so a
    /// caption cannot state a width the figure's runs did not use.
    func widthNote(_ methods: [String]) -> String {
        let all = methods.reduce(into: Set<Int>()) { $0.formUnion(widths[$1] ?? []) }.sorted()
        return all.isEmpty ? "" : "Width m = \(all.map(String.init).joined(separator: " and "))."
    }

    /// The dimensions present for a method, ascending.
    func dimensions(_ method: String) -> [Int] { Set(cells.keys.filter { $0.method == method }.map(\.dimension)).sorted() }

    /// The (n, cell) curve of one method at one d, by increasing n.
    func curve(_ method: String, _ d: Int) -> [(n: Int, cell: Cell)] {
        cells.filter { $0.key.method == method && $0.key.dimension == d }.map { ($0.key.examples, $0.value) }.sorted { $0.n < $1.n }
    }

    /// n*(ε) of one method at one d, from the seed-mean curve, or from one seed's curve.
    func threshold(_ method: String, _ d: Int, _ ε: Double, seed: Int64? = nil) -> RepresentationMetrics.Threshold {
        var points = curve(method, d).map { (n: Double($0.n), mse: $0.cell.meanMSE, cell: $0.cell) }
        if let seed {
            points = points.compactMap { point in point.cell.seeds.firstIndex(of: seed).map { (point.n, point.cell.mse[$0], point.cell) } }
        }
        return RepresentationMetrics.samplesToReach(ε, sizes: points.map(\.n), errors: points.map(\.mse))
    }

    /// The seeds present for a method, ascending.
    func seeds(_ method: String) -> [Int64] { Set(cells.filter { $0.key.method == method }.flatMap(\.value.seeds)).sorted() }
}

