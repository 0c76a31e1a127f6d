import Crypto
import Foundation
import Hummingbird
import StipDomain
import StipParticipation

/// The frame around every resident page (`Templates/layout.mustache`): language, skip link, header, footer;
/// one stylesheet, no scripts.
struct PublicLayout {
    let texts: PublicTexts
    /// The municipality's name, when the page belongs to one.
    let municipality: String?
    /// This page's path and its other query parameters, ending in `?` or `&`, for the language switch.
    let path: String
    /// The municipality's own look, when it has set one.
    var brand: Brand? = nil

    /// Where a workspace's accent stylesheet and logo are served. The address carries a digest of what is served,
    /// so browsers may keep them for a day and still see a change at once, across restarts too.
    struct Brand {
        var stylesheet: String?
        var logo: String?

        init(slug: String, branding: Branding) {
            stylesheet = branding.accentColor.map { "/static/brand/\(slug)/accent.css?v=\(Self.digest(Data($0.utf8)))" }
            logo = branding.logo.map { "/static/brand/\(slug)/logo?v=\(Self.digest($0.bytes))" }
        }

        static func digest(_ data: Data) -> String {
            SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
        }
    }

    /// The frame of a page titled `title`; a page that shows errors says so first in its title, which is the
    /// first thing a screen reader reads after a failed submission.
    func frame(title: String, failed: Bool = false) -> PageFrame {
        let other = texts.otherLanguageCode
        return PageFrame(
            language: texts.language.rawValue, title: failed ? "\(texts.errorTitlePrefix) \(title)" : title, municipality: municipality,
            brand: municipality ?? "Stip", skipToContent: texts.skipToContent, languageLabel: texts.languageLabel,
            switchHref: "\(path)lang=\(other)", otherLanguageCode: other, otherLanguage: texts.otherLanguage,
            cookieNotice: texts.cookieNotice, brandStylesheet: brand?.stylesheet, logo: brand?.logo)
    }

    /// The only stylesheet (`Templates/stip.css`): system fonts, contrast above WCAG AA (4.5:1), visible focus,
    /// large targets.
    static let stylesheet = String(decoding: PackageResources.stip_css, as: UTF8.self)
}
