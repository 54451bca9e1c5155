import Foundation

/// The tar format (POSIX ustar, with pax `path` records for long names), as much as the pipeline's
/// archives need: writing them deterministically (fixed mtime, owner 0, mode 0644, sorted by the
/// caller), and reading an archive from a stranger without trusting it: only regular files and
/// folders are accepted, with relative paths free of `..`; links, devices and anything else are
/// refused by name, before anything is written anywhere.
enum Tar {
    /// One member of an archive: a regular file unless `type` says otherwise (tar's type flag;
    /// written only by tests that build hostile archives).
    struct Member {
        var path: String
        var data: Data
        var type: UInt8 = UInt8(ascii: "0")
    }

    private static let block = 512

    // MARK: - Writing

    /// The tar bytes of these files, in the order given.
    static func write(_ files: [Member]) -> Data {
        var out = Data()
        for file in files {
            if file.path.utf8.count > 100 {
                let record = paxRecord("path", file.path)
                appendHeader(to: &out, name: "PaxHeaders/" + String(file.path.suffix(80)),
                             size: record.count, type: UInt8(ascii: "x"))
                appendPadded(to: &out, Data(record.utf8))
            }
            appendHeader(to: &out, name: String(file.path.suffix(100)), size: file.data.count, type: file.type)
            appendPadded(to: &out, file.data)
        }
        out.append(Data(count: 2 * block))
        return out
    }

    /// A pax extended-header record `"<len> key=value\n"`, whose length counts itself.
    private static func paxRecord(_ key: String, _ value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while "\(length)".utf8.count + body.utf8.count != length { length += 1 }
        return "\(length)\(body)"
    }

    private static func appendHeader(to out: inout Data, name: String, size: Int, type: UInt8) {
        var header = [UInt8](repeating: 0, count: block)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        put(name, at: 0, width: 100)
        put(octal(0o644, width: 8), at: 100, width: 7)
        put(octal(0, width: 8), at: 108, width: 7)
        put(octal(0, width: 8), at: 116, width: 7)
        put(octal(size, width: 12), at: 124, width: 11)
        put(octal(0, width: 12), at: 136, width: 11)
        header[156] = type
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        for index in 148..<156 { header[index] = UInt8(ascii: " ") }
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7), at: 148, width: 6)
        header[154] = 0
        header[155] = UInt8(ascii: " ")
        out.append(contentsOf: header)
    }

    private static func appendPadded(to out: inout Data, _ data: Data) {
        out.append(data)
        let remainder = data.count % block
        if remainder != 0 { out.append(Data(count: block - remainder)) }
    }

    // MARK: - Reading

    /// The regular files of tar bytes; `source` names the archive in errors. Refuses corrupt
    /// headers, truncation, links, devices, FIFOs, absolute paths and `..` components.
    static func read(_ data: Data, source: String) throws -> [Member] {
        let bytes = [UInt8](data)
        var members: [Member] = []
        var offset = 0
        var pendingPath: String?
        while offset + block <= bytes.count {
            let header = Array(bytes[offset ..< offset + block])
            if header.allSatisfy({ $0 == 0 }) { return members }
            guard let stored = octalValue(header[148..<156]),
                  stored == header.enumerated().reduce(0, { $0 + Int(($1.offset >= 148 && $1.offset < 156) ? 32 : $1.element) }) else {
                throw PipelineFailure(message: "\(source): corrupt tar header at byte \(offset)")
            }
            guard let size = octalValue(header[124..<136]) else { throw PipelineFailure(message: "\(source): corrupt size field at byte \(offset)") }
            let start = offset + block
            guard start + size <= bytes.count else { throw PipelineFailure(message: "\(source): truncated (a member runs past the end)") }
            let content = Data(bytes[start ..< start + size])
            offset = start + (size + block - 1) / block * block
            let type = header[156]
            let name = text(header[0..<100]), prefix = text(header[345..<500])
            var path = pendingPath ?? (prefix.isEmpty ? name : prefix + "/" + name)
            while path.hasPrefix("./") { path.removeFirst(2) }
            switch type {
            case UInt8(ascii: "x"):
                pendingPath = paxPath(content) ?? pendingPath
                continue
            case UInt8(ascii: "g"):
                continue
            case UInt8(ascii: "L"):
                pendingPath = String(decoding: content.prefix { $0 != 0 }, as: UTF8.self)
                continue
            case UInt8(ascii: "0"), 0:
                pendingPath = nil
                try checkPath(path, source: source)
                members.append(Member(path: path, data: content))
            case UInt8(ascii: "5"):
                pendingPath = nil
                if path != "." && !path.isEmpty { try checkPath(path, source: source) }
            default:
                let kinds: [UInt8: String] = [UInt8(ascii: "1"): "a hard link", UInt8(ascii: "2"): "a symbolic link",
                                              UInt8(ascii: "3"): "a character device", UInt8(ascii: "4"): "a block device",
                                              UInt8(ascii: "6"): "a FIFO"]
                throw PipelineFailure(message: "\(source): member \(path) is \(kinds[type] ?? "of tar type '\(Character(Unicode.Scalar(type)))'"); only regular files are accepted")
            }
        }
        throw PipelineFailure(message: "\(source): truncated (no end-of-archive marker)")
    }

    /// Refuses absolute paths, `..` and empty components.
    static func checkPath(_ path: String, source: String) throws {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        let trimmed = path.hasSuffix("/") ? components.dropLast() : components[...]
        if path.hasPrefix("/") || trimmed.contains(where: { $0 == ".." || $0.isEmpty }) {
            throw PipelineFailure(message: "\(source): member \(path) has an absolute path or a '..' component; refused")
        }
    }

    private static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func octalValue(_ field: ArraySlice<UInt8>) -> Int? {
        let digits = field.filter { $0 != 0 && $0 != UInt8(ascii: " ") }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }) else { return nil }
        return Int(String(decoding: digits, as: UTF8.self), radix: 8)
    }

    /// The `path` record of a pax extended header.
    private static func paxPath(_ content: Data) -> String? {
        let text = String(decoding: content, as: UTF8.self)
        for record in text.split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let pair = record[record.index(after: space)...]
            if pair.hasPrefix("path=") { return String(pair.dropFirst(5)) }
        }
        return nil
    }
}
