import Foundation

/// A minimal POSIX ustar writer and reader for workspace archives: regular files only,
/// streamed in chunks so a large database never sits in memory.
enum TarArchive {
    static let blockSize = 512
    /// ustar stores sizes as 11 octal digits.
    static let maxFileSize: UInt64 = 0o77777777777

    struct Member {
        var name: String
        var size: UInt64
    }

    // MARK: - Writing

    /// Writes `files` (archive name → source file) into a new tar file at `destination`.
    static func write(_ files: [(name: String, source: URL)], to destination: URL, modified: Date) throws {
        _ = FileManager.default.createFile(atPath: destination.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let out = try FileHandle(forWritingTo: destination)
        defer { try? out.close() }
        for file in files {
            let size = try (FileManager.default.attributesOfItem(atPath: file.source.path)[.size] as? NSNumber)?.uint64Value ?? 0
            guard size <= maxFileSize else { throw ArchiveFormatError("\(file.name) is larger than the tar format allows") }
            try out.write(contentsOf: header(name: file.name, size: size, modified: modified))
            let input = try FileHandle(forReadingFrom: file.source)
            defer { try? input.close() }
            var written: UInt64 = 0
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                try out.write(contentsOf: chunk)
                written += UInt64(chunk.count)
            }
            guard written == size else { throw ArchiveFormatError("\(file.name) changed size while being archived") }
            let padding = (blockSize - Int(size % UInt64(blockSize))) % blockSize
            if padding > 0 { try out.write(contentsOf: Data(count: padding)) }
        }
        try out.write(contentsOf: Data(count: blockSize * 2))
        try out.synchronize()
    }

    static func header(name: String, size: UInt64, modified: Date) throws -> Data {
        var block = [UInt8](repeating: 0, count: blockSize)
        let nameBytes = Array(name.utf8)
        guard nameBytes.count < 100 else { throw ArchiveFormatError("archive member name too long: \(name)") }
        func put(_ bytes: [UInt8], at offset: Int) {
            for (i, b) in bytes.enumerated() { block[offset + i] = b }
        }
        func octal(_ value: UInt64, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(nameBytes, at: 0)
        put(octal(0o600, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(UInt64(max(0, modified.timeIntervalSince1970)), width: 12), at: 136)
        put(Array("        ".utf8), at: 148)
        block[156] = UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        put(Array("stip".utf8), at: 265)
        put(Array("stip".utf8), at: 297)
        let checksum = block.reduce(0) { $0 + UInt64($1) }
        put(Array(String(format: "%06o", checksum).utf8) + [0, UInt8(ascii: " ")], at: 148)
        return Data(block)
    }

    // MARK: - Reading

    /// Extracts the regular files named in `wanted` from the tar at `source` into `directory`.
    /// Other members are skipped; links, devices and path tricks are refused.
    /// - Returns: the extracted members by name.
    static func extract(from source: URL, wanted: Set<String>, into directory: URL, maxMemberSize: UInt64) throws -> [String: URL] {
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        var extracted: [String: URL] = [:]
        while true {
            guard let block = try input.read(upToCount: blockSize), block.count == blockSize else {
                throw ArchiveFormatError("the archive ends in the middle of a header; is it complete?")
            }
            if block.allSatisfy({ $0 == 0 }) { break }
            let bytes = [UInt8](block)
            try verifyChecksum(bytes)
            let name = try memberName(bytes)
            let size = try parseOctal(bytes[124..<136], field: "size")
            let type = bytes[156]
            let paddedSize = (size + UInt64(blockSize - 1)) / UInt64(blockSize) * UInt64(blockSize)
            let isRegular = type == UInt8(ascii: "0") || type == 0
            let isMetadata = type == UInt8(ascii: "x") || type == UInt8(ascii: "g")  // pax headers: skip
            guard isRegular || isMetadata else {
                throw ArchiveFormatError(
                    "the archive holds \(name), which is not a regular file; workspace archives hold regular files only")
            }
            if isRegular, wanted.contains(name) {
                guard extracted[name] == nil else { throw ArchiveFormatError("the archive holds \(name) twice") }
                guard size <= maxMemberSize else { throw ArchiveFormatError("\(name) in the archive is larger than allowed") }
                let target = directory.appending(path: name)
                _ = FileManager.default.createFile(atPath: target.path, contents: nil, attributes: [.posixPermissions: 0o600])
                let out = try FileHandle(forWritingTo: target)
                defer { try? out.close() }
                var remaining = size
                while remaining > 0 {
                    let chunk = try input.read(upToCount: Int(min(remaining, 1 << 20))) ?? Data()
                    guard !chunk.isEmpty else { throw ArchiveFormatError("the archive ends in the middle of \(name); is it complete?") }
                    try out.write(contentsOf: chunk)
                    remaining -= UInt64(chunk.count)
                }
                try input.seek(toOffset: try input.offset() + (paddedSize - size))
                extracted[name] = target
            } else {
                try input.seek(toOffset: try input.offset() + paddedSize)
            }
        }
        return extracted
    }

    private static func verifyChecksum(_ bytes: [UInt8]) throws {
        var copy = bytes
        for i in 148..<156 { copy[i] = UInt8(ascii: " ") }
        let expected = copy.reduce(0) { $0 + UInt64($1) }
        let stored = try parseOctal(bytes[148..<156], field: "checksum")
        guard stored == expected else { throw ArchiveFormatError("a header's checksum is wrong; the archive is damaged or not a tar file") }
    }

    private static func memberName(_ bytes: [UInt8]) throws -> String {
        func text(_ slice: ArraySlice<UInt8>) -> String {
            String(decoding: slice.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let prefix = text(bytes[345..<500])
        var name = text(bytes[0..<100])
        if !prefix.isEmpty { name = prefix + "/" + name }
        if name.hasPrefix("./") { name.removeFirst(2) }
        return name
    }

    private static func parseOctal(_ slice: ArraySlice<UInt8>, field: String) throws -> UInt64 {
        let digits = slice.filter { $0 != 0 && $0 != UInt8(ascii: " ") }
        guard let value = UInt64(String(decoding: digits, as: UTF8.self), radix: 8) else {
            throw ArchiveFormatError("a header's \(field) field is not a number; the archive is damaged or not a tar file")
        }
        return value
    }
}

/// The archive is not a well-formed workspace archive.
struct ArchiveFormatError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
