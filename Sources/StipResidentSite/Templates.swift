import Mustache

/// The resident pages' templates (`Templates/*.mustache`, compiled into the binary), parsed once.
///
/// Every value is HTML-escaped by default; a template that turns escaping off (`{{{…}}}` or `{{&…}}`) is
/// refused by a test, so a forgotten escape cannot happen. Pages extend `layout` (template inheritance).
enum Templates {
    /// The templates by name; a template that does not parse stops the daemon at its first page with a clear
    /// message (and fails the tests long before).
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, bytes) in sources {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                preconditionFailure("template \(name).mustache does not parse: \(error)")
            }
        }
        return library
    }()

    /// The template files by name, as compiled in.
    static let sources: [(String, [UInt8])] = [
        ("layout", PackageResources.layout_mustache),
        ("notice", PackageResources.notice_mustache),
        ("workspace", PackageResources.workspace_mustache),
        ("trajectory", PackageResources.trajectory_mustache),
        ("thanks", PackageResources.thanks_mustache),
        ("form", PackageResources.form_mustache),
        ("field", PackageResources.field_mustache),
        ("field-notes", PackageResources.field_notes_mustache),
    ]

    /// Renders a page: `content` inside the frame every page shares.
    static func render<Content>(_ template: String, frame: PageFrame, _ content: Content) -> String {
        guard let html = library.render(Page(frame: frame, content: content), withTemplate: template) else {
            preconditionFailure("no template \(template)")
        }
        return html
    }
}

/// What a template renders: the frame and the page's own values.
struct Page<Content> {
    let frame: PageFrame
    let content: Content
}

/// What the layout shows around every page.
struct PageFrame {
    let language: String
    let title: String
    let municipality: String?
    let brand: String
    let skipToContent: String
    let languageLabel: String
    let switchHref: String
    let otherLanguageCode: String
    let otherLanguage: String
    let cookieNotice: String
    /// The municipality's accent colour, as a stylesheet of its own (no inline styles).
    let brandStylesheet: String?
    /// The municipality's logo; decorative beside its name, so without alternative text.
    let logo: String?
}

/// A link with its text.
struct LinkView {
    let href: String
    let label: String
}
