import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipConfig
import StipDomain
import StipJSON

struct ParticipantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participant", abstract: "Participants: register, and the AVG rights of access and erasure.",
        subcommands: [AddParticipant.self, ListParticipants.self, UpdateParticipant.self, ExportParticipant.self, EraseParticipant.self])
}

struct ListParticipants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The workspace's participants: profile, consents, contributions (no contact details).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Option(help: "At most this many (default 10000).") var limit: Int?

    func run() async throws {
        let query = limit.map { "?limit=\($0)" } ?? ""
        let reply = try await connection.client().send(.GET, "/v1/workspaces/\(pathSegment(workspace))/participants\(query)")
        try output.print(reply) { body in
            let rows = (body["participants"]?.elements ?? []).map { p -> [String] in
                [
                    p["id"]?.cellText ?? "-", p["anonymous"] == .bool(true) ? "online respondent" : "registered",
                    p["profile"]?["age_band"]?.cellText ?? "-", p["profile"]?["area"]?.cellText ?? "-",
                    p["profile"]?["role"]?.cellText ?? "-",
                    p["consent"]?["report_back"]?.cellText ?? "no", p["has_email"]?.cellText ?? "no", p["contributions"]?.cellText ?? "0",
                ]
            }
            return rows.isEmpty
                ? "no participants"
                : TextTable(
                    headers: ["ID", "KIND", "AGE BAND", "AREA", "ROLE", "REPORT-BACK CONSENT", "E-MAIL KEPT", "CONTRIBUTIONS"], rows: rows
                ).render()
        }
    }
}

struct UpdateParticipant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a participant's profile, consents or e-mail address; withdrawn consent for report-backs deletes the address.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Argument(help: "The participant's id.") var id: String
    @OptionGroup var profile: ProfileOptions
    @Option(help: "A new e-mail address, or \"\" to remove it.") var email: String?
    @Flag(name: .customLong("consent-report-back"), inversion: .prefixedNo, help: "Give or withdraw consent for report-backs.")
    var consentReportBack: Bool?
    @Flag(name: .customLong("consent-future-activities"), inversion: .prefixedNo, help: "Give or withdraw consent for invitations.")
    var consentFutureActivities: Bool?

    func validate() throws {
        if profile.isEmpty, email == nil, consentReportBack == nil, consentFutureActivities == nil {
            throw ValidationError(
                "say what changes: --age-band, --area, --role, --email, --[no-]consent-report-back or --[no-]consent-future-activities")
        }
    }

    func run() async throws {
        var body: [String: (any JSONRepresentable)?] = ["email": email]
        if !profile.isEmpty { body["profile"] = profile.json }
        if consentReportBack != nil || consentFutureActivities != nil {
            body["consent"] = JSONValue.object(
                omittingNil: ["report_back": consentReportBack, "future_activities": consentFutureActivities])
        }
        let reply = try await connection.client().send(
            .PATCH, "/v1/workspaces/\(pathSegment(workspace))/participants/\(pathSegment(id))", json: body)
        try output.print(reply) { p in "updated participant \(p["id"]?.cellText ?? "?")" }
    }
}

struct AddParticipant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a participant: a pseudonymous id, a coarse profile, consent and (with consent) an e-mail address.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Option(help: "A pseudonymous id (default: generated). Never a name or an e-mail address.") var id: String?
    @OptionGroup var profile: ProfileOptions
    @Option(help: "E-mail address for report-backs (kept only with --consent-report-back).") var email: String?
    @Flag(name: .customLong("consent-report-back"), help: "Agrees to hear what happened with their input.") var consentReportBack = false
    @Flag(name: .customLong("consent-future-activities"), help: "Agrees to be invited to later activities.") var consentFutureActivities =
        false

    func run() async throws {
        let body: [String: (any JSONRepresentable)?] = [
            "id": id, "email": email, "profile": profile.json,
            "consent": JSONValue.object(omittingNil: ["report_back": consentReportBack, "future_activities": consentFutureActivities]),
        ]
        let reply = try await connection.client().send(
            .POST, "/v1/workspaces/\(pathSegment(workspace))/participants", json: body)
        try output.print(reply) { p in "registered participant \(p["id"]?.cellText ?? "?") in \(workspace)" }
    }
}

