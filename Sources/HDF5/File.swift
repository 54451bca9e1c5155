import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// An open HDF5 file. Its root group is `root`.
///
/// Files this type creates have object time tracking off on the file-creation property list
/// (which covers the root group) and on every group and dataset it creates, so the same content
/// written twice gives byte-identical files.
public final class File {
    /// Access mode of an opened file.
    public enum Mode {
        case readOnly, readWrite
    }

    /// The path the file was opened or created at.
    public let path: String
    /// The raw HDF5 file identifier.
    public let id: hid_t
    /// The root group `/`, open for as long as the file is.
    public let root: Group
    private var isOpen = true

    private init(path: String, id: hid_t) throws {
        self.path = path
        self.id = id
        let location = Location(file: path, object: "/")
        let rootID = H5Gopen2(id, "/", chdf5_H5P_DEFAULT())
        if rootID < 0 {
            H5Fclose(id)
            try location.check(rootID, "H5Gopen2", "cannot open the root group")
        }
        self.root = Group(id: rootID, location: location)
    }

    /// Creates (or truncates) the file at `path`.
    /// The corresponding C function is `H5Fcreate`.
    public static func create(atPath path: String) throws -> File {
        HDF5Library.ensureInitialised()
        let location = Location(file: path, object: "/")
        let creation = try untimedPropertyList(chdf5_H5P_FILE_CREATE(), at: location)
        defer { H5Pclose(creation) }
        let id = try location.check(
            H5Fcreate(path, chdf5_H5F_ACC_TRUNC(), creation, chdf5_H5P_DEFAULT()), "H5Fcreate",
            "cannot create the file")
        return try File(path: path, id: id)
    }

    /// Opens an existing file. A missing, truncated or corrupt file is an `HDF5Error` naming it.
    /// The corresponding C function is `H5Fopen`.
    public static func open(atPath path: String, mode: Mode = .readOnly) throws -> File {
        HDF5Library.ensureInitialised()
        let location = Location(file: path, object: "/")
        guard access(path, F_OK) == 0 else {
            throw location.fail("H5Fopen", "no such file")
        }
        guard H5Fis_hdf5(path) > 0 else {
            HDF5Library.currentErrorStackDiscarded()
            throw location.fail("H5Fopen", "not an HDF5 file, or truncated or corrupt")
        }
        let flags: UInt32 = mode == .readOnly ? chdf5_H5F_ACC_RDONLY() : chdf5_H5F_ACC_RDWR()
        let id = try location.check(H5Fopen(path, flags, chdf5_H5P_DEFAULT()), "H5Fopen",
                                    "cannot open the file (truncated or corrupt?)")
        return try File(path: path, id: id)
    }

    /// Writes buffered data to disk. The corresponding C function is `H5Fflush`.
    public func flush() throws {
        try root.location.check(H5Fflush(id, H5F_SCOPE_GLOBAL), "H5Fflush")
    }

    /// Closes the root group and the file, flushing everything.
    /// The corresponding C function is `H5Fclose`.
    public func close() throws {
        guard isOpen else { return }
        isOpen = false
        try root.close()
        try root.location.check(H5Fclose(id), "H5Fclose")
    }

    deinit {
        if isOpen {
            try? root.close()
            H5Fclose(id)
        }
    }
}

extension HDF5Library {
    /// Clears HDF5's error stack after an expected failure (such as probing a non-HDF5 file).
    static func currentErrorStackDiscarded() { H5Eclear2(chdf5_H5E_DEFAULT()) }
}
