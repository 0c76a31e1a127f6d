import Foundation
import StipConfig
import StipDomain
import GRDB
@testable import StipStorage
import Synchronization
import Testing
import StipVocabulary
import StipJSON

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(days: Double) { current.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
}

/// A store with one workspace holding the example plan (a trajectory with three activities).
struct ParticipationFixture {
    let temp: TemporaryDirectory
    let clock: TestClock
    let store: SQLiteWorkspaceStore
    let slug: WorkspaceSlug
    let plan: TrajectoryPlan
    static let admin = AuditActor(uid: 1000, pid: 42)

    init(slug: String = "voorbeeldstad") async throws {
        temp = try TemporaryDirectory()
        clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let clock = self.clock
        store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4, now: { clock.now })
        self.slug = try WorkspaceSlug(validating: slug)
        _ = try await store.createWorkspace(
            try WorkspaceDraft(slug: slug, name: "Gemeente \(slug)", cbsCode: nil, timeZone: nil, locale: "nl"), by: Self.admin)
        let text = try String(
            contentsOf: URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appending(path: "etc/examples/plan-voorbeeldstad.yaml"), encoding: .utf8)
        plan = try YAMLDecoder().decode(TrajectoryPlan.self, from: text)
        try await store.saveTrajectory(self.slug, TrajectoryWrite(plan: plan, normalisedConfigs: [:], prune: false), by: Self.admin)
    }

    func contribute(_ activity: String, participant: String? = nil, themes: [String] = [], text: String = "idee") async throws
        -> Contribution
    {
        try await store.addContributions(
            slug,
            [
                NewContribution(
                    trajectory: plan.id, activity: activity, participant: participant, channel: .offline,
                    payload: .object(["text": .string(text)]), themes: themes, state: .accepted, occurredOn: LocalDate("2026-11-26")!)
            ], onePerParticipant: false, by: Self.admin)[0]
    }

    func participant(_ id: String, email: String? = nil) async throws -> Participant {
        try await store.createParticipant(
            slug,
            ParticipantDraft(
                id: id, profile: .init(ageBand: .from15To25, area: "BU99990101", role: .resident),
                consent: .init(reportBack: email != nil), email: email), by: Self.admin)
    }
}

@Suite("trajectories, contributions, feedback and privacy in a workspace database", .timeLimit(.minutes(2)))
struct ParticipationStoreTests {
    let admin = ParticipationFixture.admin

    @Test("a saved plan reads back equal, with its activities and status draft")
    func planRoundTrip() async throws {
        let f = try await ParticipationFixture()
        let stored = try await f.store.trajectory(f.slug, f.plan.id)
        var expected = f.plan
        expected.status = .draft
        #expect(stored.plan == expected)
        #expect(stored.activities.map(\.id) == ["kickoff-workshop", "variant-poll", "youth-walk"])
        #expect(try await f.store.trajectories(f.slug).map(\.id) == [f.plan.id])
    }

    @Test("removing an activity with contributions is refused; with prune it is archived and its contributions kept")
    func pruneArchives() async throws {
        let f = try await ParticipationFixture()
        _ = try await f.contribute("kickoff-workshop")
        var smaller = f.plan
        smaller.activities.removeAll { $0.id == "kickoff-workshop" || $0.id == "youth-walk" }
        await #expect(throws: StorageError.self) {
            try await f.store.saveTrajectory(f.slug, TrajectoryWrite(plan: smaller, normalisedConfigs: [:], prune: false), by: self.admin)
        }
        // Nothing of the refused write happened.
        #expect(try await f.store.trajectory(f.slug, f.plan.id).activities.filter { !$0.archived }.count == 3)

