/// A failure of the engine's own work (archives, references, the store lock), in words that name
/// the file and what to do.
public struct PipelineFailure: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// A stage definition the engine refuses, before anything runs: names the file, line and field.
/// The `pipeline` command exits with code 2 on these.
public struct DefinitionError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String
    public var message: String

    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(field.isEmpty ? "" : "field '\(field)': ")\(message)"
    }
}
