import CHDF5

/// A Swift scalar type that can be stored in an HDF5 dataset or attribute.
///
/// Values are written little-endian in the file (`H5T_IEEE_F64LE`, `H5T_STD_I32LE`, …) and read
/// back into the native memory type, so files are identical on every machine.
public protocol HDF5Element {
    /// The in-memory HDF5 type, e.g. `H5T_NATIVE_DOUBLE`.
    static var memoryType: hid_t { get }
    /// The on-disk HDF5 type, e.g. `H5T_IEEE_F64LE`.
    static var fileType: hid_t { get }
    /// The element type in words, used in error messages.
    static var elementTypeName: String { get }
    /// The neutral value used to size read buffers.
    static var zero: Self { get }
}

extension Double: HDF5Element {
    public static var memoryType: hid_t { chdf5_H5T_NATIVE_DOUBLE() }
    public static var fileType: hid_t { chdf5_H5T_IEEE_F64LE() }
    public static var elementTypeName: String { "float64" }
    public static var zero: Double { 0 }
}

extension Float: HDF5Element {
    public static var memoryType: hid_t { chdf5_H5T_NATIVE_FLOAT() }
    public static var fileType: hid_t { chdf5_H5T_IEEE_F32LE() }
    public static var elementTypeName: String { "float32" }
    public static var zero: Float { 0 }
}

extension Int32: HDF5Element {
    public static var memoryType: hid_t { chdf5_H5T_NATIVE_INT32() }
    public static var fileType: hid_t { chdf5_H5T_STD_I32LE() }
    public static var elementTypeName: String { "int32" }
    public static var zero: Int32 { 0 }
}

extension Int64: HDF5Element {
    public static var memoryType: hid_t { chdf5_H5T_NATIVE_INT64() }
    public static var fileType: hid_t { chdf5_H5T_STD_I64LE() }
    public static var elementTypeName: String { "int64" }
    public static var zero: Int64 { 0 }
}

extension UInt8: HDF5Element {
    public static var memoryType: hid_t { chdf5_H5T_NATIVE_UINT8() }
    public static var fileType: hid_t { chdf5_H5T_STD_U8LE() }
    public static var elementTypeName: String { "uint8" }
    public static var zero: UInt8 { 0 }
}
