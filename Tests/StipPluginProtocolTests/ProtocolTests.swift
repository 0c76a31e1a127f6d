import Foundation
import StipPluginProtocol
import Testing
import StipJSON

@Suite("plugin protocol messages")
struct ProtocolTests {
    @Test("version negotiation picks the highest shared minor of a shared major, or nothing")
    func negotiation() {
        #expect(PluginProtocol.negotiate(offered: ["1.0"], supported: ["1.0"]) == "1.0")
        #expect(PluginProtocol.negotiate(offered: ["1.3"], supported: ["1.1"]) == "1.1")
        #expect(PluginProtocol.negotiate(offered: ["1.0", "2.1"], supported: ["2.0", "1.0"]) == "2.0")
        #expect(PluginProtocol.negotiate(offered: ["2.0"], supported: ["1.0"]) == nil)
        #expect(PluginProtocol.negotiate(offered: ["garbage"], supported: ["1.0"]) == nil)
        // This build offers 1.1 and 1.0: a 1.0 plugin answers 1.0, one built on the SDK answers 1.1.
        #expect(PluginProtocol.negotiate(offered: PluginProtocol.supportedVersions, supported: ["1.0"]) == "1.0")
        #expect(PluginProtocol.negotiate(offered: PluginProtocol.supportedVersions) == "1.3")
    }

    @Test("what a chosen version allows: 1.1 and later minors of major 1 include 1.1, nothing else does")
    func versionIncludes() {
        #expect(PluginProtocol.version("1.1", includes: 1, 1))
        #expect(PluginProtocol.version("1.4", includes: 1, 1))
        #expect(!PluginProtocol.version("1.0", includes: 1, 1))
        #expect(!PluginProtocol.version("2.1", includes: 1, 1))
        #expect(!PluginProtocol.version("1", includes: 1, 1))
    }

    @Test("an error object reads back as the error it was written from")
    func errorObject() {
        let error = RPCError(.invalidContribution, "the submission is not valid", data: ["errors": .array([])])
        #expect(RPCError(errorObject: error.errorObject) == error)
        let bare = RPCError(errorObject: .object([:]))
        #expect(bare.knownCode == .internalError && bare.message == "error without a message")
    }

    @Test("messages survive a round trip through one line; unknown fields are ignored")
    func roundTrip() throws {
        let messages: [RPCMessage] = [
            .request(id: 7, method: "validate_activity", params: .object(["config": .object(["a": .int(1)])])),
            .notification(method: "$/cancel", params: .object(["id": .int(7)])),
            .result(id: 7, result: .object(["config": .object([:])])),
            .error(id: 7, error: RPCError(.invalidConfig, "bad", data: ["errors": .array([])])),
            .error(id: nil, error: RPCError(.parseError, "not JSON")),
        ]
        for message in messages {
            let line = message.encodedLine()
            #expect(line.last == UInt8(ascii: "\n"))
            #expect(!line.dropLast().contains(UInt8(ascii: "\n")), "one message, one line")
            #expect(try RPCMessage.decode(line: line.dropLast()) == message)
        }
        let withExtras = #"{"jsonrpc":"2.0","id":3,"result":{},"future_field":[1,2]}"#
        #expect(try RPCMessage.decode(line: Array(withExtras.utf8)) == .result(id: 3, result: .object([:])))
    }

    @Test("malformed lines give parse_error or invalid_request")
    func malformed() {
        #expect(throws: RPCError.self) { try RPCMessage.decode(line: Array("{nope".utf8)) }
        do {
            _ = try RPCMessage.decode(line: Array(#"{"jsonrpc":"1.0","id":1,"method":"x"}"#.utf8))
            Issue.record("accepted jsonrpc 1.0")
        } catch {
            #expect(error.knownCode == .invalidRequest)
        }
        do {
            _ = try RPCMessage.decode(line: Array("[1,2]".utf8))
            Issue.record("accepted a batch")
        } catch {
            #expect(error.knownCode == .invalidRequest)
        }
    }

    @Test("field errors are read from data.errors")
    func fieldErrors() {
        let error = RPCError(
            .invalidConfig, "bad",
            data: ["errors": .array([.object(["pointer": .string("/sessions/0/capacity"), "message": .string("must be at least 1")])])])
        #expect(error.fieldErrors == [FieldError(pointer: "/sessions/0/capacity", message: "must be at least 1")])
        #expect(error.data?["code"]?.stringValue == "invalid_config")
    }
}
