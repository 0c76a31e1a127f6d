public import Foundation

/// How a municipality's resident pages look beyond the sober default: one accent colour (links, the submit button,
/// the header's rule) and a logo beside its name. Checked when it is set, so no page can become unreadable.
public struct Branding: Sendable, Equatable {
    /// `#rrggbb`, lower case; readable on white (at least 4.5:1).
    public var accentColor: String?
    public var logo: Logo?

    public init(accentColor: String? = nil, logo: Logo? = nil) {
        self.accentColor = accentColor
        self.logo = logo
    }

    /// A logo image as it is served to residents.
    public struct Logo: Sendable, Equatable {
        public var mediaType: String
        public var bytes: Data

        public init(mediaType: String, bytes: Data) {
            self.mediaType = mediaType
            self.bytes = bytes
        }
    }

    /// What an admin sees: the colour and the logo's kind and size, not its bytes.
    public var summary: BrandingSummary {
        BrandingSummary(accentColor: accentColor, logo: logo.map { .init(mediaType: $0.mediaType, bytes: $0.bytes.count) })
    }
}

/// The branding as the admin API shows it.
public struct BrandingSummary: Sendable, Codable, Equatable {
    public var accentColor: String?
    public var logo: LogoSummary?

    public struct LogoSummary: Sendable, Codable, Equatable {
        public var mediaType: String
        public var bytes: Int

        enum CodingKeys: String, CodingKey {
            case mediaType = "media_type"
            case bytes
        }
    }

    enum CodingKeys: String, CodingKey {
        case accentColor = "accent_color"
        case logo
    }
}
