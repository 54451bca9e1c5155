import Foundation

/// An IDX array (the MNIST format, docs/data.md §2): unsigned bytes with their dimensions.
public struct IDXArray: Equatable {
    public var dimensions: [Int]
    public var values: [UInt8]

    public init(dimensions: [Int], values: [UInt8]) {
        self.dimensions = dimensions
        self.values = values
    }
}

/// A malformed or unreadable dataset file, naming the file and the check that failed.
public struct DatasetError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String
    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}

/// Reads IDX files, raw or gzip-compressed (detected by the gzip magic).
public enum IDXReader {
    /// Reads an IDX file of unsigned bytes (type code 0x08).
    public static func read(path: String) throws -> IDXArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(file: path, message: "cannot read the file (missing?)")
        }
        var bytes = [UInt8](data)
        if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(bytes, source: path) }
        return try parse(bytes, source: path)
    }

    /// Parses IDX bytes: two zero bytes, the type code, the rank d, d big-endian UInt32 sizes,
    /// then exactly the product of the sizes in bytes.
    public static func parse(_ bytes: [UInt8], source: String) throws -> IDXArray {
        guard bytes.count >= 4 else { throw DatasetError(file: source, message: "too short for an IDX header (\(bytes.count) bytes)") }
        guard bytes[0] == 0, bytes[1] == 0 else { throw DatasetError(file: source, message: "bad magic: the first two bytes must be zero") }
        guard bytes[2] == 0x08 else {
            throw DatasetError(file: source, message: String(format: "element type 0x%02x is not supported (only 0x08, unsigned byte)", bytes[2]))
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard rank >= 1, bytes.count >= headerSize else { throw DatasetError(file: source, message: "truncated header (rank \(rank))") }
        let dimensions = (0..<rank).map { index -> Int in
            let o = 4 + 4 * index
            return Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3])
        }
        let expected = dimensions.reduce(1, *)
        guard bytes.count - headerSize == expected else {
            throw DatasetError(file: source, message: "payload has \(bytes.count - headerSize) bytes, dimensions \(dimensions) need \(expected)")
        }
        return IDXArray(dimensions: dimensions, values: Array(bytes[headerSize...]))
    }

    /// Encodes unsigned bytes as IDX (for tests and fixtures).
    public static func encode(_ array: IDXArray) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(array.dimensions.count)]
        for dimension in array.dimensions {
            bytes += [UInt8(dimension >> 24 & 0xff), UInt8(dimension >> 16 & 0xff), UInt8(dimension >> 8 & 0xff), UInt8(dimension & 0xff)]
        }
        return bytes + array.values
    }
}
