import Foundation
import StipStorage

/// A private directory removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = URL(filePath: NSTemporaryDirectory()).appending(
            path: "stip-storage-\(UUID().uuidString.prefix(8))", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var dataDirectory: DataDirectory { DataDirectory(root: url.appending(path: "data", directoryHint: .isDirectory)) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