struct ExportParticipant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Everything held on a participant (AVG right of access): JSON, YAML, or a letter to send them. Audited.")

    /// What the export is written as.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, yaml
        /// A readable document in the workspace's language, to send to the resident.
        case letter
    }

    @OptionGroup var connection: ConnectionOptions
    @Option(name: [.short, .long], help: "json (default), yaml, or letter: a readable document in the workspace's language.")
    var output: Format = .json
    @Argument(help: "The workspace slug.") var workspace: String
    @Argument(help: "The participant's id.") var id: String
    @Option(name: [.customLong("out"), .customLong("to")], help: "Write to this file (mode 0600) instead of standard output.")
    var to: String?

    func run() async throws {
        let client = try connection.client()
        let reply = try await client.send(.GET, "/v1/workspaces/\(pathSegment(workspace))/participants/\(pathSegment(id))")
        let value = try JSONValue.parse(reply.body)
        let data: Data
        switch output {
        case .json: data = Data((value.prettyJSONText + "\n").utf8)
        case .yaml: data = Data(try YAMLEncoder().encode(value).utf8)
        case .letter:
            let workspaceInfo = try JSONValue.parse(try await client.send(.GET, "/v1/workspaces/\(pathSegment(workspace))").body)
            var letter = AccessRequestLetter(
                export: value, municipality: workspaceInfo["name"]?.stringValue ?? workspace,
                language: workspaceInfo["locale"]?.stringValue ?? "nl")
            let base = "/v1/workspaces/\(pathSegment(workspace))"
            let trajectories = try JSONValue.parse(try await client.send(.GET, "\(base)/trajectories").body)
            for item in trajectories["trajectories"]?.elements ?? [] {
                if let id = item["id"]?.stringValue, let title = item["title"]?.stringValue { letter.trajectoryTitles[id] = title }
            }
            // Names of buurten, when figures were imported; without them the letter gives the code.
            if let population = try? JSONValue.parse(try await client.send(.GET, "\(base)/population").body) {
                for region in population["regions"]?.elements ?? [] {
                    if let code = region["region"]?.stringValue, let name = region["name"]?.stringValue, name != code {
                        letter.areaNames[code] = name
                    }
                }
            }
            data = Data(letter.text.utf8)
        }
        if let to {
            guard FileManager.default.createFile(atPath: to, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw AdminClientError.usage("cannot write \(to)")
            }
            print("wrote everything held on \(id) to \(to)")
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

struct EraseParticipant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a participant (AVG): identity and contact go; their contributions stay, anonymous. Cannot be undone.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Argument(help: "The participant's id.") var id: String

    func run() async throws {
        let reply = try await connection.client().send(.DELETE, "/v1/workspaces/\(pathSegment(workspace))/participants/\(pathSegment(id))")
        try output.print(reply) { r in
            "erased participant \(id): contact details \(r["contact_deleted"] == .bool(true) ? "deleted" : "none held"), \(r["contributions_anonymised"]?.cellText ?? "0") contribution(s) kept anonymously"
        }
    }
}

struct PrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy", abstract: "The retention period after a trajectory closes, and the sweep that applies it.",
        subcommands: [ShowPrivacy.self, SetRetention.self, SweepRetention.self])
}

struct ShowPrivacy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the retention period.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String

    func run() async throws {
        let reply = try await connection.client().send(.GET, "/v1/workspaces/\(pathSegment(workspace))/privacy")
        try output.print(reply) { p in "retention: \(p["retention_months"]?.cellText ?? "?") months after a trajectory closes" }
    }
}

struct SetRetention: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set the retention period in months (1–120, default 12).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Option(name: .customLong("retention-months"), help: "Months after a trajectory closes.") var months: Int

    func run() async throws {
        let reply = try await connection.client().send(
            .PUT, "/v1/workspaces/\(pathSegment(workspace))/privacy", json: ["retention_months": months])
        try output.print(reply) { p in "retention of \(workspace) is now \(p["retention_months"]?.cellText ?? "?") months" }
    }
}

struct SweepRetention: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Apply the retention period now (the daemon also does it daily).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String

    func run() async throws {
        let reply = try await connection.client().send(.POST, "/v1/workspaces/\(pathSegment(workspace))/privacy/sweep")
        try output.print(reply) { r in
            "anonymised \(r["participants_anonymised"]?.cellText ?? "0") participant(s), deleted \(r["contacts_deleted"]?.cellText ?? "0") contact(s)"
        }
    }
}

