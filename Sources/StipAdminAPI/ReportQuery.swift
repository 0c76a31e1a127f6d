import Hummingbird
import StipDomain
import StipHTTP
import StipParticipation
import StipReports

/// The query of `GET …/cycles/{cycle}/report`: `format` (html, pdf, md, json; default html), `lang` (nl, en;
/// default the workspace's language) and `audience` (college, council, public; default council).
enum ReportQuery {
    static func options(_ request: Request, workspace: ResolvedWorkspace) throws -> ReportOptions {
        let query = request.uri.queryParameters
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type, default value: T) throws -> T
        where T.RawValue == String {
            guard let text = query.get(name) else { return value }
            guard let chosen = T(rawValue: text) else {
                throw APIProblem.invalidQuery("\(name)=\(text) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return chosen
        }
        let language = query.get("lang") ?? workspace.locale.rawValue
        guard ["nl", "en"].contains(language) else { throw APIProblem.invalidQuery("lang=\(language) must be nl or en") }
        return ReportOptions(
            format: try choice("format", ReportOptions.Format.self, default: .html), language: language,
            audience: try choice("audience", ReportOptions.Audience.self, default: .council))
    }
}
