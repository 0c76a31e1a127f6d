import Foundation
public import StipPluginKit

/// Parses JSON written in a plugin's source (its schemas). A typo is a programming error: it
/// traps at the first `initialize`, which `stipctl plugin check` and the unit tests catch at once.
public func jsonLiteral(_ text: String) -> JSONValue {
    do {
        return try JSONValue.parse(Data(text.utf8))
    } catch {
        fatalError("invalid JSON literal in a plugin: \(error)")
    }
}
