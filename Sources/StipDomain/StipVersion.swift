/// The version of this Stip build, shown by `--version`, health and archives.
public enum StipVersion {
    /// Semantic version of the daemon and CLI.
    public static let current = "0.1.0"
}
