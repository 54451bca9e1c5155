import CHDF5

/// An open HDF5 group or dataset: an owned `hid_t` with an explicit `close()`.
///
/// `deinit` closes the id as a safety net; call `close()` where the error matters, because
/// `deinit` cannot throw (HDF5.jl closes early for the same reason).
public class Object {
    /// The raw HDF5 identifier, for calls this wrapper does not cover.
    public let id: hid_t
    let location: Location
    private(set) var isOpen = true

    /// The file this object lives in.
    public var filePath: String { location.file }
    /// The object's absolute path inside the file.
    public var path: String { location.object }

    init(id: hid_t, location: Location) {
        self.id = id
        self.location = location
    }

    /// Closes the object. The corresponding C function is `H5Oclose`.
    public func close() throws {
        guard isOpen else { return }
        isOpen = false
        try location.check(H5Oclose(id), "H5Oclose")
    }

    deinit {
        if isOpen { H5Oclose(id) }
    }
}

/// Makes a property list of the given class with object time tracking off, so that identical
/// content gives byte-identical files. The corresponding C functions are `H5Pcreate` and
/// `H5Pset_obj_track_times`.
func untimedPropertyList(_ propertyClass: hid_t, at location: Location) throws -> hid_t {
    let list = try location.check(H5Pcreate(propertyClass), "H5Pcreate")
    do {
        try location.check(H5Pset_obj_track_times(list, false), "H5Pset_obj_track_times")
    } catch {
        H5Pclose(list)
        throw error
    }
    return list
}
