import Foundation
import GRDB
import StipDomain
import StipJSON

/// JSON columns: documents in, documents out, with stable key order.
enum StorageJSON {
    static func text(_ value: some Encodable) throws -> String {
        try JSONValue(encoding: value).jsonText
    }

    /// A list of strings as JSON, without a JSONEncoder (it runs for every stored response).
    static func strings(_ strings: [String]) -> String {
        String(decoding: JSONValue.array(strings.map { .string($0) }).jsonBytes(), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONValue.parse(text).decode(T.self)
    }

    static func value(_ text: String) throws -> JSONValue {
        try JSONValue.parse(text)
    }
}
