import CHDF5

/// The value of an attribute as read back.
public enum AttributeValue: Equatable, CustomStringConvertible {
    case string(String)
    case double(Double)
    case integer(Int64)
    case doubles([Double])
    case integers([Int64])

    public var description: String {
        switch self {
        case .string(let value): return value
        case .double(let value): return "\(value)"
        case .integer(let value): return "\(value)"
        case .doubles(let values): return "\(values)"
        case .integers(let values): return "\(values)"
        }
    }

    /// The value when it is a string.
    public var stringValue: String? { if case .string(let value) = self { return value } else { return nil } }
    /// The value when it is a single number.
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }
}

extension Object {
    /// Writes a fixed-length UTF-8 string attribute, replacing one of the same name.
    /// The corresponding C functions are `H5Tcopy`, `H5Tset_size`, `H5Tset_cset` and `H5Acreate2`.
    public func writeAttribute(_ value: String, named name: String) throws {
        let bytes = Array(value.utf8)
        let type = try location.check(H5Tcopy(chdf5_H5T_C_S1()), "H5Tcopy")
        defer { H5Tclose(type) }
        try location.check(H5Tset_size(type, max(1, bytes.count)), "H5Tset_size")
        try location.check(H5Tset_cset(type, H5T_CSET_UTF8), "H5Tset_cset")
        try location.check(H5Tset_strpad(type, H5T_STR_NULLPAD), "H5Tset_strpad")
        let padded = bytes.isEmpty ? [UInt8(0)] : bytes
        try writeAttribute(named: name, fileType: type, memoryType: type, shape: []) { write in
            try padded.withUnsafeBytes { try write($0.baseAddress!) }
        }
    }

    /// Writes a scalar numeric attribute, replacing one of the same name.
    public func writeAttribute<T: HDF5Element>(_ value: T, named name: String) throws {
        try writeAttribute(named: name, fileType: T.fileType, memoryType: T.memoryType, shape: []) { write in
            try withUnsafeBytes(of: value) { try write($0.baseAddress!) }
        }
    }

    /// Writes a one-dimensional numeric attribute, replacing one of the same name.
    public func writeAttribute<T: HDF5Element>(_ values: [T], named name: String) throws {
        try writeAttribute(named: name, fileType: T.fileType, memoryType: T.memoryType, shape: [values.count]) { write in
            try values.withUnsafeBytes { buffer in
                try write(buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
            }
        }
    }

    private func writeAttribute(named name: String, fileType: hid_t, memoryType: hid_t, shape: [Int],
                                body: ((UnsafeRawPointer) throws -> Void) throws -> Void) throws {
        let here = Location(file: location.file, object: location.object + "@" + name)
        if H5Aexists(id, name) > 0 {
            try here.check(H5Adelete(id, name), "H5Adelete")
        }
        let dims = shape.map { hsize_t($0) }
        let space = try here.check(shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, dims, nil),
                                   "H5Screate")
        defer { H5Sclose(space) }
        let attribute = try here.check(
            H5Acreate2(id, name, fileType, space, chdf5_H5P_DEFAULT(), chdf5_H5P_DEFAULT()), "H5Acreate2")
        defer { H5Aclose(attribute) }
        do {
            try body { pointer in try here.check(H5Awrite(attribute, memoryType, pointer), "H5Awrite") }
        } catch {
            H5Adelete(id, name)
            throw error
        }
    }

    /// The names of this object's attributes, in byte order.
    /// The corresponding C function is `H5Aiterate2`.
    public func attributeNames() throws -> [String] {
        final class Box { var names: [String] = [] }
        let box = Box()
        var index: hsize_t = 0
        let callback: H5A_operator2_t = { _, name, _, context in
            guard let name = name, let context = context else { return 0 }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().names.append(String(cString: name))
            return 0
        }
        try location.check(
            H5Aiterate2(id, H5_INDEX_NAME, H5_ITER_INC, &index, callback, Unmanaged.passUnretained(box).toOpaque()),
            "H5Aiterate2")
        return box.names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Whether an attribute of that name exists. The corresponding C function is `H5Aexists`.
    public func hasAttribute(named name: String) -> Bool { H5Aexists(id, name) > 0 }

    /// Reads an attribute. A missing attribute is an error naming the object and the attribute.
    /// The corresponding C functions are `H5Aopen_by_name` and `H5Aread`.
    public func readAttribute(named name: String) throws -> AttributeValue {
        let here = Location(file: location.file, object: location.object + "@" + name)
        guard hasAttribute(named: name) else { throw here.fail("H5Aopen_by_name", "no such attribute") }
        let attribute = try here.check(H5Aopen_by_name(id, ".", name, chdf5_H5P_DEFAULT(), chdf5_H5P_DEFAULT()),
                                       "H5Aopen_by_name")
        defer { H5Aclose(attribute) }
        let type = try here.check(H5Aget_type(attribute), "H5Aget_type")
        defer { H5Tclose(type) }
        let space = try here.check(H5Aget_space(attribute), "H5Aget_space")
        defer { H5Sclose(space) }
        let shape = try dimensions(of: space, at: here)
        let count = shape.reduce(1, *)
        switch H5Tget_class(type) {
        case H5T_STRING:
            return .string(try readStringAttribute(attribute, type: type, at: here))
        case H5T_FLOAT:
            var values = [Double](repeating: 0, count: count)
            try values.withUnsafeMutableBytes { buffer in
                try here.check(H5Aread(attribute, Double.memoryType, buffer.baseAddress!), "H5Aread")
            }
            return shape.isEmpty ? .double(values[0]) : .doubles(values)
        case H5T_INTEGER:
            var values = [Int64](repeating: 0, count: count)
            try values.withUnsafeMutableBytes { buffer in
                try here.check(H5Aread(attribute, Int64.memoryType, buffer.baseAddress!), "H5Aread")
            }
            return shape.isEmpty ? .integer(values[0]) : .integers(values)
        default:
            throw here.fail("H5Aread", "unsupported attribute type")
        }
    }

    /// Reads a string attribute; a missing or non-string attribute is an error naming it.
    public func readStringAttribute(named name: String) throws -> String {
        guard let value = try readAttribute(named: name).stringValue else {
            throw Location(file: location.file, object: location.object + "@" + name).fail("H5Aread", "not a string")
        }
        return value
    }

    private func readStringAttribute(_ attribute: hid_t, type: hid_t, at here: Location) throws -> String {
        if H5Tis_variable_str(type) > 0 {
            let memoryType = try here.check(H5Tcopy(chdf5_H5T_C_S1()), "H5Tcopy")
            defer { H5Tclose(memoryType) }
            H5Tset_size(memoryType, Int(bitPattern: UInt(bitPattern: -1)))  // H5T_VARIABLE
            H5Tset_cset(memoryType, H5Tget_cset(type))
            var pointer: UnsafeMutablePointer<CChar>? = nil
            try here.check(H5Aread(attribute, memoryType, &pointer), "H5Aread")
            defer { if let pointer { H5free_memory(pointer) } }
            return pointer.map { String(cString: $0) } ?? ""
        }
        let size = H5Tget_size(type)
        var buffer = [UInt8](repeating: 0, count: size + 1)
        try here.check(H5Aread(attribute, type, &buffer), "H5Aread")
        let end = buffer.firstIndex(of: 0) ?? size
        return String(decoding: buffer[..<end], as: UTF8.self)
    }
}
