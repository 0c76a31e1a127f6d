/// Fixed values of the plugin protocol (docs/plugin-protocol.md).
public enum PluginProtocol {
    /// The versions this build speaks, newest first.
    public static let supportedVersions = ["1.3", "1.2", "1.1", "1.0"]
    /// The environment variable and value that tell a plugin stipd started it.
    public static let cookieName = "STIP_PLUGIN_COOKIE"
    public static let cookieValue = "stip-method-plugin-1c2f"
    /// What a plugin started by hand says before it exits 1.
    public static let startedByHandMessage = "this is a Stip method plugin; stipd starts it"
    /// Largest message, newline included.
    public static let maxMessageBytes = 16 * 1024 * 1024

    /// The request and notification names.
    public enum Method {
        public static let initialize = "initialize"
        public static let validateActivity = "validate_activity"
        public static let validateContribution = "validate_contribution"
        /// Protocol 1.1, with the `validate_batch` capability: many submissions to one activity in one request.
        public static let validateContributions = "validate_contributions"
        public static let publicForm = "public_form"
        public static let importRows = "import"
        public static let evaluateBegin = "evaluate_begin"
        public static let evaluateBatch = "evaluate_batch"
        public static let evaluateEnd = "evaluate_end"
        /// Protocol 1.2, for the formats in the `export_formats` capability: an activity's contributions streamed
        /// to the plugin, which writes the document (a CSV for the reporting desk, GeoJSON for GIS, a checklist).
        public static let exportBegin = "export_begin"
        public static let exportBatch = "export_batch"
        public static let exportEnd = "export_end"
        public static let ping = "ping"
        public static let shutdown = "shutdown"
        public static let exit = "exit"
        public static let cancel = "$/cancel"
    }

    /// Whether `version` ("MAJOR.MINOR") is `major.minor` or a later minor version of the same major: what
    /// a side may use once that version was chosen.
    public static func version(_ version: String, includes major: Int, _ minor: Int) -> Bool {
        let parts = version.split(separator: ".").compactMap { Int($0) }
        return parts.count == 2 && parts[0] == major && parts[1] >= minor
    }

    /// Picks the version to speak: the highest offered one whose major this side also speaks.
    /// - Returns: `nil` when no major is shared.
    public static func negotiate(offered: [String], supported: [String] = supportedVersions) -> String? {
        func parts(_ v: String) -> (Int, Int)? {
            let p = v.split(separator: ".").compactMap { Int($0) }
            return p.count == 2 ? (p[0], p[1]) : nil
        }
        let ours = supported.compactMap(parts)
        let candidates = offered.compactMap(parts).compactMap { offeredVersion -> (Int, Int)? in
            guard let mine = ours.filter({ $0.0 == offeredVersion.0 }).max(by: { $0.1 < $1.1 }) else { return nil }
            return (offeredVersion.0, min(offeredVersion.1, mine.1))
        }
        guard let best = candidates.max(by: { $0 < $1 }) else { return nil }
        return "\(best.0).\(best.1)"
    }
}
