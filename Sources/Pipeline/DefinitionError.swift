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
