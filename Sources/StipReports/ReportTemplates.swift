import Foundation
import Mustache

/// A workspace's own report templates (its house style), checked when they are uploaded so that a report never
/// fails to render because of one.
public enum ReportTemplates {
    /// The templates a workspace may replace, by name.
    public static let names = ["report-html", "report-md", "municipality-html", "municipality-md"]
    /// The largest template accepted.
    public static let maximumBytes = 256 * 1024

    /// Why a template was refused: what and where, and what to do.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Checks a template before it is stored: a known name, not too large, parses, and never turns escaping off.
    public static func check(name: String, text: String) throws(Refusal) {
        guard names.contains(name) else {
            throw Refusal(description: "there is no report template \"\(name)\"; the templates are \(names.joined(separator: ", "))")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Refusal(description: "the template is empty; send the template's text (start from the built-in \(name).mustache)")
        }
        guard text.utf8.count <= maximumBytes else {
            throw Refusal(description: "the template is \(text.utf8.count) bytes; at most \(maximumBytes) are accepted")
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let column = line.range(of: "{{{")?.lowerBound ?? line.range(of: "{{&")?.lowerBound {
                throw Refusal(
                    description:
                        "line \(index + 1), column \(line.distance(from: line.startIndex, to: column) + 1): {{{…}}} and {{&…}} turn escaping off; use {{…}}, which escapes what a value holds"
                )
            }
        }
        // The Markdown content type the templates may name is registered with the built-in library.
        _ = ReportRenderer.library
        do {
            _ = try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            let hint =
                switch error.error {
                case MustacheTemplate.Error.sectionCloseNameIncorrect, MustacheTemplate.Error.expectedSectionEnd:
                    "close every section you open ({{#name}} … {{/name}}), with the same name"
                case MustacheTemplate.Error.unrecognisedConfigVariable:
                    "the content types are HTML, TEXT and MARKDOWN"
                default: "see the built-in templates in Sources/StipReports/Templates"
                }
            throw Refusal(
                description:
                    "line \(error.context.lineNumber), column \(error.context.columnNumber): \(error.error) in \"\(error.context.line.trimmingCharacters(in: .whitespaces))\"; \(hint)"
            )
        } catch {
            throw Refusal(description: "the template does not parse: \(error)")
        }
    }

    /// The library to render with: the built-in templates, with the workspace's own in place of those it replaced.
    /// An override that no longer parses (it was checked at upload) leaves the built-in template in place.
    static func library(overrides: [String: String]) -> MustacheLibrary {
        guard !overrides.isEmpty else { return ReportRenderer.library }
        var library = ReportRenderer.library
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) where names.contains(name) {
            try? library.register(text, named: name)
        }
        return library
    }
}
