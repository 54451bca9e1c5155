import CHDF5

/// Library-wide state of libhdf5: initialisation, silencing of its own error printing, version.
public enum HDF5Library {
    /// Opens the library once and turns off HDF5's automatic printing of error stacks to stderr:
    /// every failure becomes an `HDF5Error` instead.
    /// The corresponding C functions are `H5open` and `H5Eset_auto2`.
    static let initialised: Bool = {
        H5open()
        H5Eset_auto2(chdf5_H5E_DEFAULT(), nil, nil)
        return true
    }()

    /// Makes sure the library is initialised; cheap after the first call.
    @inline(__always) static func ensureInitialised() { _ = initialised }

    /// The libhdf5 version the process runs with, e.g. "1.10.8".
    /// The corresponding C function is `H5get_libversion`.
    public static var version: String {
        ensureInitialised()
        var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
        H5get_libversion(&major, &minor, &release)
        return "\(major).\(minor).\(release)"
    }

    /// The current default error stack as readable lines, innermost frame last.
    /// The corresponding C function is `H5Ewalk2`.
    static func currentErrorStack() -> [String] {
        final class Box { var lines: [String] = [] }
        let box = Box()
        let callback: H5E_walk2_t = { _, error, context in
            guard let error = error, let context = context else { return 0 }
            let box = Unmanaged<Box>.fromOpaque(context).takeUnretainedValue()
            let function = error.pointee.func_name.map { String(cString: $0) } ?? "?"
            let description = error.pointee.desc.map { String(cString: $0) } ?? ""
            var buffer = [CChar](repeating: 0, count: 256)
            var type = H5E_MINOR
            let length = H5Eget_msg(error.pointee.min_num, &type, &buffer, buffer.count)
            let minor = length > 0 ? String(cString: buffer) : ""
            box.lines.append("\(function): \(description)" + (minor.isEmpty ? "" : " (\(minor))"))
            return 0
        }
        let context = Unmanaged.passUnretained(box).toOpaque()
        H5Ewalk2(chdf5_H5E_DEFAULT(), H5E_WALK_DOWNWARD, callback, context)
        H5Eclear2(chdf5_H5E_DEFAULT())
        return box.lines
    }
}
