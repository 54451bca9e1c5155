import StageProtocol

extension File {
    /// Writes a new HDF5 file at `path` so that it appears complete or not at all (`AtomicFile`):
    /// if `body` throws, the temporary file is removed and any existing file at `path` is untouched.
    public static func writeAtomically(to path: String, _ body: (File) throws -> Void) throws {
        try AtomicFile.write(to: path) { temporary in
            let file = try File.create(atPath: temporary)
            do {
                try body(file)
                try file.close()
            } catch {
                try? file.close()
                throw error
            }
        }
    }
}
