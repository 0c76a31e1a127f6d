import Foundation
import StipDomain
import Testing

@Suite("a municipality's accent colour and logo are checked before they are kept")
struct BrandingRulesTests {
    @Test("a colour that reads on white is kept in lower case; one that does not is refused with one that works")
    func accentContrast() throws {
        #expect(try AccentColor.check(" #0B4F9C ").get() == "#0b4f9c")
        #expect((AccentColor.contrastWithWhite("#0b4f9c") ?? 0) >= 4.5)
        let gold = AccentColor.check("#ffd700")
        guard case .failure(let error) = gold else {
            Issue.record("gold on white was accepted")
            return
        }
        #expect(error.code == .invalidValue && error.message.contains("4.5:1"), "\(error.message)")
        let suggestion = try #require(error.message.firstMatch(of: #/such as (#[0-9a-f]{6})/#).map { String($0.1) }, "\(error.message)")
        #expect((AccentColor.contrastWithWhite(suggestion) ?? 0) >= 4.5, "the suggestion works: \(suggestion)")
        for bad in ["blue", "#12345", "#gggggg", "1f6fb2"] {
            guard case .failure(let refusal) = AccentColor.check(bad) else {
                Issue.record("\(bad) was accepted")
                continue
            }
            #expect(refusal.message.contains("#rrggbb"), "\(refusal.message)")
        }
    }

    @Test("a logo is a PNG or an SVG that can run and load nothing, at most 256 KiB")
    func logos() {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        #expect((try? LogoImage.check(png, contentType: "image/png").get())?.mediaType == "image/png")
        let svg = Data(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#.utf8)
        #expect((try? LogoImage.check(svg, contentType: "image/svg+xml").get())?.mediaType == "image/svg+xml")
        let refused: [(Data, String, String)] = [
            (Data("not a png".utf8), "image/png", "PNG"),
            (Data(#"<svg><script>alert(1)</script></svg>"#.utf8), "image/svg+xml", "<script"),
            (Data(#"<svg onload="alert(1)"></svg>"#.utf8), "image/svg+xml", "event handlers"),
            (Data(#"<svg><image href="https://tracker.example/x.png"/></svg>"#.utf8), "image/svg+xml", "elsewhere"),
            (Data(repeating: 0x89, count: LogoImage.maxBytes + 1), "image/png", "KiB"),
            (svg, "image/gif", "image/png or image/svg+xml"),
        ]
        for (bytes, type, expected) in refused {
            guard case .failure(let error) = LogoImage.check(bytes, contentType: type) else {
                Issue.record("accepted: \(type) \(bytes.prefix(40))")
                continue
            }
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }
}
