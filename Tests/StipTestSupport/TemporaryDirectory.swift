public import Foundation

/// A private directory under the system's temporary directory, removed when the value goes away.
public final class TemporaryDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Creates an empty directory whose name starts with `prefix`.
    public init(_ prefix: String = "stip-test") throws {
        url = URL(filePath: NSTemporaryDirectory()).appending(
            path: "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// `name` inside the directory.
    public func file(_ name: String) -> URL {
        url.appending(path: name)
    }

    /// Writes `text` to `name` (creating folders on the way) and returns where.
    @discardableResult
    public func write(_ text: String, to name: String) throws -> URL {
        let file = file(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
