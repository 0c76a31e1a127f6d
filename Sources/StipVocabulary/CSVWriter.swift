/// Writing CSV the way spreadsheets read it (RFC 4180): the host's outboxes and code lists, the plugins' exports.
public enum CSVWriter {
    /// A field, quoted when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows joined with CRLF, a CRLF at the end.
    public static func document(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}

import Foundation
