import StipConfig
import Testing

/// The admin section of a daemon config, with keys listed so problems can name the allowed ones.
struct SampleAdminConfig: Codable, Equatable {
    var socket: String
    var socketMode: String?
    var maxBodyBytes: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case socket
        case socketMode = "socket_mode"
        case maxBodyBytes = "max_body_bytes"
    }
}

/// A daemon config whose keys are not `CaseIterable`: allowed keys come from what the type asked for.
struct SampleDaemonConfig: Codable, Equatable, YAMLValidatable {
    var admin: SampleAdminConfig
    var workers: Int
    var tags: [String]?

    enum CodingKeys: String, CodingKey {
        case admin, workers, tags
    }

    func validate() -> [YAMLValidationIssue] {
        guard let mode = admin.socketMode else { return [] }
        guard mode.allSatisfy({ ("0"..."7").contains($0) }) else {
            return [
                YAMLValidationIssue(path: ["admin", "socket_mode"], message: "\"\(mode)\" is not an octal file mode")
            ]
        }
        return []
    }
}

/// Decodes `yaml` expecting failure, and returns the problems (recording a test issue if it succeeds).
func problems<T: Decodable>(
    decoding type: T.Type, _ yaml: String, file: String? = "etc/stipd.yaml", limits: YAMLLimits = .init()
) -> [YAMLProblem] {
    do {
        let value = try YAMLDecoder(limits: limits).decode(type, from: yaml, file: file)
        Issue.record("expected decoding to fail, got \(value)")
        return []
    } catch {
        return error.problems
    }
}

/// Loads `yaml` expecting failure, and returns the problems.
func loadProblems(_ yaml: String, limits: YAMLLimits = .init()) -> [YAMLProblem] {
    do {
        let documents = try YAMLLoader.load(yaml, file: "bomb.yaml", limits: limits)
        Issue.record("expected loading to fail, got \(documents.count) documents")
        return []
    } catch {
        return error.problems
    }
}

/// A JSON-like value that decodes by trying each scalar type in turn, as generic tools do.
enum SampleJSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([SampleJSONValue])
    case object([String: SampleJSONValue])

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: SampleJSONValue] = [:]
            for key in container.allKeys {
                object[key.stringValue] = try container.decode(SampleJSONValue.self, forKey: key)
            }
            self = .object(object)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var array: [SampleJSONValue] = []
            while !container.isAtEnd { array.append(try container.decode(SampleJSONValue.self)) }
            self = .array(array)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
