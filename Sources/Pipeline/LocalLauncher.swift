import Foundation
import StageKit
import StageProtocol

/// Runs stage jobs as child processes of the pipeline on this machine.
public final class LocalLauncher: StageLauncher {
    public let name = "local"
    private let lock = NSLock()
    private var running: [Int32: Process] = [:]
    private var cancelled = false

    public init() {}

    public func run(_ job: StageJob, progress: @escaping (String) -> Void) throws -> StageJobResult {
        let descriptor = open(job.logPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            return StageJobResult(succeeded: false, reason: "\(String(cString: strerror(errno))): cannot open the log \(job.logPath)")
        }
        let log = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        defer { try? log.close() }
        var logError: String?
        let process = Process()
        process.executableURL = URL(fileURLWithPath: job.executable)
        process.arguments = job.arguments
        process.currentDirectoryURL = URL(fileURLWithPath: job.folder)
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in job.environment { environment[key] = value }
        environment[StageEnvironment.pipelinePID] = String(getpid())
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        let errors = Pipe()
        process.standardError = errors
        lock.lock()
        if cancelled {
            lock.unlock()
            return StageJobResult(succeeded: false, reason: "cancelled")
        }
        do { try process.run() } catch {
            lock.unlock()
            return StageJobResult(succeeded: false, reason: "cannot start \(job.executable): \(error)")
        }
        running[process.processIdentifier] = process
        lock.unlock()

        // Copy standard error to the log line by line, passing progress lines on.
        var pending = Data()
        var peak: Int?
        let handle = errors.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            if logError == nil {
                // A full disk must fail the stage, not the coordinator: keep draining the child's output.
                do { try log.write(contentsOf: chunk) } catch { logError = "\(LocalLauncher.reason(error)): \(job.logPath)" }
            }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0a) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if let text = ProgressLine.text(of: Substring(line)) { progress(text) }
                if let resources = ResourcesLine(line: Substring(line)) { peak = resources.peakResidentKilobytes }
            }
        }
        process.waitUntilExit()
        lock.lock()
        running[process.processIdentifier] = nil
        let wasCancelled = cancelled
        lock.unlock()
        if process.terminationReason == .uncaughtSignal {
            return StageJobResult(succeeded: false, reason: wasCancelled ? "cancelled" : "killed by signal \(process.terminationStatus)")
        }
        if let logError { return StageJobResult(succeeded: false, reason: logError) }
        return StageJobResult(succeeded: process.terminationStatus == 0, reason: "exit \(process.terminationStatus)",
                              peakResidentKilobytes: peak)
    }

    /// An I/O error in words: the POSIX message ("No space left on device") where there is one.
    static func reason(_ error: Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }

    public func cancelAll() {
        lock.lock()
        cancelled = true
        let processes = Array(running.values)
        lock.unlock()
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGTERM) }
    }
}
