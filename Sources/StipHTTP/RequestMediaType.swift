import Foundation

/// The media type of a `Content-Type` field without its parameters, lower case: `application/json; charset=utf-8`
/// is `application/json`, and `application/jsonx` is not.
public enum RequestMediaType {
    public static func of(_ field: String?) -> String {
        (field ?? "").split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// Whether `field` names exactly `type` (parameters aside).
    public static func field(_ field: String?, is type: String) -> Bool {
        of(field) == type
    }
}
