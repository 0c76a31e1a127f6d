import Foundation

/// Writes one line to stderr, which the host forwards to its log. Log ids and counts only,
/// never what residents wrote (protocol §2, privacy).
public func pluginLog(_ plugin: String, _ message: String) {
    FileHandle.standardError.write(Data("\(plugin): \(message)\n".utf8))
}
