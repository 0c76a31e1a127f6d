import Foundation
import StipJSON
public import Logging
public import Synchronization

/// The log format on stderr.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `2026-11-29T10:15:00Z info stipd: message key=value`
    case text
    /// One JSON object per line, for journald/Loki.
    case json
}

/// A log handler that writes text or JSON lines to stderr, with a level that a SIGHUP can change
/// for every logger at once.
public struct StipLogHandler: LogHandler {
    /// The level every handler follows unless one was set on it explicitly.
    public static let sharedLevel = Mutex<Logger.Level>(.info)
    private static let output = Mutex<Void>(())

    let label: String
    let format: LogFormat
    private var ownLevel: Logger.Level?
    public var metadata: Logger.Metadata = [:]

    /// Creates a handler for `label`.
    public init(label: String, format: LogFormat) {
        self.label = label
        self.format = format
    }

    /// Installs this handler for the process (once, at start-up).
    public static func bootstrap(format: LogFormat, level: Logger.Level) {
        sharedLevel.withLock { $0 = level }
        LoggingSystem.bootstrap { label in StipLogHandler(label: label, format: format) }
    }

    public var logLevel: Logger.Level {
        get { ownLevel ?? Self.sharedLevel.withLock { $0 } }
        set { ownLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let time = Date().formatted(.iso8601)
        let line: String
        switch format {
        case .text:
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoteIfNeeded("\($0.value)"))" }
            line = ([time, "\(event.level)", "\(label):", "\(event.message)"] + fields).joined(separator: " ")
        case .json:
            var object: [String: JSONValue] = [
                "time": .string(time), "level": .string("\(event.level)"), "label": .string(label), "message": .string("\(event.message)"),
            ]
            for (key, value) in merged where object[key] == nil { object[key] = .string("\(value)") }
            line = JSONValue.object(object).jsonText
        }
        Self.output.withLock { _ in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    static func quoteIfNeeded(_ value: String) -> String {
        value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline })
            ? "\"\(value.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n"))\"" : value
    }
}
