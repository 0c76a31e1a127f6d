import StipJSON
import Testing

@Suite("JSON Pointer (RFC 6901)")
struct JSONPointerTests {
    @Test("tokens are escaped and unescaped, ~01 is ~1 and not /")
    func escaping() throws {
        let pointer = JSONPointer(tokens: ["a/b", "m~n", "0"])
        #expect(pointer.description == "/a~1b/m~0n/0")
        #expect(JSONPointer("/a~1b/m~0n/0") == pointer)
        #expect(JSONPointer("/~01")?.tokens == ["~1"])
        #expect(JSONPointer("")?.tokens == [])
        #expect(JSONPointer("/")?.tokens == [""])
    }

    @Test("text that is not a pointer is refused", arguments: ["a/b", "/~2", "/a~"])
    func refused(_ text: String) {
        #expect(JSONPointer(text) == nil)
    }

    @Test("a pointer finds members and elements, and nothing where there is nothing")
    func lookUp() throws {
        let document = try JSONValue.parse(#"{"sessions": [{"capacity": 20}], "a/b": true}"#)
        #expect(document[JSONPointer("/sessions/0/capacity")!] == .int(20))
        #expect(document[JSONPointer("/a~1b")!] == .bool(true))
        #expect(document[JSONPointer("/sessions/1")!] == nil)
        #expect(document[JSONPointer("/sessions/x")!] == nil)
        #expect(document[JSONPointer.root] == document)
        #expect(JSONPointer("/sessions/0/capacity")!.isWithin(JSONPointer("/sessions")!))
    }

    @Test("changed pointers between two documents, escaped")
    func diff() throws {
        let old = try JSONValue.parse(#"{"a/b": 1, "list": [{"id": "x", "v": 1}, {"id": "y", "v": 2}], "same": [1, 2]}"#)
        let new = try JSONValue.parse(#"{"a/b": 2, "list": [{"id": "y", "v": 3}, {"id": "z", "v": 1}], "same": [1, 2]}"#)
        #expect(old.changedPointers(to: new) == ["/a~1b", "/list/y/v", "/list/z", "/list/x"])
    }

    @Test("merge patch: members merge, null removes, anything else replaces")
    func mergePatch() throws {
        let current = try JSONValue.parse(#"{"follow_up": {"owner": "A", "status": "open"}, "n": 1}"#)
        let patch = try JSONValue.parse(#"{"follow_up": {"status": "done", "owner": null}, "n": [1]}"#)
        #expect(current.merging(patch) == (try JSONValue.parse(#"{"follow_up": {"status": "done"}, "n": [1]}"#)))
    }
}
