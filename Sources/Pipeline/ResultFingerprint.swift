import Crypto
import Foundation
import HDF5
import StageKit

/// What a reference records of one dataset or attribute of an HDF5 output: its type, shape, a
/// 64-bit prefix of the SHA-256 of its bytes, and, for floating-point values, max|v| and Σv, so a
/// difference can be sized even where the reference's bytes are not at hand.
public struct DatasetFingerprint: Equatable {
    public var path: String
    public var typeName: String
    public var shape: [Int]
    public var hash: String
    /// max|v| and Σv of float64/float32 values; nil for other types.
    public var maxMagnitude: Double?
    public var sum: Double?

    /// Equal when the bytes are: the summaries follow from them, and a NaN summary never equals itself.
    public static func == (a: DatasetFingerprint, b: DatasetFingerprint) -> Bool {
        a.path == b.path && a.typeName == b.typeName && a.shape == b.shape && a.hash == b.hash
    }

    /// The fingerprints of every dataset and (non-volatile) attribute of an HDF5 file, in the
    /// canonical order of `Group.walkContent`.
    public static func all(ofHDF5 path: String) throws -> [DatasetFingerprint] {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        var result: [DatasetFingerprint] = []
        try file.root.walkContent(skipAttribute: { ContentHash.volatileAttributes.contains($0) }) { record in
            guard record.kind != .group else { return }
            let hash = SHA256.hash(data: record.bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
            var fingerprint = DatasetFingerprint(path: record.path, typeName: record.typeName, shape: record.shape, hash: hash)
            if let values = DatasetFingerprint.floatValues(record) {
                fingerprint.maxMagnitude = values.reduce(0) { max($0, $1.magnitude) }
                fingerprint.sum = values.reduce(0, +)
            }
            result.append(fingerprint)
        }
        return result
    }

    /// Every dataset and attribute of an HDF5 file as floating-point values, by path (only the
    /// float64/float32 ones), for exact differences.
    public static func floatValues(ofHDF5 path: String) throws -> [String: [Double]] {
        let file = try File.open(atPath: path)
        defer { try? file.close() }
        var result: [String: [Double]] = [:]
        try file.root.walkContent(skipAttribute: { ContentHash.volatileAttributes.contains($0) }) { record in
            if let values = floatValues(record) { result[record.path] = values }
        }
        return result
    }

    /// A record's values as Double when it holds float64 or float32 numbers (little-endian bytes).
    static func floatValues(_ record: ContentRecord) -> [Double]? {
        switch record.typeName {
        case "float64":
            return stride(from: 0, to: record.bytes.count - 7, by: 8).map { offset in
                var bits: UInt64 = 0
                for index in 0..<8 { bits |= UInt64(record.bytes[offset + index]) << UInt64(8 * index) }
                return Double(bitPattern: bits)
            }
        case "float32":
            return stride(from: 0, to: record.bytes.count - 3, by: 4).map { offset in
                var bits: UInt32 = 0
                for index in 0..<4 { bits |= UInt32(record.bytes[offset + index]) << UInt32(8 * index) }
                return Double(Float(bitPattern: bits))
            }
        default:
            return nil
        }
    }
}

/// The largest absolute and relative elementwise differences between two equally long arrays
/// (relative: |a − b| / max(|a|, |b|), 0 where both are 0); NaN against NaN counts as equal.
public func largestDifferences(_ a: [Double], _ b: [Double]) -> (absolute: Double, relative: Double) {
    var absolute = 0.0, relative = 0.0
    for (x, y) in zip(a, b) where !(x.isNaN && y.isNaN) && x != y {
        let difference = (x - y).magnitude
        if difference.isNaN || difference.isInfinite { return (.infinity, .infinity) }
        absolute = max(absolute, difference)
        relative = max(relative, difference / max(x.magnitude, y.magnitude))
    }
    return (absolute, relative)
}
