/// The fixed texts of a report, in its language: headings, column names, verdicts.
public struct ReportLabels: Codable, Sendable, Equatable {
    public var report: String
    public var cycle: String
    public var summary: String
    public var goals: String
    public var keyFindings: String
    public var context: String
    public var why: String
    public var objectives: String
    public var result: String
    public var level: String
    public var decisionMaker: String
    public var legalBasis: String
    public var owner: String
    public var approach: String
    public var phases: String
    public var activities: String
    public var reach: String
    public var representation: String
    public var representationNote: String
    public var group: String
    public var ratio: String
    public var interval: String
    public var methodResults: String
    public var notEvaluated: String
    public var findings: String
    public var recommendation: String
    public var goal: String
    public var target: String
    public var value: String
    public var verdict: String
    public var trend: String
    public var figure: String
    public var noFindings: String
    public var page: String
    public var populationYear: String
    public var participantsShare: String
    public var populationShare: String
    public var chartLegend: String
    public var trends: String
    public var cycleColumn: String
    public var date: String
    public var feedback: String
    public var reportBacks: String
    public var channel: String
    public var recipients: String
    public var reflections: String
    public var wentWell: String
    public var toChange: String
    public var decisions: String
    public var theme: String
    public var decision: String
    public var explanation: String
    public var byStatus: String
    public var participants: String
    public var method: String
    public var access: String

    static let nl = ReportLabels(
        report: "Evaluatie van de participatie", cycle: "Evaluatiecyclus", summary: "Samenvatting", goals: "Doelen",
        keyFindings: "Belangrijkste bevindingen", context: "Aanleiding, doel en kaders", why: "Aanleiding",
        objectives: "Doelen van het traject",
        result: "Beoogd resultaat", level: "Participatieniveau", decisionMaker: "Wie besluit", legalBasis: "Wettelijke basis",
        owner: "Eigenaar", approach: "Aanpak", phases: "Fasen", activities: "Activiteiten", reach: "Bereik",
        representation: "Representativiteit",
        representationNote:
            "Verhouding tussen het aandeel deelnemers en het aandeel in de bevolking (CBS); 1,0 is evenredig. Tussen haakjes het 95%-betrouwbaarheidsinterval.",
        group: "Groep", ratio: "Verhouding", interval: "95%-interval", methodResults: "Wat is er opgehaald",
        notEvaluated: "niet geëvalueerd", findings: "Bevindingen en aanbevelingen", recommendation: "Aanbeveling", goal: "Doel",
        target: "Streefwaarde", value: "Waarde", verdict: "Oordeel", trend: "Trend", figure: "Kengetal",
        noFindings: "Geen bevindingen.", page: "pagina", populationYear: "Bevolkingscijfers", participantsShare: "Aandeel deelnemers",
        populationShare: "Aandeel bevolking",
        chartLegend:
            "Per groep: de grijze balk is het aandeel deelnemers met een lijn voor het 95%-interval, de open balk het aandeel in de bevolking.",
        trends: "Doelen door de cycli heen", cycleColumn: "Cyclus", date: "Datum", feedback: "Wat is er met de inbreng gedaan",
        reportBacks: "Terugkoppelingen", channel: "Kanaal", recipients: "Ontvangers", reflections: "Reflectie per fase",
        wentWell: "Wat ging goed", toChange: "Wat doen we anders", decisions: "Besluit per thema", theme: "Thema", decision: "Besluit",
        explanation: "Toelichting", byStatus: "Stand van de reacties", participants: "Deelnemers", method: "Methode", access: "Toegang")

    static let en = ReportLabels(
        report: "Participation evaluation", cycle: "Evaluation cycle", summary: "Summary", goals: "Goals",
        keyFindings: "Key findings", context: "Background, objectives and frame", why: "Background", objectives: "Objectives",
        result: "Intended result", level: "Participation level", decisionMaker: "Who decides", legalBasis: "Legal basis", owner: "Owner",
        approach: "Approach", phases: "Phases", activities: "Activities", reach: "Reach", representation: "Representativeness",
        representationNote:
            "Participants' share divided by the population's share (CBS); 1.0 is proportional. In brackets the 95% confidence interval.",
        group: "Group", ratio: "Ratio", interval: "95% interval", methodResults: "What was gathered", notEvaluated: "not evaluated",
        findings: "Findings and recommendations", recommendation: "Recommendation", goal: "Goal", target: "Target", value: "Value",
        verdict: "Verdict", trend: "Trend", figure: "Figure", noFindings: "No findings.", page: "page",
        populationYear: "Population figures",
        participantsShare: "Participants' share", populationShare: "Population's share",
        chartLegend:
            "Per group: the grey bar is the participants' share with a line for its 95% interval, the open bar the population's share.",
        trends: "Goals across cycles", cycleColumn: "Cycle", date: "Date", feedback: "What was done with the input",
        reportBacks: "Report-backs", channel: "Channel", recipients: "Recipients", reflections: "Reflection per phase",
        wentWell: "What went well",
        toChange: "What we change", decisions: "Decision per theme", theme: "Theme", decision: "Decision", explanation: "Explanation",
        byStatus: "Where the responses stand", participants: "Participants", method: "Method", access: "Access"
    )

    static func of(_ language: String) -> ReportLabels { language == "en" ? en : nl }
}
