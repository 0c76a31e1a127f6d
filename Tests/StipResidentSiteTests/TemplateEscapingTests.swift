import Foundation
import StipJSON
import StipParticipation
@testable import StipResidentSite
import StipTestSupport
import Testing

/// The resident pages are templates that escape every value; nothing a resident or a plugin sends reaches a page as markup.
@Suite("templates escape by default")
struct TemplateEscapingTests {
    @Test("no template turns escaping off ({{{…}}} or {{&…}})")
    func noUnescapedTags() throws {
        let folder = OpenAPIOperations.repositoryRoot.appending(path: "Sources/StipResidentSite/Templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        #expect(names.count == Templates.sources.count, "every template file is compiled in: \(names)")
        for name in names {
            let text = try String(contentsOf: folder.appending(path: name), encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name) turns escaping off")
            #expect(!text.contains("<script") && !text.contains("style="), "\(name) has a script or an inline style")
        }
    }

    @Test("a plugin's labels and a resident's answers are escaped in text and in attributes")
    func hostileText() throws {
        let hostile = "\"><script>alert('x')</script>&"
        let form = try #require(
            PublicForm(
                .object([
                    "title": .string(hostile), "submit_label": .string("Versturen"),
                    "fields": .array([
                        .object([
                            "id": .string("why"), "type": .string("text"), "label": .string(hostile), "help": .string(hostile),
                        ]),
                        .object([
                            "id": .string("pick"), "type": .string("single_choice"), "label": .string("Kies"),
                            "options": .array([.object(["id": .string(hostile), "label": .string(hostile)])]),
                        ]),
                    ]),
                ])))
        let texts = PublicTexts(language: .nl)
        let view = FormRenderer(texts: texts).view(
            form, closes: nil, action: "/w/t/a", token: "token", askCode: true, entered: ["why": [hostile], "stip-code": [hostile]],
            errors: ["why": hostile], codeError: hostile, back: LinkView(href: "/w/t/", label: hostile))
        let layout = PublicLayout(texts: texts, municipality: hostile, path: "/w/t/a?")
        let html = Templates.render("form", frame: layout.frame(title: form.title), view)
        #expect(!html.contains("<script"), "\(html)")
        #expect(html.contains("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"))
        #expect(html.contains("value=\"&quot;&gt;&lt;script&gt;"), "the entered answer is kept, escaped")
    }
}
