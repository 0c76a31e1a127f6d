import Foundation
import StipDomain
import Testing

@Suite("workspace rules")
struct WorkspaceRulesTests {
    @Test("valid slugs", arguments: ["utrecht", "den-haag", "s-hertogenbosch", "a", "0", String(repeating: "a", count: 63)])
    func validSlugs(_ text: String) throws {
        #expect(try WorkspaceSlug(validating: text).rawValue == text)
    }

    @Test(
        "invalid slugs say why",
        arguments: [
            ("", "empty"), ("A", "start with"), ("../x", "start with"), ("a/b", "\"/\""), ("café", "\"é\""),
            (String(repeating: "a", count: 64), "longer than 63"), ("-x", "start with"), ("a b", "\" \""), ("import", "reserved"),
            ("a\u{0}b", "is not allowed"),
        ])
    func invalidSlugs(_ text: String, _ reason: String) {
        #expect {
            try WorkspaceSlug(validating: text)
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.code == .invalidSlug && error.message.contains(reason)
        }
    }

    @Test("a draft reports every bad field at once")
    func draftCollectsProblems() {
        #expect {
            try WorkspaceDraft(slug: "delft", name: "  ", cbsCode: "0503", timeZone: "CET", locale: "fr")
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.code == .invalidValue && Set(error.fieldIssues.map(\.field)) == ["name", "cbs_code", "timezone", "locale"]
        }
    }

    @Test("defaults: Europe/Amsterdam and nl")
    func draftDefaults() throws {
        let draft = try WorkspaceDraft(slug: "delft", name: " Gemeente Delft ", cbsCode: "GM0503", timeZone: nil, locale: nil)
        #expect(draft.timeZone == "Europe/Amsterdam")
        #expect(draft.locale == .nl)
        #expect(draft.name == "Gemeente Delft")
    }

    @Test("changes apply only what differs and can clear the CBS code")
    func changes() throws {
        var workspace = try WorkspaceDraft(slug: "delft", name: "Delft", cbsCode: "GM0503", timeZone: nil, locale: nil).workspace(
            createdAt: .now)
        let changed = try WorkspaceChanges(name: "Delft", cbsCode: .some(nil), timeZone: "Europe/Brussels", locale: nil).apply(
            to: &workspace)
        #expect(changed == ["cbs_code", "timezone"])
        #expect(workspace.cbsCode == nil)
    }
}
