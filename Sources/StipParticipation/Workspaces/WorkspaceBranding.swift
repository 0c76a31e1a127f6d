public import Foundation
public import StipDomain
import StipStorage

/// A municipality's look on the resident pages: its accent colour and its logo, checked before they are stored
/// (contrast with white, a PNG or a harmless SVG), so no setting can make a page unreadable or unsafe.
public struct WorkspaceBranding: Sendable {
    let store: any ParticipationStore

    init(store: any ParticipationStore) {
        self.store = store
    }

    public func get(_ workspace: ResolvedWorkspace) async throws(DomainError) -> BrandingSummary {
        try await translatingFailures { try await store.branding(workspace.slug) }.summary
    }

    /// Sets the accent colour, or with `nil` goes back to the default.
    /// - Throws: `invalid_value` for a colour that is not `#rrggbb` or lacks contrast with white, with one that works.
    public func setAccentColor(_ workspace: ResolvedWorkspace, _ color: String?, by actor: AuditActor) async throws(DomainError)
        -> BrandingSummary
    {
        try workspace.requireLive()
        var checked: String?
        if let color { checked = try AccentColor.check(color).get() }
        try await translatingFailures { try await store.setAccentColor(workspace.slug, checked, by: actor) }
        return try await get(workspace)
    }

    /// Sets the logo from an upload.
    /// - Throws: `invalid_value` for an image that is too large or unsafe, `unsupported_format` for another type.
    public func setLogo(_ workspace: ResolvedWorkspace, _ bytes: Data, contentType: String, by actor: AuditActor)
        async throws(DomainError) -> BrandingSummary
    {
        try workspace.requireLive()
        let logo = try LogoImage.check(bytes, contentType: contentType).get()
        try await translatingFailures { try await store.setLogo(workspace.slug, logo, by: actor) }
        return try await get(workspace)
    }

    public func removeLogo(_ workspace: ResolvedWorkspace, by actor: AuditActor) async throws(DomainError) -> BrandingSummary {
        try workspace.requireLive()
        try await translatingFailures { try await store.setLogo(workspace.slug, nil, by: actor) }
        return try await get(workspace)
    }
}
