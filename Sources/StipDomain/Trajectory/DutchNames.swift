import Foundation
import StipVocabulary

/// A plan value consultants may also write in Dutch (`adviseren` for `advise`): the plan is read in either
/// language and stored with the English name, so `get -o yaml` and the API speak one vocabulary.
///
/// The table in docs/trajectories.md ("Dutch names") lists these; keep the two together.
protocol DutchNamed {
    /// Dutch name (lowercase) → the value's English raw value.
    static var dutchNames: [String: String] { get }
}

extension DutchNamed {
    /// The English raw value `text` names in Dutch, ignoring letter case and spaces around it.
    static func englishName(of text: String) -> String? {
        dutchNames[text.lowercased().trimmingCharacters(in: .whitespaces)]
    }
}

extension ParticipationLevel: DutchNamed {
    static let dutchNames = [
        "informeren": "inform", "raadplegen": "consult", "adviseren": "advise", "coproduceren": "coproduce",
        "meebeslissen": "codecide",
    ]
}

extension DecisionMaker: DutchNamed {
    static let dutchNames = [
        "raad": "council", "gemeenteraad": "council", "college": "executive", "college van b&w": "executive",
        "ambtelijk": "official",
    ]
}

extension LegalBasis: DutchNamed {
    static let dutchNames = ["participatieverordening": "participation_ordinance", "vrijwillig": "voluntary"]
}

extension ActivityAccess: DutchNamed {
    static let dutchNames = ["doelgroepgericht": "targeted"]
}

extension TrajectoryStatus: DutchNamed {
    static let dutchNames = ["concept": "draft", "actief": "active", "gesloten": "closed", "afgesloten": "closed"]
}

extension CatchUpPolicy: DutchNamed {
    static let dutchNames = ["laatste": "latest", "alle": "all", "geen": "none"]
}

extension StakeholderKind: DutchNamed {
    static let dutchNames = [
        "organisatie": "organisation", "bedrijf": "business", "bewoners": "residents", "overheid": "government",
        "persoon": "individual", "overig": "other",
    ]
}

extension ParticipantRole: DutchNamed {
    static let dutchNames = [
        "bewoner": "resident", "inwoner": "resident", "ondernemer": "entrepreneur", "organisatie": "organisation",
        "bezoeker": "visitor", "overig": "other",
    ]
}
