import Foundation
import StipDomain
import StipJSON

/// The answer to an access request (AVG art. 15) as a document a resident can read: everything the workspace
/// holds on them, in the workspace's language, from the same export the JSON gives. The JSON stays the record;
/// this is what is sent.
struct AccessRequestLetter {
    let export: JSONValue
    /// The municipality's name.
    let municipality: String
    /// `nl` or `en`.
    let language: String
    /// Trajectory titles by id, so the letter names what the resident took part in.
    var trajectoryTitles: [String: String] = [:]
    /// Buurt and wijk names by CBS code, from the workspace's population figures.
    var areaNames: [String: String] = [:]

    private func t(_ nl: String, _ en: String) -> String { language == "en" ? en : nl }

    var text: String {
        let participant = export["participant"] ?? .null
        let profile = participant["profile"] ?? .null
        var lines: [String] = [
            t("Inzage in uw gegevens (AVG, artikel 15)", "Access to your personal data (GDPR, article 15)"),
            "\(municipality) — \(t("opgesteld op", "drawn up on")) \(day(export["exported_at"]))",
            "",
            t(
                "U vroeg welke gegevens wij over u bewaren voor inwonerparticipatie. Hieronder staat alles wat wij van u bewaren.",
                "You asked which data we keep about you for citizen participation. Below is everything we keep about you."),
            "",
            "\(t("Uw kenmerk", "Your reference")): \(participant["id"]?.stringValue ?? "-")",
            "\(t("Bewaard sinds", "Kept since")): \(day(participant["created_at"]))",
            "",
            t("Uw gegevens", "Your details"),
            "- \(t("Leeftijdsgroep", "Age group")): \(profile["age_band"]?.stringValue.map { "\($0) \(t("jaar", "years"))" } ?? t("niet bekend", "not known"))",
            "- \(t("Buurt of wijk", "Neighbourhood or district")): \(profile["area"]?.stringValue.map { areaNames[$0] ?? $0 } ?? t("niet bekend", "not known"))",
            "- \(t("Rol", "Role")): \(role(profile["role"]?.stringValue))",
            "- \(t("E-mailadres", "E-mail address")): "
                + (participant["email"]?.stringValue.map {
                    "\($0) (\(t("alleen bewaard omdat u toestemming gaf voor terugkoppeling", "kept only because you agreed to hear back")))"
                } ?? t("geen", "none")),
            "",
            t("Uw toestemmingen", "Your consents"),
            "- \(t("Horen wat er met uw inbreng is gedaan", "Hearing what was done with your input")): \(yesNo(participant["consent"]?["report_back"]))",
            "- \(t("Uitnodigingen voor latere activiteiten", "Invitations to later activities")): \(yesNo(participant["consent"]?["future_activities"]))",
            "",
        ]
        let contributions = export["contributions"]?.elements ?? []
        lines.append("\(t("Uw bijdragen", "Your contributions")) (\(contributions.count))")
        if contributions.isEmpty { lines.append(t("Geen.", "None.")) }
        for (index, contribution) in contributions.enumerated() {
            let made = day(contribution["occurred_on"] ?? contribution["created_at"])
            let trajectory = contribution["trajectory"]?.stringValue ?? "-"
            lines.append("\(index + 1). \(made) — \(trajectoryTitles[trajectory] ?? trajectory)")
            if let words = contribution["payload"]?.excerpt(limit: 200) { lines.append("   \"\(words)\"") }
            if let response = contribution["response"], response != .null {
                let reason = (language == "en" ? response["reason"]?["en"]?.stringValue : nil) ?? response["reason"]?["nl"]?.stringValue
                lines.append(
                    "   \(t("Reactie van de gemeente", "The municipality's response")): \(status(response["status"]?.stringValue))"
                        + (reason.map { " — \($0)" } ?? "") + " (\(day(response["decided_on"])))")
            }
        }
        let reportBacks = export["report_backs"]?.elements ?? []
        lines.append("")
        lines.append("\(t("Terugkoppelingen die u ontving", "Report-backs you received")) (\(reportBacks.count))")
        if reportBacks.isEmpty { lines.append(t("Geen.", "None.")) }
        for reportBack in reportBacks {
            let summary =
                (language == "en" ? reportBack["summary"]?["en"]?.stringValue : nil) ?? reportBack["summary"]?["nl"]?.stringValue ?? ""
            lines.append("- \(day(reportBack["sent_on"])): \(summary)")
        }
        lines += [
            "",
            t(
                "U kunt ons vragen deze gegevens te verbeteren of te wissen. Uw bijdragen blijven dan zonder uw kenmerk bewaard, zodat niemand ze nog met u kan verbinden.",
                "You may ask us to correct or erase these data. Your contributions are then kept without your reference, so that no one can link them to you."
            ),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private func yesNo(_ value: JSONValue?) -> String { value == .bool(true) ? t("ja", "yes") : t("nee", "no") }

    private func role(_ raw: String?) -> String {
        switch raw {
        case "resident": t("bewoner", "resident")
        case "entrepreneur": t("ondernemer", "entrepreneur")
        case "organisation": t("namens een organisatie", "on behalf of an organisation")
        case "visitor": t("bezoeker", "visitor")
        case "other": t("anders", "other")
        default: t("niet bekend", "not known")
        }
    }

    private func status(_ raw: String?) -> String {
        switch raw {
        case "received": t("ontvangen", "received")
        case "under_consideration": t("in behandeling", "under consideration")
        case "adopted": t("overgenomen", "adopted")
        case "partly_adopted": t("deels overgenomen", "partly adopted")
        case "not_adopted": t("niet overgenomen", "not adopted")
        default: raw ?? "-"
        }
    }

    /// `2026-11-26` or an ISO 8601 moment as "26 november 2026" (nl) or "26 November 2026" (en).
    private func day(_ value: JSONValue?) -> String {
        guard let text = value?.stringValue, text.count >= 10 else { return "-" }
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return String(text.prefix(10)) }
        let nl = [
            "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
        ]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(parts[2]) \((language == "en" ? en : nl)[parts[1] - 1]) \(parts[0])"
    }
}
