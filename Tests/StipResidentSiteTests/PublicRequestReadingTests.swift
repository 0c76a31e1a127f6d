import Crypto
import StipDomain
@testable import StipResidentSite
import StipParticipation
import Testing
import StipJSON

@Suite("Reading a resident's request: cookies, signatures, answers")
struct PublicRequestReadingTests {
    let signer = PublicSigner(key: SymmetricKey(data: Array(repeating: 7, count: 32) as [UInt8]))

    @Test("the browser cookie is found among others, not mistaken for a cookie whose name ends the same")
    func cookieFields() {
        #expect(ResidentSite.cookie("stip_b", inFields: ["stip_b=abc.def"]) == "abc.def")
        #expect(ResidentSite.cookie("stip_b", inFields: ["theme=dark; stip_b=abc.def; lang=nl"]) == "abc.def")
        #expect(ResidentSite.cookie("stip_b", inFields: ["xstip_b=wrong; stip_bb=wrong", "stip_b=right"]) == "right")
        #expect(ResidentSite.cookie("stip_b", inFields: ["stip_b="]) == "")
        #expect(ResidentSite.cookie("stip_b", inFields: ["stip_b=first", "stip_b=second"]) == "first")
        #expect(ResidentSite.cookie("stip_b", inFields: ["theme=dark", "stip_b"]) == nil)
        #expect(ResidentSite.cookie("stip_b", inFields: []) == nil)
    }

    @Test("a browser cookie holds only with its own signature")
    func browserCookie() {
        let (id, value) = signer.newBrowserCookie()
        #expect(id.count == 32 && id.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(signer.browserID(fromCookie: value) == id)
        #expect(signer.newBrowserCookie().id != id)

        let signature = value.split(separator: ".")[1]
        let otherID = String(repeating: "0", count: 32)
        #expect(signer.browserID(fromCookie: "\(otherID).\(signature)") == nil, "a signature belongs to one id")
        let changed = signature.last == "A" ? "B" : "A"
        #expect(signer.browserID(fromCookie: "\(id).\(signature.dropLast())\(changed)") == nil)
        #expect(signer.browserID(fromCookie: "\(id.dropLast()).\(signature)") == nil, "ids have 32 digits")
        #expect(signer.browserID(fromCookie: id) == nil)
        #expect(signer.browserID(fromCookie: "") == nil)
        let otherKey = PublicSigner(key: SymmetricKey(data: Array(repeating: 8, count: 32) as [UInt8]))
        #expect(otherKey.browserID(fromCookie: value) == nil, "cookies of another installation do not hold")
    }

    @Test("JSON answers land at the fields' pointers, nested and escaped, with the form's checks")
    func answersAtPointers() throws {
        func text(_ value: String) -> JSONValue { .string(value) }
        func field(_ id: String, _ type: String, pointer: String, _ extra: [String: JSONValue] = [:]) -> JSONValue {
            .object(["id": text(id), "type": text(type), "label": text(id), "pointer": text(pointer)].merging(extra) { $1 })
        }
        let options = JSONValue.array([.object(["id": text("a"), "label": text("A")]), .object(["id": text("b"), "label": text("B")])])
        let form = try #require(
            PublicForm(
                .object([
                    "title": text("Peiling"), "submit_label": text("Versturen"),
                    "fields": .array([
                        field("variant", "single_choice", pointer: "/answers/variant", ["required": .bool(true), "options": options]),
                        field("safety", "scale", pointer: "/answers/safety", ["min": .int(1), "max": .int(5)]),
                        field("odd", "text", pointer: "/answers/a~1b~0c"),
                        field("age", "text", pointer: "/profile/age_band"),
                    ]),
                ])))
        let texts = PublicTexts(language: .en)
        let good = FormSubmission.fromJSON(
            ["variant": text("b"), "safety": text("4,0"), "odd": text("x"), "age": text("30-44")], form: form, texts: texts)
        #expect(good.errors.isEmpty)
        #expect(
            good.submission
                == .object([
                    "answers": .object(["variant": text("b"), "safety": .int(4), "a/b~c": text("x")]),
                    "profile": .object(["age_band": text("30-44")]),
                ]))

        let bad = FormSubmission.fromJSON(["safety": .int(9)], form: form, texts: texts)
        #expect(bad.errors["variant"] == texts.mustAnswer)
        #expect(bad.errors["safety"] != nil)
        #expect(bad.errors.count == 2)
    }
}
