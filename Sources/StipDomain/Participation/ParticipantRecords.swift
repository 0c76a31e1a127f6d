public import Foundation
import StipJSON
import StipVocabulary

/// A participant to register.
public struct ParticipantDraft: Sendable {
    public var id: String?
    public var profile: Participant.Profile
    public var consent: Participant.Consent
    public var email: String?

    public init(id: String?, profile: Participant.Profile, consent: Participant.Consent, email: String?) {
        self.id = id
        self.profile = profile
        self.consent = consent
        self.email = email
    }
}

/// Everything held on one participant (AVG right of access).
public struct ParticipantExport: Sendable, Codable {
    public var workspace: String
    public var exportedAt: Date
    public var participant: Participant
    public var contributions: [Contribution]
    public var reportBacks: [ReportBack]

    /// Memberwise initialiser.
    public init(workspace: String, exportedAt: Date, participant: Participant, contributions: [Contribution], reportBacks: [ReportBack]) {
        self.workspace = workspace
        self.exportedAt = exportedAt
        self.participant = participant
        self.contributions = contributions
        self.reportBacks = reportBacks
    }

    enum CodingKeys: String, CodingKey {
        case workspace
        case exportedAt = "exported_at"
        case participant, contributions
        case reportBacks = "report_backs"
    }
}

/// What an erasure removed.
public struct ErasureReport: Sendable, Codable {
    public var participant: String
    public var contactDeleted: Bool
    /// Contributions kept, now without a participant.
    public var contributionsAnonymised: Int

    /// Memberwise initialiser.
    public init(participant: String, contactDeleted: Bool, contributionsAnonymised: Int) {
        self.participant = participant
        self.contactDeleted = contactDeleted
        self.contributionsAnonymised = contributionsAnonymised
    }

    enum CodingKeys: String, CodingKey {
        case participant
        case contactDeleted = "contact_deleted"
        case contributionsAnonymised = "contributions_anonymised"
    }
}

/// What a retention sweep did in one workspace.
public struct RetentionReport: Sendable, Codable {
    public var workspace: String
    public var retentionMonths: Int
    /// Trajectories closed longer ago than the retention period.
    public var expiredTrajectories: [String]
    public var contactsDeleted: Int
    public var participantsAnonymised: Int

    /// Memberwise initialiser.
    public init(workspace: String, retentionMonths: Int, expiredTrajectories: [String], contactsDeleted: Int, participantsAnonymised: Int) {
        self.workspace = workspace
        self.retentionMonths = retentionMonths
        self.expiredTrajectories = expiredTrajectories
        self.contactsDeleted = contactsDeleted
        self.participantsAnonymised = participantsAnonymised
    }

    enum CodingKeys: String, CodingKey {
        case workspace
        case retentionMonths = "retention_months"
        case expiredTrajectories = "expired_trajectories"
        case contactsDeleted = "contacts_deleted"
        case participantsAnonymised = "participants_anonymised"
    }
}

/// A participant in a list: who (pseudonymously), their coarse profile and consents, how many contributions.
/// No contact details: those are given only in the audited export.
public struct ParticipantSummary: Sendable, Codable, Equatable {
    public var id: String
    public var profile: Participant.Profile
    public var consent: Participant.Consent
    /// An online respondent, known only by a keyed hash of their browser or code.
    public var anonymous: Bool
    /// Whether an e-mail address is kept (with consent for report-backs).
    public var hasEmail: Bool
    public var contributions: Int
    public var createdAt: Date

    public init(
        id: String, profile: Participant.Profile, consent: Participant.Consent, anonymous: Bool, hasEmail: Bool, contributions: Int,
        createdAt: Date
    ) {
        self.id = id
        self.profile = profile
        self.consent = consent
        self.anonymous = anonymous
        self.hasEmail = hasEmail
        self.contributions = contributions
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, profile, consent, anonymous, contributions
        case hasEmail = "has_email"
        case createdAt = "created_at"
    }
}

/// What changes about a participant; what is absent stays as it is. `email` `""` removes the address.
public struct ParticipantPatch: Sendable {
    public var profile: Participant.Profile?
    public var consent: ConsentPatch?
    public var email: String?

    public init(profile: Participant.Profile?, consent: ConsentPatch?, email: String?) {
        self.profile = profile
        self.consent = consent
        self.email = email
    }

    /// The consents that change; an absent one stays.
    public struct ConsentPatch: Sendable, Codable {
        public var reportBack: Bool?
        public var futureActivities: Bool?

        public init(reportBack: Bool?, futureActivities: Bool?) {
            self.reportBack = reportBack
            self.futureActivities = futureActivities
        }

        enum CodingKeys: String, CodingKey {
            case reportBack = "report_back"
            case futureActivities = "future_activities"
        }
    }
}