struct PopulationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "population", abstract: "Population figures from CBS, the reference for representativeness.",
        subcommands: [ImportPopulation.self, ShowPopulation.self, DeletePopulation.self])
}

struct ImportPopulation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a CBS \"Kerncijfers wijken en buurten\" CSV export; a re-import replaces the same year.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Argument(help: "The CSV file as CBS exports it (semicolon separated).") var file: String
    @Option(help: "The year of the figures (default: the file's Perioden column, else a year in the file name).") var year: Int?

    func run() async throws {
        let (data, name) = try readInput(file)
        // Never the current year by default: figures stored under a year they are not of would become the newest.
        let fromFile = CBSKerncijfersCSV.year(inContents: String(decoding: data.prefix(1 << 16), as: UTF8.self))
        guard let chosen = year ?? fromFile ?? CBSKerncijfersCSV.year(inFileName: (name as NSString).lastPathComponent) else {
            throw AdminClientError.usage(
                "\(name) does not say which year its figures are of (no Perioden column, no year in its name); "
                    + "give it with --year, e.g. --year 2024")
        }
        let reply = try await connection.client().send(
            .PUT,
            "/v1/workspaces/\(pathSegment(workspace))/population/\(chosen)?source=\(queryValue((name as NSString).lastPathComponent))",
            body: Data(data), contentType: "text/csv")
        try output.print(reply) { r in
            var lines = [
                "population \(chosen) of \(workspace): \(r["stored"]?.cellText ?? "0") regions stored from \(r["rows_read"]?.cellText ?? "0") rows"
                    + (year == nil ? " (year \(chosen) from the file\(fromFile == nil ? "'s name" : ""); set another with --year)" : "")
            ]
            for note in r["skipped"]?.elements ?? [] {
                lines.append("  skipped row \(note["row"]?.cellText ?? "?"): \(note["reason"]?.cellText ?? "")")
            }
            for note in r["suppressed"]?.elements ?? [] {
                lines.append("  row \(note["row"]?.cellText ?? "?") (\(note["region"]?.cellText ?? "")): \(note["reason"]?.cellText ?? "")")
            }
            return lines.joined(separator: "\n")
        }
    }
}

struct ShowPopulation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the population figures (newest year unless --year).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Option(help: "The year.") var year: Int?

    func run() async throws {
        let reply = try await connection.client().send(
            .GET, "/v1/workspaces/\(pathSegment(workspace))/population" + (year.map { "?year=\($0)" } ?? ""))
        try output.print(reply) { t in
            let bands = ["0-15", "15-25", "25-45", "45-65", "65+"]
            let rows = (t["regions"]?.elements ?? []).map { r in
                [r["region"]?.cellText ?? "-", r["kind"]?.cellText ?? "-", r["inhabitants"]?.cellText ?? "-"]
                    + bands.map { r["age_bands"]?[$0]?.cellText ?? "-" } + [r["households"]?.cellText ?? "-"]
            }
            return "year \(t["year"]?.cellText ?? "?") (from \(t["source"]?.cellText ?? "?"))\n"
                + TextTable(headers: ["REGION", "KIND", "INHABITANTS"] + bands + ["HOUSEHOLDS"], rows: rows).render()
        }
    }
}

struct DeletePopulation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete one year's population figures (one imported by mistake, say).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Option(help: "The year to delete.") var year: Int

    func run() async throws {
        let reply = try await connection.client().send(.DELETE, "/v1/workspaces/\(pathSegment(workspace))/population/\(year)")
        try output.print(reply) { r in
            "population \(year) of \(workspace) deleted: \(r["regions_removed"]?.cellText ?? "0") regions"
        }
    }
}

/// A participant's coarse profile, as `participant add` and `participant update` take it.
struct ProfileOptions: ParsableArguments {
    @Option(name: .customLong("age-band"), help: "0-15, 15-25, 25-45, 45-65 or 65+.") var ageBand: String?
    @Option(help: "A buurt (BU…) or wijk (WK…) code.") var area: String?
    @Option(help: "resident, entrepreneur, organisation, visitor or other.") var role: String?

    var isEmpty: Bool { ageBand == nil && area == nil && role == nil }

    /// The profile object, with only what was given.
    var json: JSONValue { JSONValue.object(omittingNil: ["age_band": ageBand, "area": area, "role": role]) }
}
