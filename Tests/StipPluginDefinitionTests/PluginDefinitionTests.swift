import Foundation
import StipPluginDefinition
import StipPluginProtocol
import StipTestSupport
import Testing

/// A plugin directory in a temporary directory: an executable script and the `plugin.yaml` a test writes.
struct PluginFolder {
    let temp: TemporaryDirectory
    let executable: URL

    init(executableMode: Int = 0o755) throws {
        temp = try TemporaryDirectory("stip-plugin-definition")
        executable = try temp.write("#!/bin/sh\nexit 0\n", to: "bin/method")
        try FileManager.default.setAttributes([.posixPermissions: executableMode], ofItemAtPath: executable.path)
    }

    /// Writes `plugin.yaml` and loads it.
    func load(_ yaml: String) throws -> PluginDefinition {
        try PluginDefinition.load(try temp.write(yaml, to: "plugin.yaml"))
    }

    /// The problems `load` reports for `yaml`, each without the file's directory.
    func problems(_ yaml: String) -> [String] {
        do {
            let definition = try load(yaml)
            Issue.record("plugin.yaml was accepted: \(definition)")
        } catch let error as PluginDefinitionError {
            return error.problems.map { $0.replacingOccurrences(of: temp.url.path + "/", with: "") }
        } catch {
            Issue.record("plugin.yaml could not be written: \(error)")
        }
        return []
    }
}

@Suite("plugin.yaml: read, checked, and the environment a plugin starts with")
struct PluginDefinitionTests {
    @Test("a complete plugin.yaml is read: the executable found relative to it, timeouts in milliseconds")
    func completeFile() throws {
        let folder = try PluginFolder()
        let definition = try folder.load(
            """
            # a method plugin
            id: suggestion-box
            version: 1.4.2-beta
            protocol: "1.1"
            executable: bin/method
            args: ["--verbose", "--lang", "nl"]
            env:
              LANG: nl_NL.UTF-8
              METHOD_DATA: /var/lib/method
            start: eager
            instances: 3
            max_concurrent_requests: 12
            timeouts:
              initialize_ms: 2500
              request_ms: 1500
              evaluate_ms: 90000
              shutdown_grace_ms: 750
              ping_interval_ms: 20000
            """)
        #expect(definition.id == "suggestion-box")
        #expect(definition.version == "1.4.2-beta")
        #expect(definition.protocolVersion == "1.1")
        #expect(definition.executable.standardizedFileURL.path == folder.executable.standardizedFileURL.path)
        #expect(definition.directory.standardizedFileURL.path == folder.temp.url.standardizedFileURL.path)
        #expect(definition.arguments == ["--verbose", "--lang", "nl"])
        #expect(definition.environment == ["LANG": "nl_NL.UTF-8", "METHOD_DATA": "/var/lib/method"])
        #expect(definition.eagerStart)
        #expect(definition.instances == 3)
        #expect(definition.maxConcurrentRequests == 12)
        #expect(definition.timeouts.initialize == .milliseconds(2500))
        #expect(definition.timeouts.request == .milliseconds(1500))
        #expect(definition.timeouts.evaluate == .seconds(90))
        #expect(definition.timeouts.shutdownGrace == .milliseconds(750))
        #expect(definition.timeouts.pingInterval == .seconds(20))
    }

    @Test("what a minimal plugin.yaml leaves out gets the documented defaults")
    func defaults() throws {
        let folder = try PluginFolder()
        let definition = try folder.load("id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: \(folder.executable.path)\n")
        #expect(definition.executable.path == folder.executable.path, "an absolute executable is taken as it is")
        #expect(definition.arguments.isEmpty && definition.environment.isEmpty)
        #expect(!definition.eagerStart)
        #expect(definition.instances == 1)
        #expect(definition.maxConcurrentRequests == 64)
        #expect(definition.timeouts == PluginDefinition.Timeouts())
        #expect(definition.timeouts.request == .seconds(10) && definition.timeouts.evaluate == .seconds(60))
    }

