import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import StipDomain
import StipHTTP
import StipParticipation

// MARK: - A municipality's look on the resident pages

/// `PUT /v1/workspaces/{slug}/branding`: the accent colour (`null`: the default).
struct BrandingBody: Decodable {
    static let fields: Set<String> = ["accent_color"]
    var accentColor: String?

    enum CodingKeys: String, CodingKey {
        case accentColor = "accent_color"
    }
}

extension AdminAPI {
    func registerBrandingRoutes(_ r: WorkspaceRoutes) {
        let branding = participation.branding
        r.add(.get, "/branding") { _, context in
            try JSONBodies.response(try await branding.get(context.workspace))
        }
        r.add(.put, "/branding") { request, context in
            let body = try await JSONBodies.decodeObject(
                BrandingBody.self, allowed: BrandingBody.fields, nullable: ["accent_color"], request, limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(try await branding.setAccentColor(context.workspace, body.accentColor, by: context.caller))
        }
        r.add(.put, "/branding/logo") { request, context in
            let type = request.headers[.contentType] ?? ""
            guard type.hasPrefix("image/png") || type.hasPrefix("image/svg+xml") else {
                throw APIProblem.unsupportedMediaType(expected: "image/png or image/svg+xml")
            }
            let buffer = try await JSONBodies.collect(request, limit: LogoImage.maxBytes)
            return try JSONBodies.response(
                try await branding.setLogo(context.workspace, Data(buffer.readableBytesView), contentType: type, by: context.caller))
        }
        r.add(.delete, "/branding/logo") { _, context in
            try JSONBodies.response(try await branding.removeLogo(context.workspace, by: context.caller))
        }
    }
}
