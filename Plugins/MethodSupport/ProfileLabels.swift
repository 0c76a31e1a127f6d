public import StipPluginKit

// Form labels for the domain's profile vocabulary (age bands and roles), which the host
// uses for representativeness: the plugins accept exactly these values.

extension AgeBand {
    /// "15 tot 25 jaar" / "15 to 25 years".
    public func label(for locale: String) -> String {
        let en = locale == "en"
        switch self {
        case .under15: return en ? "under 15" : "jonger dan 15"
        case .from15To25: return en ? "15 to 25 years" : "15 tot 25 jaar"
        case .from25To45: return en ? "25 to 45 years" : "25 tot 45 jaar"
        case .from45To65: return en ? "45 to 65 years" : "45 tot 65 jaar"
        case .over65: return en ? "65 or older" : "65 jaar of ouder"
        }
    }
}

extension ParticipantRole {
    /// "Bewoner" / "Resident".
    public func label(for locale: String) -> String {
        let en = locale == "en"
        switch self {
        case .resident: return en ? "I live here" : "Ik woon hier"
        case .entrepreneur: return en ? "I run a business here" : "Ik heb hier een bedrijf"
        case .organisation: return en ? "On behalf of an organisation" : "Namens een organisatie"
        case .visitor: return en ? "I visit or pass through" : "Ik kom hier op bezoek of reis erdoorheen"
        case .other: return en ? "Other" : "Anders"
        }
    }
}
