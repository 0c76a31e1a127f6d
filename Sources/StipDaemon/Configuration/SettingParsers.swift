import Logging

/// Parsers for the values of the configuration, shared by file validation and command-line overrides.
enum SettingParsers {
    /// `"0660"` → 0o660. Accepts 3 or 4 octal digits up to 0777.
    static func socketMode(_ text: String) -> Result<UInt16, SettingProblem> {
        let digits = text.hasPrefix("0o") ? String(text.dropFirst(2)) : text
        guard (3...4).contains(digits.count), let value = UInt16(digits, radix: 8), value <= 0o777 else {
            return .failure(SettingProblem("\"\(text)\" is not an octal file mode; write it quoted, e.g. \"0660\""))
        }
        if value & 0o002 != 0 {
            return .failure(SettingProblem("\"\(text)\" would let every local user write to the admin socket; use \"0660\" and a group"))
        }
        return .success(value)
    }

    /// `HOST:PORT` (IPv6 as `[::1]:8080`).
    static func listenAddress(_ text: String) -> Result<ListenAddress, SettingProblem> {
        let problem = SettingProblem("\"\(text)\" is not HOST:PORT; write e.g. 127.0.0.1:8080 or [::1]:8080 (port 0 picks a free one)")
        guard let colon = text.lastIndex(of: ":") else { return .failure(problem) }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else { return .failure(problem) }
        return .success(ListenAddress(host: host, port: port))
    }

    /// Empty (no listener) or a loopback `HOST:PORT`: the metrics name workspaces and plugins, and have no login.
    static func metricsListen(_ text: String) -> Result<ListenAddress?, SettingProblem> {
        if text.isEmpty { return .success(nil) }
        switch listenAddress(text) {
        case .failure(let problem): return .failure(problem)
        case .success(let address):
            guard address.host == "localhost" || address.host == "::1" || address.host.hasPrefix("127.") else {
                return .failure(
                    SettingProblem(
                        "\"\(text)\" is not a loopback address; the metrics have no login, so they listen on 127.0.0.1 or [::1] only — let Prometheus scrape through a proxy or tunnel, or leave it empty and read GET /metrics on the admin socket"
                    ))
            }
            return .success(address)
        }
    }

    static func logLevel(_ text: String) -> Result<Logger.Level, SettingProblem> {
        guard let level = Logger.Level(rawValue: text) else {
            let names = Logger.Level.allCases.map(\.rawValue).joined(separator: "|")
            return .failure(SettingProblem("\"\(text)\" is not a log level; use one of \(names)"))
        }
        return .success(level)
    }

    static func logFormat(_ text: String) -> Result<LogFormat, SettingProblem> {
        guard let format = LogFormat(rawValue: text) else {
            return .failure(SettingProblem("\"\(text)\" is not a log format; use text or json"))
        }
        return .success(format)
    }

    static func atLeast(_ minimum: Int, _ value: Int) -> Result<Int, SettingProblem> {
        value >= minimum ? .success(value) : .failure(SettingProblem("must be at least \(minimum), found \(value)"))
    }

    static func nonEmptyPath(_ text: String) -> Result<String, SettingProblem> {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? .failure(SettingProblem("must not be empty; give a path")) : .success(text)
    }
}

/// A value in the configuration that cannot be used, with what to write instead.
struct SettingProblem: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Where the resident pages listen.
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

import Foundation
