import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// §15 items 7 and 8: unknown methods, unknown fields, notifications that must stay unanswered, `$/cancel`,
/// a malformed line and a line over the size limit.
extension SessionProbes {
    func unknownMethodsAndFields() async {
        let sent = "stip/no_such_method"
        if skipIfGone(8, "unknown method", sent: sent) { return }
        let unknown = await connection.request("stip/no_such_method")
        steps.expect(
            8, "unknown method", unknown.error?.knownCode == .methodNotFound, sent: sent, received: "\(unknown)",
            failure: "an unknown method gets \(RPCError.Code.methodNotFound.label)")

        // Unknown members at the top of the message and inside params: how the protocol grows (§4.5).
        let id = connection.reserveID()
        let line = Array(
            "{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\"ping\",\"params\":{\"stip_future_field\":{\"x\":1}},\"stip_future_member\":true}\n"
                .utf8)
        let reply = await connection.send(line, awaiting: id)
        steps.expect(
            8, "unknown fields", reply.result != nil, sent: "ping with an unknown member in params and one beside them",
            received: "\(reply)", failure: "members a plugin does not know are ignored, never refused (§4.5)")
    }

    /// Notifications never get an answer: an unknown one, and `$/cancel` for an id never sent.
    func notifications() async {
        let sent = "the notifications stip/unknown_notification and $/cancel {\"id\": 987654321}, then ping"
        if skipIfGone(8, "notifications", sent: sent) { return }
        let mark = connection.unexpectedMark
        connection.notify("stip/unknown_notification", .object(["x": .int(1)]))
        connection.notify(PluginProtocol.Method.cancel, .object(["id": .int(987_654_321)]))
        let (alive, afterwards) = await stillAnswers()
        // An answer to a notification may come after the ping's: give it a moment.
        let answered = await connection.waitForUnexpected(since: mark, within: .milliseconds(300)) { _ in true }
        steps.expect(
            8, "notifications", alive && answered == nil, sent: sent,
            received: answered.map { "answered: \($0.text.clipped(200))" } ?? "no answer to either; \(afterwards)",
            failure: alive ? "a notification never gets an answer, not even an error (§4.3)" : "the plugin stopped answering")
    }

    /// A request and its `$/cancel` in one write: one answer at most (the result or -32800), never two.
    func cancellation(_ config: ProbeConfig) async {
        let id = connection.reserveID()
        let sent = "validate_activity (id \(id)) and $/cancel {\"id\": \(id)} in one write"
        if skipIfGone(8, "$/cancel", sent: sent) { return }
        let mark = connection.unexpectedMark
        let bytes =
            RPCMessage.request(
                id: id, method: PluginProtocol.Method.validateActivity,
                params: .object(Self.activity.merging(["config": config.value]) { $1 })
            ).encodedLine()
            + RPCMessage.notification(method: PluginProtocol.Method.cancel, params: .object(["id": .int(id)])).encodedLine()
        let reply = await connection.send(bytes, awaiting: id, timeout: .seconds(3))
        let (alive, afterwards) = await stillAnswers()
        let repeated = await connection.waitForUnexpected(since: mark, within: .milliseconds(500)) { $0.kind == .unknownID(id) }
        let answeredOnce: Bool
        switch reply {
        case .result, .timeout: answeredOnce = true
        case .error(let error): answeredOnce = error.knownCode == .cancelled || error.knownCode == .invalidConfig
        case .ended: answeredOnce = false
        }
        let received =
            (reply == .timeout ? "no answer (allowed)" : "\(reply)") + (repeated.map { "; then again: \($0.text.clipped(200))" } ?? "")
            + "; \(afterwards)"
        steps.expect(
            8, "$/cancel", answeredOnce && repeated == nil && alive, sent: sent, received: received,
            failure: repeated != nil
                ? "a request gets exactly one answer: after -32800 never the result too (§4.2, §8.9)"
                : "a cancelled request gets its result, -32800 or no answer, and the plugin keeps working (§8.9)")
    }

    /// A line that is not JSON, and one of 16 MiB + 1 byte: each gets an error with id `null`, and the plugin
    /// keeps working.
    func malformedLines() async {
        await expectNullIDError(
            "malformed line", sent: "the line {this is not json", bytes: Array("{this is not json\n".utf8), code: .parseError)
        // A real request padded past the limit: a plugin that reads it whole would answer it under its id.
        let id = connection.reserveID()
        let head = Array("{\"jsonrpc\":\"2.0\",\"id\":\(id),\"method\":\"ping\",\"params\":{\"padding\":\"".utf8)
        let tail = Array("\"}}".utf8)
        let padding = PluginProtocol.maxMessageBytes + 1 - head.count - tail.count
        await expectNullIDError(
            "line over 16 MiB", sent: "a ping of \(PluginProtocol.maxMessageBytes + 1) bytes plus its newline (id \(id))",
            bytes: head + [UInt8](repeating: UInt8(ascii: "x"), count: padding) + tail + [UInt8(ascii: "\n")], code: .invalidRequest,
            timeout: .seconds(30))
    }

    private func expectNullIDError(_ name: String, sent: String, bytes: [UInt8], code: RPCError.Code, timeout: Duration = .seconds(5)) async
    {
        if skipIfGone(7, name, sent: sent) { return }
        let mark = connection.unexpectedMark
        connection.sendRaw(bytes)
        let answer = await connection.waitForUnexpected(since: mark, within: timeout) { line in
            if case .nullIDError = line.kind { return true }
            if case .unknownID = line.kind { return true }
            return false
        }
        let (alive, afterwards) = await stillAnswers()
        var received = answer.map { $0.text.clipped(200) } ?? "no answer"
        received += "; \(afterwards)"
        let rightAnswer: Bool
        if case .nullIDError(let error)? = answer?.kind { rightAnswer = error.knownCode == code } else { rightAnswer = false }
        steps.expect(
            7, name, rightAnswer && alive, sent: sent, received: received,
            failure: alive
                ? "answer \(code.label) with id null and go on reading (§3, §16)"
                : "the plugin must survive it: answer \(code.label) with id null and go on reading")
    }
}

extension ProbeConnection.Reply: Equatable {
    static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.result(let a), .result(let b)): a == b
        case (.error(let a), .error(let b)): a == b
        case (.timeout, .timeout): true
        case (.ended(let a), .ended(let b)): a == b
        default: false
        }
    }
}
