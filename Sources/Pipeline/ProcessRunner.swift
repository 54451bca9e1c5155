import Foundation

/// Runs a short helper command to completion and returns its standard output.
enum ProcessRunner {
    struct Failure: Error, CustomStringConvertible {
        var command: String
        var message: String
        var description: String { "\(command): \(message)" }
    }

    static func output(_ executable: String, _ arguments: [String], in directory: String? = nil,
                       environment: [String: String]? = nil) throws -> String {
        String(decoding: try data(executable, arguments, in: directory, environment: environment), as: UTF8.self)
    }

    /// The command's standard output as bytes; a non-zero exit throws with its standard error.
    static func data(_ executable: String, _ arguments: [String], in directory: String? = nil,
                     environment: [String: String]? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let command = ([executable] + arguments).joined(separator: " ")
        do { try process.run() } catch { throw Failure(command: command, message: "cannot start: \(error)") }
        final class Collected: @unchecked Sendable { var data = Data() }
        let errorData = Collected()
        let reader = Thread { errorData.data = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        guard process.terminationStatus == 0 else {
            throw Failure(command: command, message: "exit \(process.terminationStatus): \(String(decoding: errorData.data, as: UTF8.self))")
        }
        return data
    }
}
