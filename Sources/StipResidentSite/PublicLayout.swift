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

    /// Where a workspace's accent stylesheet and logo are served; the generation in the address changes with them,
    /// so browsers may keep them for a day.
    struct Brand {
        var stylesheet: String?
        var logo: String?

        init(slug: String, generation: Int, branding: Branding) {
            stylesheet = branding.accentColor.map { _ in "/static/brand/\(slug)/accent.css?v=\(generation)" }
            logo = branding.logo.map { _ in "/static/brand/\(slug)/logo?v=\(generation)" }
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
