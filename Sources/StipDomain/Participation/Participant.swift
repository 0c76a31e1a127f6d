public import Foundation
public import StipVocabulary

/// A person who took part, known by a pseudonymous id only. The profile is coarse by design:
/// no exact age, no address, no special categories of personal data, no IP address.
public struct Participant: Codable, Sendable, Equatable {
    /// Pseudonymous id, e.g. `p-7k3m9x2q` (generated) or a consultant's own reference.
    public var id: String
    public var profile: Profile
    public var consent: Consent
    /// Only present with consent for report-backs; kept in a separate table.
    public var email: String?
    public var createdAt: Date

    public init(id: String, profile: Profile, consent: Consent, email: String?, createdAt: Date) {
        self.id = id
        self.profile = profile
        self.consent = consent
        self.email = email
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, profile, consent, email
        case createdAt = "created_at"
    }

    /// The coarse profile used for representativeness.
    public struct Profile: Codable, Sendable, Equatable {
        public var ageBand: AgeBand?
        /// A CBS buurt or wijk code.
        public var area: String?
        public var role: ParticipantRole?

        public init(ageBand: AgeBand? = nil, area: String? = nil, role: ParticipantRole? = nil) {
            self.ageBand = ageBand
            self.area = area
            self.role = role
        }

        enum CodingKeys: String, CodingKey {
            case ageBand = "age_band"
            case area, role
        }

        /// Problems with the values, as field issues under `prefix`.
        public func issues(prefix: String = "profile") -> [FieldIssue] {
            guard let area else { return [] }
            guard let code = RegionCode(area), code.kind != .municipality else {
                return [
                    FieldIssue(field: "\(prefix).area", message: "\"\(area)\" is not a buurt (BU + 8 digits) or wijk (WK + 6 digits) code")
                ]
            }
            return []
        }
    }

    /// What the participant agreed to.
    public struct Consent: Codable, Sendable, Equatable {
        /// May be sent report-backs about what happened with their input (needs an e-mail address to matter).
        public var reportBack: Bool
        /// May be invited to later activities.
        public var futureActivities: Bool

        public init(reportBack: Bool = false, futureActivities: Bool = false) {
            self.reportBack = reportBack
            self.futureActivities = futureActivities
        }

        enum CodingKeys: String, CodingKey {
            case reportBack = "report_back"
            case futureActivities = "future_activities"
        }

        /// `report_back` must be given: consent is asked, never assumed. `future_activities` is `false` when left out.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            reportBack = try c.decode(Bool.self, forKey: .reportBack)
            futureActivities = try c.decodeIfPresent(Bool.self, forKey: .futureActivities) ?? false
        }
    }

    /// Whether `text` may be used as a participant id: 1–64 of letters, digits, `-`, `_`, `.`.
    public static func isValidID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// A loose check of an e-mail address: one `@`, something on both sides, a dot in the domain, no spaces.
    public static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && !text.contains(where: \.isWhitespace) && text.count <= 254
    }
}
