/// Bounds on what a document may cost to load, so a hostile or broken file cannot exhaust the daemon.
public struct YAMLLimits: Sendable, Hashable {
    /// How many collections (mappings and sequences) may be nested inside each other, counting through
    /// aliases. Deeper documents are refused with a `.tooDeep` problem.
    public var maxDepth: Int
    /// How many nodes the document would have with every alias expanded. Computed while loading,
    /// without expanding anything, so a "billion laughs" document is refused early with `.tooLarge`.
    public var maxExpandedNodes: Int
    /// The largest accepted input, in UTF-8 bytes. Larger input is refused with `.tooLarge`.
    public var maxDocumentBytes: Int

    /// Creates limits; the defaults suit hand-written configuration and plan files.
    public init(maxDepth: Int = 64, maxExpandedNodes: Int = 1_000_000, maxDocumentBytes: Int = 16 * 1024 * 1024) {
        self.maxDepth = maxDepth
        self.maxExpandedNodes = maxExpandedNodes
        self.maxDocumentBytes = maxDocumentBytes
    }
}
