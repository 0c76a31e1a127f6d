/// The frame around every resident page: language, skip link, header, footer; one stylesheet, no scripts.
struct PublicLayout {
    let texts: PublicTexts
    /// The municipality's name, when the page belongs to one.
    let municipality: String?
    /// This page's path and its other query parameters, ending in `?` or `&`, for the language switch.
    let path: String

    func page(title: String, body: String) -> String {
        let other = texts.otherLanguageCode
        return """
            <!doctype html>
            <html lang="\(texts.language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title.html)\(municipality.map { " – \($0.html)" } ?? "")</title>
            <link rel="stylesheet" href="/static/stip.css">
            </head>
            <body>
            <a class="skip" href="#main">\(texts.skipToContent.html)</a>
            <header>
            <p class="municipality">\((municipality ?? "Stip").html)</p>
            <nav aria-label="\(texts.language == .nl ? "Taal" : "Language")"><a href="\(path.html)lang=\(other)" lang="\(other)" hreflang="\(other)">\(texts.otherLanguage.html)</a></nav>
            </header>
            <main id="main">
            \(body)
            </main>
            <footer><p>\(texts.cookieNotice.html)</p></footer>
            </body>
            </html>
            """
    }

    /// The only stylesheet: system fonts, contrast above WCAG AA (4.5:1), visible focus, large targets.
    static let stylesheet = """
        *, *::before, *::after { box-sizing: border-box; }
        :root { color: #1b1b1b; background: #ffffff; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; }
        body { margin: 0 auto; max-width: 42rem; padding: 0 1rem 3rem; font-size: 1.125rem; }
        a { color: #0b4f9c; text-decoration: underline; }
        a:focus, input:focus, select:focus, textarea:focus, button:focus { outline: 3px solid #b35900; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #ffffff; padding: .5rem; }
        header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #1b1b1b; margin-bottom: 1.5rem; }
        .municipality { font-weight: 700; }
        h1 { font-size: 1.75rem; line-height: 1.25; }
        fieldset { border: 1px solid #595959; border-radius: 4px; margin: 0 0 1.5rem; padding: .75rem 1rem; }
        legend, label.question { font-weight: 700; }
        .hint { color: #404040; margin: .25rem 0 .5rem; }
        .choice { display: flex; gap: .5rem; align-items: center; margin: .35rem 0; }
        .choice input { width: 1.5rem; height: 1.5rem; }
        input[type=text], input[type=email], input[type=number], textarea, select { font: inherit; padding: .4rem; border: 2px solid #595959; border-radius: 4px; max-width: 100%; }
        textarea { width: 100%; min-height: 8rem; }
        button { font: inherit; font-weight: 700; color: #ffffff; background: #0b4f9c; border: 0; border-radius: 4px; padding: .75rem 1.5rem; cursor: pointer; }
        .error-summary { border: 4px solid #b00020; padding: 1rem; margin-bottom: 1.5rem; }
        .error { color: #b00020; font-weight: 700; margin: .25rem 0; }
        [aria-invalid=true] { border-color: #b00020; }
        .scale-ends { display: flex; justify-content: space-between; color: #404040; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #8c8c8c; vertical-align: top; }
        footer { margin-top: 3rem; border-top: 1px solid #8c8c8c; color: #404040; font-size: 1rem; }
        """
}