        try await f.store.saveTrajectory(f.slug, TrajectoryWrite(plan: smaller, normalisedConfigs: [:], prune: true), by: admin)
        let stored = try await f.store.trajectory(f.slug, f.plan.id)
        #expect(stored.activities.map { "\($0.id):\($0.archived)" } == ["kickoff-workshop:true", "variant-poll:false"])
        #expect(try await f.store.contributions(f.slug, ContributionFilter()).isEmpty)
        let archived = try await f.store.contributions(f.slug, ContributionFilter(includeArchived: true))
        #expect(archived.count == 1 && archived[0].archived)
    }

    @Test("responses: by contribution and by theme; the newest stands; unanswered ones wait")
    func feedback() async throws {
        let f = try await ParticipationFixture()
        let a = try await f.contribute("kickoff-workshop", themes: ["fiets"])
        let b = try await f.contribute("kickoff-workshop", themes: ["groen"])
        let c = try await f.contribute("kickoff-workshop")
        _ = try await f.store.respond(
            f.slug,
            ResponseDraft(
                target: .contribution(c.id), status: .received, reason: nil, decidedBy: "team", decidedOn: LocalDate("2027-01-02")!),
            by: admin)
        _ = try await f.store.respond(
            f.slug,
            ResponseDraft(
                target: .theme(trajectory: f.plan.id, theme: "fiets"), status: .adopted, reason: BilingualText(nl: "Komt er"),
                decidedBy: "college",
                decidedOn: LocalDate("2027-01-20")!), by: admin)
        await #expect(throws: StorageError.self) {
            _ = try await f.store.respond(
                f.slug,
                ResponseDraft(
                    target: .theme(trajectory: f.plan.id, theme: "verkeer"), status: .adopted, reason: nil, decidedBy: "x",
                    decidedOn: LocalDate("2027-01-20")!),
                by: self.admin)
        }
        // An attendance count is answered in a report-back, not on its own: it does not count.
        _ = try await f.store.addContributions(
            f.slug,
            [
                NewContribution(
                    trajectory: f.plan.id, activity: "kickoff-workshop", participant: nil, channel: .offline,
                    payload: .object(["type": .string("attendance"), "count": .int(30)]), themes: [], state: .accepted,
                    occurredOn: LocalDate("2026-11-26")!,
                    needsResponse: false
                )
            ], onePerParticipant: false, by: admin)
        let overview = try await f.store.feedbackOverview(
            f.slug, trajectory: f.plan.id, today: LocalDate("2027-01-31")!, timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        #expect(overview.contributions == 3 && overview.answered == 1)
        #expect(overview.unanswered.map(\.id).sorted() == [b.id, c.id].sorted())
        #expect(overview.unanswered.first { $0.id == c.id }?.acknowledged == true)
        let listed = try await f.store.contribution(f.slug, a.id)
        #expect(listed.response?.status == .adopted && listed.response?.theme == "fiets")
        #expect(try await f.store.contributions(f.slug, ContributionFilter(unanswered: true)).count == 2)
    }

    @Test("an e-mail report-back's outbox holds only participants who consented and left an address")
    func outbox() async throws {
        let f = try await ParticipationFixture()
        _ = try await f.participant("p-1", email: "een@example.org")
        _ = try await f.participant("p-2")
        _ = try await f.contribute("kickoff-workshop", participant: "p-1")
        _ = try await f.contribute("kickoff-workshop", participant: "p-2")
        let draft = ReportBackDraft(
            trajectory: f.plan.id, activity: "kickoff-workshop", channel: .email, summary: BilingualText(nl: "Zo verder"), recipients: nil,
            sentOn: nil)
        let reportBack = try await f.store.createReportBack(f.slug, draft, by: admin)
        #expect(reportBack.state == .outbox && reportBack.recipients == 1)
        #expect(try await f.store.outbox(f.slug, reportBack: reportBack.id, by: admin).map(\.email) == ["een@example.org"])
        let sent = try await f.store.markReportBackSent(f.slug, reportBack: reportBack.id, on: LocalDate("2027-02-01")!, by: admin)
        #expect(sent.state == .sent && sent.sentOn == LocalDate("2027-02-01"))
    }

    @Test("export holds everything on a participant; erasure keeps anonymous contributions and the keyed hash")
    func exportAndErase() async throws {
        let f = try await ParticipationFixture()
        _ = try await f.participant("p-anna", email: "anna@example.org")
        let contribution = try await f.contribute("variant-poll", participant: "p-anna")
        let export = try await f.store.exportParticipant(f.slug, "p-anna", by: admin)
        #expect(export.participant.email == "anna@example.org" && export.participant.profile.ageBand == .from15To25)
        #expect(export.contributions.map(\.id) == [contribution.id])

        let report = try await f.store.eraseParticipant(f.slug, "p-anna", by: admin)
        #expect(report.contactDeleted && report.contributionsAnonymised == 1)
        await #expect(throws: StorageError.self) { _ = try await f.store.exportParticipant(f.slug, "p-anna", by: self.admin) }
        let kept = try await f.store.contribution(f.slug, contribution.id)
        #expect(kept.participant == nil && kept.payload == contribution.payload)
        // The id cannot come back to respond again: the keyed hash remembers it.
        await #expect(throws: StorageError.self) { _ = try await f.participant("p-anna") }
        let audit = try await f.store.auditEntries(workspace: f.slug, limit: 20).map(\.action)
        #expect(audit.contains("participant.erase") && audit.contains("participant.export"))
    }

    @Test("one response per participant holds through the keyed hash")
    func onePerParticipant() async throws {
        let f = try await ParticipationFixture()
        _ = try await f.participant("p-1")
        let new = NewContribution(
            trajectory: f.plan.id, activity: "variant-poll", participant: "p-1", channel: .online, payload: .object([:]), themes: [],
            state: .accepted, occurredOn: LocalDate("2026-11-26")!)
        _ = try await f.store.addContributions(f.slug, [new], onePerParticipant: true, by: nil)
        await #expect(throws: StorageError.self) { _ = try await f.store.addContributions(f.slug, [new], onePerParticipant: true, by: nil) }
    }

    @Test("retention: nothing happens before the period ends; after it, contacts go and participants are anonymised")
    func retentionSweep() async throws {
        let f = try await ParticipationFixture()
        _ = try await f.participant("p-closed", email: "weg@example.org")
        _ = try await f.participant("p-both", email: "blijft@example.org")
        _ = try await f.contribute("kickoff-workshop", participant: "p-closed")
        _ = try await f.contribute("kickoff-workshop", participant: "p-both")
        // A second, still active trajectory that p-both also takes part in.
        var other = f.plan
        other.id = "nieuw-park"
        try await f.store.saveTrajectory(f.slug, TrajectoryWrite(plan: other, normalisedConfigs: [:], prune: false), by: admin)
        _ = try await f.store.addContributions(
            f.slug,
            [
                NewContribution(
                    trajectory: "nieuw-park", activity: "variant-poll", participant: "p-both", channel: .online, payload: .object([:]),
                    themes: [], state: .accepted, occurredOn: LocalDate("2026-11-26")!)
            ],
            onePerParticipant: false, by: nil)

        _ = try await f.store.setTrajectoryStatus(f.slug, f.plan.id, .closed, by: admin)
        f.clock.advance(days: 300)
        var report = try await f.store.sweepRetention(f.slug, now: f.clock.now, by: .daemon)
        #expect(report.retentionMonths == 12 && report.participantsAnonymised == 0 && report.expiredTrajectories.isEmpty)

        f.clock.advance(days: 70)
        report = try await f.store.sweepRetention(f.slug, now: f.clock.now, by: .daemon)
        #expect(report.expiredTrajectories == [f.plan.id])
        #expect(report.participantsAnonymised == 1 && report.contactsDeleted == 1)
        await #expect(throws: StorageError.self) { _ = try await f.store.exportParticipant(f.slug, "p-closed", by: self.admin) }
        #expect(try await f.store.exportParticipant(f.slug, "p-both", by: admin).participant.email == "blijft@example.org")
        #expect(try await f.store.contributions(f.slug, ContributionFilter(trajectory: f.plan.id)).count == 2)

        try await f.store.setRetentionMonths(f.slug, 1, by: admin)
        #expect(try await f.store.retentionMonths(f.slug) == 1)
    }

    @Test("two workspaces with the same trajectory id stay apart")
    func workspacesApart() async throws {
        let f = try await ParticipationFixture()
        let other = try WorkspaceSlug(validating: "andere-stad")
        _ = try await f.store.createWorkspace(
            try WorkspaceDraft(slug: "andere-stad", name: "Andere", cbsCode: nil, timeZone: nil, locale: "nl"), by: admin)
        var plan = f.plan
        plan.workspace = "andere-stad"
        plan.title = "Een ander plein"
        try await f.store.saveTrajectory(other, TrajectoryWrite(plan: plan, normalisedConfigs: [:], prune: false), by: admin)
        _ = try await f.contribute("kickoff-workshop")
        #expect(try await f.store.trajectory(f.slug, f.plan.id).plan.title == "Herinrichting Stationsplein")
        #expect(try await f.store.trajectory(other, f.plan.id).plan.title == "Een ander plein")
        #expect(try await f.store.contributions(other, ContributionFilter()).isEmpty)
        #expect(try await f.store.contributions(f.slug, ContributionFilter()).count == 1)
    }

    @Test("population: a re-import replaces the same year and leaves other years alone")
    func populationYears() async throws {
        let f = try await ParticipationFixture()
        let text = try String(
            contentsOf: URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appending(path: "etc/examples/population-voorbeeldstad.csv"), encoding: .utf8)
        let result = try CBSKerncijfersCSV.read(text)
        func replace(_ year: Int, _ source: String) async throws -> Int {
            let id = try await f.store.beginPopulationImport(f.slug)
            try await f.store.stagePopulation(f.slug, importID: id, year: year, result.figures)
            return try await f.store.finishPopulationImport(
                f.slug, importID: id, year: year, source: source, rowsRead: result.rowsRead, stored: result.figures.count, by: admin)
        }
        _ = try await replace(2023, "a.csv")
        #expect(try await replace(2024, "b.csv") == 0)
        #expect(try await replace(2024, "c.csv") == 10, "the earlier 2024 figures had 10 regions")
        let newest = try await f.store.population(f.slug, year: nil)
        #expect(newest.year == 2024 && newest.source == "c.csv" && newest.regions.count == 10)
        #expect(newest.regions.first { $0.region == "BU99990204" }?.ageBands["15-25"] == .some(nil))
        #expect(try await f.store.population(f.slug, year: 2023).regions.count == 10)
        // The replaced figures are gone, not only hidden.
        let rows = try await f.store.withDatabase(f.slug) { database in
            try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM population") ?? 0 }
        }
        #expect(rows == 20)
    }

    @Test("population: a large import is written in short transactions and made current in one small step")
    func populationInChunks() async throws {
        let f = try await ParticipationFixture()
        let figures = (0..<9_000).map { index in
            PopulationFigures(
                region: String(format: "BU%08d", index), kind: .neighbourhood, name: "Buurt \(index)", inhabitants: index, ageBands: [:],
                households: nil)
        }
        // Every commit on the workspace database, with how many population rows it changed.
        let counter = CommitCounter(table: "population")
        try await f.store.withDatabase(f.slug) { database in try await database.writer.write { db in db.add(transactionObserver: counter) }
        }
        let id = try await f.store.beginPopulationImport(f.slug)
        try await f.store.stagePopulation(f.slug, importID: id, year: 2025, figures)
        await #expect(throws: StorageError.self, "unseen until finished") { try await f.store.population(f.slug, year: 2025) }
        _ = try await f.store.finishPopulationImport(
            f.slug, importID: id, year: 2025, source: "big.csv", rowsRead: 9_000, stored: 9_000, by: admin)
        #expect(try await f.store.population(f.slug, year: 2025).regions.count == 9_000)
        #expect(counter.largest <= SQLiteWorkspaceStore.populationChunk, "at most one chunk per transaction: \(counter.commits)")
        #expect(counter.commits.count >= 5, "\(counter.commits)")
    }
}

/// Counts, per committed transaction, the rows of one table it inserted, updated or deleted.
final class CommitCounter: TransactionObserver, @unchecked Sendable {
    let table: String
    private var current = 0
    private(set) var commits: [Int] = []
    var largest: Int { commits.max() ?? 0 }

    init(table: String) { self.table = table }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { eventKind.tableName == table }
    func databaseDidChange(with event: DatabaseEvent) { current += 1 }
    func databaseDidCommit(_ db: Database) {
        if current > 0 { commits.append(current) }
        current = 0
    }
    func databaseDidRollback(_ db: Database) { current = 0 }
}
