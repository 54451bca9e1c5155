import Foundation

/// Running gnuplot on an emitted script, and making its PDF output byte-reproducible.
public enum Gnuplot {
    /// A failure to run gnuplot or of the script it ran.
    public struct Failure: Error, CustomStringConvertible {
        public var script: String
        public var message: String
        public var description: String { "gnuplot failed on \(script): \(message)" }
    }

    /// `gnuplot --version`, e.g. "gnuplot 5.4 patchlevel 4"; "not installed" when it cannot be run.
    public static var version: String {
        (try? run(arguments: ["--version"], in: FileManager.default.currentDirectoryPath))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "not installed"
    }

    /// Runs `gnuplot SCRIPT` in `directory` (scripts name their outputs relative to it), then
    /// rewrites the creation date in every PDF it names so that two renderings are identical.
    public static func render(script: String, in directory: String, pdfOutputs: [String] = []) throws {
        _ = try run(arguments: [script], in: directory)
        for pdf in pdfOutputs { try fixPDFCreationDate(atPath: directory + "/" + pdf) }
    }

    @discardableResult
    static func run(arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gnuplot"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw Failure(script: arguments.last ?? "", message: "cannot start gnuplot (is gnuplot-nox installed?): \(error)")
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errText = String(decoding: errData, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw Failure(script: arguments.last ?? "", message: "exit \(process.terminationStatus): \(errText)")
        }
        return String(decoding: outData, as: UTF8.self) + errText
    }

    /// Rewrites `/CreationDate (D:YYYYMMDDHHMMSS…)` to the same-length 1970-01-01 date, byte-wise,
    /// so lengths and xref offsets stay valid (docs/pipeline.md §8: cairo ignores SOURCE_DATE_EPOCH).
    public static func fixPDFCreationDate(atPath path: String) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let marker = Array("/CreationDate (D:".utf8)
        var index = 0
        var changed = false
        while index + marker.count + 14 <= bytes.count {
            if bytes[index] == marker[0], Array(bytes[index..<(index + marker.count)]) == marker {
                let start = index + marker.count
                let fixed = Array("19700101000000".utf8)
                if bytes[start..<(start + 14)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                    bytes.replaceSubrange(start..<(start + 14), with: fixed)
                    changed = true
                }
                index = start
            } else {
                index += 1
            }
        }
        if changed { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) }
    }
}
