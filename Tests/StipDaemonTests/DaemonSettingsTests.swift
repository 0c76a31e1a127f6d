import Foundation
import Logging
import StipDaemon
import Testing

@Suite("daemon configuration")
struct DaemonSettingsTests {
    func write(_ text: String) throws -> URL {
        let dir = URL(filePath: NSTemporaryDirectory()).appending(
            path: "stip-config-\(UUID().uuidString.prefix(8))/etc", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appending(path: "stipd.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("without a file the embedded defaults apply")
    func defaults() throws {
        let settings = try DaemonSettings.load(file: nil)
        #expect(settings.dataDirectory.path == "/var/lib/stip")
        #expect(settings.socketPath == "/run/stip/stipd.sock")
        #expect(settings.socketMode == 0o660)
        #expect(settings.listen.description == "127.0.0.1:8080")
        #expect(settings.maxOpenWorkspaces == 64)
        #expect(settings.logLevel == .info)
        #expect(!settings.demoEnabled)
    }

    @Test("relative paths resolve against the config file's directory; overrides win")
    func relativePathsAndOverrides() throws {
        let file = try write("data_dir: ../var/data\nadmin:\n  socket: ../var/run/stipd.sock\nplugins:\n  directories: [plugins]\n")
        let base = file.deletingLastPathComponent().deletingLastPathComponent()
        let settings = try DaemonSettings.load(file: file)
        #expect(settings.dataDirectory.standardizedFileURL.path == base.appending(path: "var/data").standardizedFileURL.path)
        #expect(settings.socketPath == base.appending(path: "var/run/stipd.sock").standardizedFileURL.path)
        #expect(settings.pluginDirectories.map(\.lastPathComponent) == ["plugins"])

        let overridden = try DaemonSettings.load(
            file: file,
            overrides: CommandLineOverrides(dataDir: "/srv/stip", socket: "/tmp/s.sock", listen: "[::1]:9090", logLevel: "debug"))
        #expect(overridden.dataDirectory.path.hasPrefix("/srv/stip"))
        #expect(overridden.socketPath == "/tmp/s.sock")
        #expect(overridden.listen.description == "[::1]:9090")
        #expect(overridden.logLevel == .debug)
    }

    @Test("errors name file, line, column and key path; all of them at once")
    func errorsWithPositions() throws {
        let file = try write(
            """
            data_dir: /tmp/x
            admin:
              socket_mode: "0666"
            public:
              listen: localhost
            workspaces:
              max_open: many
            """)
        do {
            _ = try DaemonSettings.load(file: file)
            Issue.record("accepted a broken file")
        } catch {
            let text = error.description
            #expect(text.contains("stipd.yaml:7:13"), "\(text)")
            #expect(text.contains("workspaces.max_open"), "\(text)")
        }
        let second = try write("admin:\n  socket_mode: \"0666\"\npublic:\n  listen: localhost\nlog:\n  formt: json\n")
        do {
            _ = try DaemonSettings.load(file: second)
            Issue.record("accepted a broken file")
        } catch {
            let text = error.description
            #expect(text.contains("stipd.yaml:2:16") && text.contains("every local user"), "\(text)")
            #expect(text.contains("stipd.yaml:4:11") && text.contains("HOST:PORT"), "\(text)")
            #expect(text.contains("stipd.yaml:6:3") && text.contains("format"), "\(text)")
        }
    }

    @Test("bad overrides are named by their flag")
    func badOverrides() throws {
        do {
            _ = try DaemonSettings.load(file: nil, overrides: CommandLineOverrides(listen: "8080", logLevel: "loud"))
            Issue.record("accepted bad overrides")
        } catch {
            #expect(error.lines.contains { $0.hasPrefix("--listen:") })
            #expect(error.lines.contains { $0.hasPrefix("--log-level:") })
        }
    }

    @Test("a socket path longer than sun_path allows is refused")
    func longSocketPath() throws {
        let long = "/tmp/" + String(repeating: "s", count: 120) + ".sock"
        #expect(throws: ConfigurationError.self) { try DaemonSettings.load(file: nil, overrides: CommandLineOverrides(socket: long)) }
    }

    /// Found by `make drills` (fuzzing the config reader): the too-long socket path named no file or line.
    @Test("a too-long socket path in the file is named with file, line and column; a relative one with the file")
    func longSocketPathInTheFile() throws {
        let absolute = try write("admin:\n  socket: /run/\(String(repeating: "s", count: 120)).sock\n")
        do {
            _ = try DaemonSettings.load(file: absolute)
            Issue.record("a 130-byte socket path was accepted")
        } catch {
            #expect(error.lines.count == 1 && error.lines[0].hasPrefix("\(absolute.path):2:11: admin.socket:"), "\(error.lines)")
        }
        let relative = try write("admin:\n  socket: \(String(repeating: "r", count: 120)).sock\n")
        do {
            _ = try DaemonSettings.load(file: relative)
            Issue.record("a socket path resolved to over 107 bytes was accepted")
        } catch {
            #expect(error.lines.count == 1 && error.lines[0].hasPrefix("\(relative.path): admin.socket: the path"), "\(error.lines)")
        }
    }

    @Test("the shipped example configs are valid")
    func shippedConfigs() throws {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let production = try DaemonSettings.load(file: root.appending(path: "etc/stipd.yaml"))
        #expect(production.socketPath == "/run/stip/stipd.sock")
        let development = try DaemonSettings.load(file: root.appending(path: "etc/stipd.dev.yaml"))
        #expect(development.demoEnabled)
        #expect(development.dataDirectory.path.hasSuffix("var/data"))
    }
}
