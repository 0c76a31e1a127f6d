/// What a report is asked for: its format, language and readers.
public struct ReportOptions: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case html, md, json, pdf

        /// The media type of the rendered document.
        public var mediaType: String {
            switch self {
            case .html: "text/html; charset=utf-8"
            case .md: "text/markdown; charset=utf-8"
            case .json: "application/json"
            case .pdf: "application/pdf"
            }
        }
    }

    /// Who reads it. `public` leaves out what is internal to the municipality: the plan's owner and the
    /// follow-ups assigned to officials.
    public enum Audience: String, Sendable, CaseIterable {
        case college, council, `public`
    }

    public var format: Format
    /// `nl` or `en`.
    public var language: String
    public var audience: Audience

    public init(format: Format, language: String, audience: Audience) {
        self.format = format
        self.language = language
        self.audience = audience
    }
}
