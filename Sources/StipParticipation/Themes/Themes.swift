import StipConfig
public import StipDomain
import StipStorage

/// A trajectory's themes as a consultant handles them: listed with what they hold, named by tag or label,
/// renamed and merged (every contribution and response re-tagged in one transaction).
public struct Themes: Sendable {
    let store: any ParticipationStore

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// The trajectory's themes, fullest first.
    /// - Throws: `trajectory_not_found`.
    public func list(_ workspace: ResolvedWorkspace, trajectory: String) async throws(DomainError) -> [ThemeSummary] {
        try await translatingFailures { try await store.themes(workspace.slug, trajectory: trajectory) }
    }

    /// The tag a consultant means by `text`: a tag or a label of the trajectory, in any case and spacing.
    /// - Throws: `invalid_reference` with the closest theme, or the themes there are.
    public func resolve(_ workspace: ResolvedWorkspace, trajectory: String, _ text: String) async throws(DomainError) -> String {
        let names = try await translatingFailures { try await store.themeNames(workspace.slug, trajectory: trajectory) }
        guard let tag = ThemeName(text)?.tag else {
            throw DomainError(.invalidInput, ThemeNames.notATheme(text))
        }
        if names.contains(where: { $0.tag == tag }) { return tag }
        if let byLabel = names.first(where: { ThemeName.tag(for: $0.label) == tag || $0.labelEn.flatMap(ThemeName.tag) == tag }) {
            return byLabel.tag
        }
        let hint = closestName(to: tag, among: names.map(\.tag)).map { "; did you mean \($0)?" } ?? ""
        let known = names.isEmpty ? "it has no themes yet" : "its themes are \(names.map(\.tag).joined(separator: ", "))"
        throw DomainError(
            .invalidReference, "trajectory \(trajectory) has no theme \"\(text)\"\(hint) (\(known); `stipctl themes` lists them)",
            fieldIssues: [FieldIssue(field: "theme", message: "not a theme of the trajectory\(hint)")])
    }

    /// Gives a theme another tag and label; its contributions and responses follow.
    /// - Throws: `invalid_reference` for a theme the trajectory does not have; `invalid_value` for a new name without letters.
    public func rename(
        _ workspace: ResolvedWorkspace, trajectory: String, theme: String, to newName: String, labelEn: String?, by actor: AuditActor
    ) async throws(DomainError) -> ThemeSummary {
        try await merge(workspace, trajectory: trajectory, themes: [theme], into: newName, labelEn: labelEn, by: actor)
    }

    /// Puts the contributions and responses of several themes under one (an existing one or a new one).
    public func merge(
        _ workspace: ResolvedWorkspace, trajectory: String, themes: [String], into target: String, labelEn: String?,
        by actor: AuditActor
    ) async throws(DomainError) -> ThemeSummary {
        try workspace.requireLive()
        guard !themes.isEmpty else { throw DomainError(.invalidInput, "name at least one theme to merge") }
        var sources: [String] = []
        for theme in themes { sources.append(try await resolve(workspace, trajectory: trajectory, theme)) }
        let names = try await translatingFailures { try await store.themeNames(workspace.slug, trajectory: trajectory) }
        guard var name = ThemeName(target, labelEn: labelEn) else {
            throw DomainError(.invalidValue, "the new theme: " + ThemeNames.notATheme(target))
        }
        // Merging into an existing theme by its tag keeps that theme's label.
        if let existing = names.first(where: { $0.tag == name.tag }), target == existing.tag {
            name = ThemeName(tag: existing.tag, label: existing.label, labelEn: labelEn ?? existing.labelEn)
        }
        let target = name
        _ = try await translatingFailures {
            try await store.retagThemes(workspace.slug, trajectory: trajectory, from: sources, to: target, by: actor)
        }
        let listed = try await list(workspace, trajectory: trajectory)
        return listed.first { $0.tag == target.tag }
            ?? ThemeSummary(tag: target.tag, label: target.label, labelEn: target.labelEn, contributions: 0, answered: false)
    }
}