    @Test("a missing required key is reported with its file, line and column")
    func missingKey() throws {
        let folder = try PluginFolder()
        let problems = folder.problems("id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\n")
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix("plugin.yaml:1:1: ") == true, "\(problems)")
        #expect(problems.first?.contains("the required key \"executable\" is missing") == true, "\(problems)")
    }

    @Test("a misspelt key is reported where it stands, with the key it was probably meant to be")
    func misspeltKey() throws {
        let folder = try PluginFolder()
        let problems = folder.problems("id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexectuable: bin/method\n")
        let unknown = problems.first { $0.contains("unknown key \"exectuable\"") }
        #expect(unknown?.hasPrefix("plugin.yaml:4:1: exectuable: ") == true, "\(problems)")
        #expect(unknown?.contains("did you mean \"executable\"?") == true, "\(problems)")
        // The key it should have been is then missing as well: both are said at once.
        #expect(problems.contains { $0.contains("\"executable\" is missing") }, "\(problems)")
    }

    @Test("every value that is not allowed is reported at once, each at its own line and column")
    func invalidValues() throws {
        let folder = try PluginFolder()
        let problems = folder.problems(
            """
            id: Suggestion Box
            version: "1.2"
            protocol: "2.0"
            executable: bin/method
            instances: 9
            max_concurrent_requests: 0
            timeouts:
              request_ms: 50
            """)
        let expected = [
            "plugin.yaml:1:5: id: ", "plugin.yaml:2:10: version: ", "plugin.yaml:3:11: protocol: ",
            "plugin.yaml:5:12: instances: must be from 1 to 8", "plugin.yaml:6:26: max_concurrent_requests: must be from 1 to 1024",
            "plugin.yaml:8:15: timeouts.request_ms: must be from 100 to 3600000 milliseconds",
        ]
        for prefix in expected {
            #expect(problems.contains { $0.hasPrefix(prefix) }, "no problem starting with \(prefix): \(problems)")
        }
        #expect(problems.contains { $0.contains("needs a newer stipd") }, "a protocol of another major is refused: \(problems)")
    }

    @Test("an empty version is refused like any other that is not a semantic version", arguments: ["\"\"", "\"-\"", "\"-rc.1\""])
    func emptyVersion(_ version: String) throws {
        let folder = try PluginFolder()
        let problems = folder.problems("id: poll\nversion: \(version)\nprotocol: \"1.0\"\nexecutable: bin/method\n")
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix("plugin.yaml:2:10: version: ") == true, "\(problems)")
        #expect(problems.first?.contains("is not a semantic version such as 1.2.0") == true, "\(problems)")
    }

    @Test("a start mode other than lazy or eager is refused where it is written")
    func unknownStartMode() throws {
        let folder = try PluginFolder()
        let problems = folder.problems("id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: bin/method\nstart: sometimes\n")
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.hasPrefix("plugin.yaml:5:8: start: ") == true, "\(problems)")
        #expect(problems.first?.contains("eager") == true, "the allowed values are named: \(problems)")
    }

    @Test("plugin.yaml may not set STIP_ variables: the host's own cannot be overridden")
    func stipVariablesRefused() throws {
        let folder = try PluginFolder()
        let problems = folder.problems(
            """
            id: poll
            version: 1.0.0
            protocol: "1.0"
            executable: bin/method
            env:
              STIP_PLUGIN_COOKIE: forged
              STIP_PROTOCOL_VERSIONS: "9.9"
              PATH: /opt/method/bin
            """)
        #expect(problems.count == 2, "\(problems)")
        #expect(
            problems.contains { $0.hasPrefix("plugin.yaml:6:") && $0.contains("STIP_* variables are set by the host") },
            "\(problems)")
        #expect(problems.contains { $0.hasPrefix("plugin.yaml:7:") }, "\(problems)")
    }

    @Test("an executable that is missing or not executable is refused with what to do")
    func executableChecked() throws {
        let folder = try PluginFolder(executableMode: 0o644)
        let notExecutable = folder.problems("id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: bin/method\n")
        #expect(notExecutable.count == 1)
        #expect(notExecutable.first?.contains("bin/method does not exist or is not executable") == true, "\(notExecutable)")
        #expect(notExecutable.first?.contains("build it or fix `executable`") == true)

        let missing = folder.problems("id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: bin/nothing-here\n")
        #expect(missing.first?.contains("bin/nothing-here does not exist or is not executable") == true, "\(missing)")
    }

    @Test("a plugin.yaml that cannot be read says so")
    func unreadableFile() throws {
        let temp = try TemporaryDirectory("stip-plugin-definition")
        #expect {
            try PluginDefinition.load(temp.file("plugin.yaml"))
        } throws: { error in
            (error as? PluginDefinitionError)?.problems.first?.hasPrefix("cannot read") == true
        }
    }

    @Test("a plugin starts with the cookie, the offered protocol versions and plugin.yaml's own variables")
    func launchEnvironment() throws {
        let folder = try PluginFolder()
        let definition = try folder.load(
            "id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: bin/method\nenv:\n  PATH: /opt/method/bin\n  METHOD_MODE: strict\n")
        let environment = definition.launchEnvironment()
        #expect(environment[PluginProtocol.cookieName] == PluginProtocol.cookieValue)
        #expect(environment["STIP_PLUGIN_COOKIE"] == "stip-method-plugin-1c2f")
        #expect(environment["STIP_PROTOCOL_VERSIONS"] == "1.3,1.2,1.1,1.0")
        #expect(environment["STIP_PROTOCOL_VERSIONS"] == PluginProtocol.supportedVersions.joined(separator: ","))
        #expect(environment["METHOD_MODE"] == "strict")
        #expect(environment["PATH"] == "/opt/method/bin", "plugin.yaml may set PATH")
        #expect(environment["LANG"] == "C.UTF-8")
        #expect(environment.keys.sorted() == ["LANG", "METHOD_MODE", "PATH", "STIP_PLUGIN_COOKIE", "STIP_PROTOCOL_VERSIONS"])
        #expect(definition.launchEnvironment(protocolVersions: ["1.0"])["STIP_PROTOCOL_VERSIONS"] == "1.0")

        let minimal = try folder.load("id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: bin/method\n").launchEnvironment()
        #expect(minimal["PATH"] == "/usr/local/bin:/usr/bin:/bin", "nothing of the host's own environment leaks in")
        #expect(minimal.count == 4)
    }

    @Test("the environment is handed to the child as sorted NAME=value entries, each ending in NUL")
    func environmentEntries() {
        let entries = PluginDefinition.environmentEntries(["PATH": "/bin", "A": "1=2", "LANG": ""])
        #expect(entries == [Array("A=1=2".utf8) + [0], Array("LANG=".utf8) + [0], Array("PATH=/bin".utf8) + [0]])
    }

    @Test("the fingerprint changes when the executable changes, so a reload restarts the plugin")
    func fingerprint() throws {
        let folder = try PluginFolder()
        let manifest = try folder.temp.write("id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: bin/method\n", to: "plugin.yaml")
        let first = try PluginDefinition.load(manifest)
        #expect(try PluginDefinition.load(manifest).fingerprint == first.fingerprint, "nothing changed, nothing to restart")
        try "#!/bin/sh\n# a new build\nexit 0\n".write(to: folder.executable, atomically: false, encoding: .utf8)
        let rebuilt = try PluginDefinition.load(manifest)
        #expect(rebuilt.fingerprint != first.fingerprint)
        #expect(rebuilt != first)
    }
}
