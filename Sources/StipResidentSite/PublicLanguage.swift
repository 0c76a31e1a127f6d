/// The language of a resident's page: Dutch unless they ask for English (`?lang=en` or `Accept-Language`).
enum PublicLanguage: String, Sendable {
    case nl, en

    /// `?lang=` wins; then the first of nl/en in `Accept-Language` by quality; then the workspace's default.
    static func choose(query: String?, acceptLanguage: String?, fallback: PublicLanguage = .nl) -> PublicLanguage {
        if let query, let chosen = PublicLanguage(rawValue: query.lowercased()) { return chosen }
        guard let acceptLanguage else { return fallback }
        var best: (PublicLanguage, Double)?
        for part in acceptLanguage.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            let primary = String(tag.prefix { $0 != "-" })
            guard let language = PublicLanguage(rawValue: primary) else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") { quality = Double(parameter.dropFirst(2)) ?? 0 }
            if quality > 0, best == nil || quality > best!.1 { best = (language, quality) }
        }
        return best?.0 ?? fallback
    }

    /// The language of a page of `workspace`: the resident's choice, else the municipality's own language.
    static func of(_ request: Request, workspace: ResolvedWorkspace) -> PublicLanguage {
        choose(
            query: request.uri.queryParameters.get("lang"), acceptLanguage: request.headers[.acceptLanguage],
            fallback: PublicLanguage(rawValue: workspace.locale.rawValue) ?? .nl)
    }
}

import Foundation
import Hummingbird
import StipParticipation
import StipDomain
