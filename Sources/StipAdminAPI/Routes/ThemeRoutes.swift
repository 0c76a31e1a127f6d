import Hummingbird
import StipDomain
import StipHTTP
import StipJSON
import StipParticipation

// MARK: - Themes of a trajectory: listed, renamed, merged

struct ThemeListBody: Encodable {
    var trajectory: String
    var themes: [ThemeSummary]
}

struct RenameThemeBody: Decodable {
    static let fields: Set<String> = ["to", "label_en"]
    var to: String
    var labelEn: String?

    enum CodingKeys: String, CodingKey {
        case to
        case labelEn = "label_en"
    }
}

struct MergeThemesBody: Decodable {
    static let fields: Set<String> = ["themes", "into", "label_en"]
    var themes: [String]
    var into: String
    var labelEn: String?

    enum CodingKeys: String, CodingKey {
        case themes, into
        case labelEn = "label_en"
    }
}

extension AdminAPI {
    func registerThemeRoutes(_ r: WorkspaceRoutes) {
        let themes = participation.themes
        r.add(.get, "/trajectories/{trajectory}/themes") { _, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(
                ThemeListBody(trajectory: trajectory, themes: try await themes.list(context.workspace, trajectory: trajectory)))
        }
        r.add(.post, "/trajectories/{trajectory}/themes/{theme}/rename") { request, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            guard let theme = context.parameters.get("theme"), !theme.isEmpty else {
                throw APIProblem.invalidQuery("name the theme to rename in the path")
            }
            let body = try await JSONBodies.decodeObject(
                RenameThemeBody.self, allowed: RenameThemeBody.fields, request, limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(
                try await themes.rename(
                    context.workspace, trajectory: trajectory, theme: theme, to: body.to, labelEn: body.labelEn, by: context.caller))
        }
        r.add(.post, "/trajectories/{trajectory}/themes/merge") { request, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let body = try await JSONBodies.decodeObject(
                MergeThemesBody.self, allowed: MergeThemesBody.fields, request, limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(
                try await themes.merge(
                    context.workspace, trajectory: trajectory, themes: body.themes, into: body.into, labelEn: body.labelEn,
                    by: context.caller))
        }
    }
}
