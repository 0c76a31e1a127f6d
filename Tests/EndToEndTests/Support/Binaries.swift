import Foundation

/// Where the built `stipd` and `stipctl` are: `STIP_BIN_DIR` (set by `make test`), else next to the test bundle.
enum Binaries {
    static let directory: URL = {
        if let dir = ProcessInfo.processInfo.environment["STIP_BIN_DIR"], !dir.isEmpty {
            return URL(filePath: dir, directoryHint: .isDirectory)
        }
        var candidate = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: candidate.appending(path: "stipd").path) { return candidate }
            candidate = candidate.deletingLastPathComponent()
        }
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appending(path: ".build/debug", directoryHint: .isDirectory)
    }()

    static var stipd: URL { directory.appending(path: "stipd") }
    static var stipctl: URL { directory.appending(path: "stipctl") }
}
