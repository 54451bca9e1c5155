import CZlib
import Foundation

/// Reading gzip or zlib streams with the system zlib (docs/data.md §3).
public enum Gzip {
    /// A stream that zlib could not inflate.
    public struct Failure: Error, CustomStringConvertible {
        public var source: String
        public var message: String
        public var description: String { "\(source): \(message)" }
    }

    /// Whether the bytes start with the gzip magic `1f 8b`.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }

    /// Inflates a gzip (or zlib) stream, including multi-member gzip files.
    /// The corresponding C functions are `inflateInit2_`, `inflate`, `inflateReset` and `inflateEnd`.
    public static func decompress(_ input: [UInt8], source: String) throws -> [UInt8] {
        var stream = z_stream()
        guard czlib_inflateInit2(&stream, 15 + 32) == Z_OK else { throw Failure(source: source, message: "inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        // A single-member gzip stores the uncompressed size mod 2³² in its last 4 bytes.
        if input.count >= 4 {
            let size = Int(input[input.count - 4]) | Int(input[input.count - 3]) << 8 | Int(input[input.count - 2]) << 16 | Int(input[input.count - 1]) << 24
            output.reserveCapacity(min(size, 1 << 30))
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        try input.withUnsafeBufferPointer { inputBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress)
            stream.avail_in = UInt32(inputBuffer.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { outputBuffer in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = UInt32(outputBuffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                output.append(contentsOf: chunk[0..<produced])
                if status == Z_STREAM_END {
                    if stream.avail_in == 0 { break }
                    guard inflateReset(&stream) == Z_OK else { throw Failure(source: source, message: "inflateReset failed") }
                    continue
                }
                if status == Z_BUF_ERROR && produced == 0 {
                    throw Failure(source: source, message: "truncated gzip stream")
                }
                guard status == Z_OK || status == Z_BUF_ERROR else {
                    throw Failure(source: source, message: "corrupt gzip stream (zlib status \(status))")
                }
            }
        }
        return output
    }

    /// Compresses bytes as one gzip member (for tests and fixtures).
    /// The corresponding C functions are `deflateInit2_`, `deflate` and `deflateEnd`.
    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        precondition(czlib_deflateInit2(&stream, 6, 15 + 16) == Z_OK)
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 32)
        var input = input
        let written: Int = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                stream.next_in = inputBuffer.baseAddress
                stream.avail_in = UInt32(inputBuffer.count)
                stream.next_out = outputBuffer.baseAddress
                stream.avail_out = UInt32(outputBuffer.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate failed with \(status)")
                return outputBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<written])
    }
}
