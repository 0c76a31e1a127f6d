public import Foundation

// Conveniences for code that holds JSON text as `Data` (files, HTTP bodies read by Foundation).

extension JSONValue {
    /// Parses JSON text held in `Data`.
    /// - Throws: ``JSONSyntaxError``.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes: data)
    }

    /// Compact JSON text with sorted keys, as `Data`.
    public func jsonData() -> Data {
        Data(jsonBytes())
    }
}
