/// One entry of a file's logical content, as `Group.walkContent` visits it.
public struct ContentRecord {
    /// What the entry is.
    public enum Kind: String { case group, dataset, attribute }
    /// Absolute object path; attributes are written `object@name`.
    public var path: String
    public var kind: Kind
    /// Element type in words (`float64`, `string`, …); empty for groups.
    public var typeName: String
    /// Dimensions; empty for groups and scalars.
    public var shape: [Int]
    /// The values' bytes in native little-endian layout (UTF-8 for strings); empty for groups.
    public var bytes: [UInt8]
}

extension Group {
    /// Visits this group, its attributes, and every member below it in byte order of names,
    /// depth first: a canonical order that does not depend on creation order or file layout.
    /// Attributes for which `skipAttribute` returns true are not visited.
    public func walkContent(skipAttribute: (String) -> Bool = { _ in false },
                            _ visit: (ContentRecord) throws -> Void) throws {
        try visit(ContentRecord(path: path, kind: .group, typeName: "", shape: [], bytes: []))
        try visitAttributes(of: self, skip: skipAttribute, visit)
        for name in try memberNames() {
            switch try kindOfMember(name) {
            case .group:
                let child = try openGroup(named: name)
                defer { try? child.close() }
                try child.walkContent(skipAttribute: skipAttribute, visit)
            case .dataset:
                let dataset = try openDataset(named: name)
                defer { try? dataset.close() }
                let typeName = try dataset.elementTypeName()
                try visit(ContentRecord(path: dataset.path, kind: .dataset, typeName: typeName,
                                        shape: try dataset.shape(), bytes: try dataset.readNativeBytes()))
                try visitAttributes(of: dataset, skip: skipAttribute, visit)
            case .other:
                try visit(ContentRecord(path: location.child(name).object, kind: .dataset, typeName: "other",
                                        shape: [], bytes: []))
            }
        }
    }
}

private func visitAttributes(of object: Object, skip: (String) -> Bool,
                             _ visit: (ContentRecord) throws -> Void) throws {
    for name in try object.attributeNames() where !skip(name) {
        let value = try object.readAttribute(named: name)
        let record: ContentRecord
        let path = object.path + "@" + name
        switch value {
        case .string(let text):
            record = ContentRecord(path: path, kind: .attribute, typeName: "string", shape: [], bytes: Array(text.utf8))
        case .double(let number):
            record = ContentRecord(path: path, kind: .attribute, typeName: "float64", shape: [], bytes: littleEndianBytes([number.bitPattern]))
        case .integer(let number):
            record = ContentRecord(path: path, kind: .attribute, typeName: "int64", shape: [], bytes: littleEndianBytes([UInt64(bitPattern: number)]))
        case .doubles(let numbers):
            record = ContentRecord(path: path, kind: .attribute, typeName: "float64", shape: [numbers.count], bytes: littleEndianBytes(numbers.map(\.bitPattern)))
        case .integers(let numbers):
            record = ContentRecord(path: path, kind: .attribute, typeName: "int64", shape: [numbers.count], bytes: littleEndianBytes(numbers.map { UInt64(bitPattern: $0) }))
        }
        try visit(record)
    }
}

private func littleEndianBytes(_ words: [UInt64]) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(words.count * 8)
    for word in words {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
    return bytes
}
