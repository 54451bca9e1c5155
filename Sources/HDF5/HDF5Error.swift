import CHDF5

/// A failure reported by libhdf5, or by this wrapper on HDF5's behalf.
///
/// It names the C function that failed, the file and the object inside it, and carries the
/// HDF5 error stack as it stood right after the failing call (taken before anything else can
/// clear it, as HDF5.jl does).
public struct HDF5Error: Error, CustomStringConvertible, Equatable {
    /// The C function that returned a negative value (or the wrapper operation that failed).
    public var function: String
    /// The HDF5 file the operation touched.
    public var file: String
    /// The object path inside the file (`/` for the root group).
    public var object: String
    /// What went wrong, in words.
    public var message: String
    /// The HDF5 error stack, innermost frame last: "function: description (minor message)".
    public var stack: [String]

    public init(function: String, file: String, object: String, message: String, stack: [String] = []) {
        self.function = function
        self.file = file
        self.object = object
        self.message = message
        self.stack = stack
    }

    public var description: String {
        var text = "HDF5 error in \(function) on '\(object)' of file '\(file)': \(message)"
        if !stack.isEmpty { text += "\n  HDF5 stack:\n    " + stack.joined(separator: "\n    ") }
        return text
    }
}

/// The place an operation acts on, used to build error messages.
struct Location {
    var file: String
    var object: String

    /// Fails with an `HDF5Error` when `status` is negative, taking HDF5's error stack first.
    @discardableResult
    func check<T: BinaryInteger>(_ status: T, _ function: String, _ message: @autoclosure () -> String = "call failed") throws -> T {
        if status < 0 {
            let stack = HDF5Library.currentErrorStack()
            throw HDF5Error(function: function, file: file, object: object, message: message(), stack: stack)
        }
        return status
    }

    func fail(_ function: String, _ message: String) -> HDF5Error {
        HDF5Error(function: function, file: file, object: object, message: message)
    }

    func child(_ name: String) -> Location {
        Location(file: file, object: object == "/" ? "/" + name : object + "/" + name)
    }
}
