public import Foundation

/// A logo a workspace may show on its resident pages: a PNG, or an SVG without scripts, event handlers or
/// outside references, at most 256 KiB. It is served with a policy that lets it run nothing, and shown with
/// `<img>`; the checks here keep even a direct visit to it harmless.
public enum LogoImage {
    public static let maxBytes = 256 * 1024

    /// The logo, or why it is refused.
    public static func check(_ bytes: Data, contentType: String) -> Result<Branding.Logo, DomainError> {
        guard !bytes.isEmpty, bytes.count <= maxBytes else {
            return .failure(
                DomainError(.invalidValue, "a logo must be 1 byte to \(maxBytes / 1024) KiB; this one has \(bytes.count) bytes"))
        }
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch type {
        case "image/png":
            let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            guard Array(bytes.prefix(8)) == signature else {
                return .failure(DomainError(.invalidValue, "the body is not a PNG image (its first bytes are not a PNG signature)"))
            }
            return .success(Branding.Logo(mediaType: "image/png", bytes: bytes))
        case "image/svg+xml":
            guard let text = String(data: bytes, encoding: .utf8), text.range(of: "<svg", options: .caseInsensitive) != nil else {
                return .failure(DomainError(.invalidValue, "the body is not an SVG image (UTF-8 text with an <svg> element)"))
            }
            let lower = text.lowercased()
            for forbidden in ["<script", "javascript:", "<foreignobject", "<iframe", "<embed", "<object"] where lower.contains(forbidden) {
                return .failure(DomainError(.invalidValue, "an SVG logo may not contain \(forbidden); export it as a plain drawing"))
            }
            if lower.firstMatch(of: #/\son[a-z]+\s*=/#) != nil {
                return .failure(
                    DomainError(.invalidValue, "an SVG logo may not contain event handlers (on…=); export it as a plain drawing"))
            }
            if lower.firstMatch(of: #/(href|src)\s*=\s*["'](https?:|//|data:)/#) != nil {
                return .failure(DomainError(.invalidValue, "an SVG logo may not load anything from elsewhere; embed what it needs"))
            }
            return .success(Branding.Logo(mediaType: "image/svg+xml", bytes: bytes))
        default:
            return .failure(DomainError(.unsupportedFormat, "a logo is image/png or image/svg+xml, not \(type.isEmpty ? "untyped" : type)"))
        }
    }
}
