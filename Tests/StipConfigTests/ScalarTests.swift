import Foundation
import StipConfig
import Testing

@Suite("Scalar resolution")
struct ScalarTests {
    struct Box<Value: Decodable>: Decodable { var value: Value }

    func decode<Value: Decodable>(_ type: Value.Type, _ scalar: String) throws(YAMLError) -> Value {
        try YAMLDecoder().decode(Box<Value>.self, from: "value: \(scalar)\n").value
    }

    @Test func leadingZeroStaysTextForStringsAndIsDecimalForIntegers() throws {
        #expect(try decode(String.self, "0660") == "0660")
        #expect(try decode(Int.self, "0660") == 660)
        #expect(try decode(UInt16.self, "0o660") == 0o660)
    }

    @Test func integerForms() throws {
        #expect(try decode(Int.self, "-42") == -42)
        #expect(try decode(Int.self, "+7") == 7)
        #expect(try decode(Int.self, "0x1F") == 31)
        #expect(try decode(Int.self, "1_000_000") == 1_000_000)
        #expect(try decode(Int8.self, "-128") == -128)
    }

    @Test func quotedNumberIsNotAnInteger() {
        let found = problems(decoding: Box<Int>.self, "value: \"300\"\n")
        #expect(found.count == 1)
        #expect(found[0].kind == .typeMismatch)
        #expect(found[0].mark == YAMLMark(line: 1, column: 8))
        #expect(found[0].message.contains("the quoted string \"300\""))
        #expect(found[0].message.contains("remove the quotes"))
    }

    @Test func overflowIsRefusedWithTheRange() {
        let found = problems(decoding: Box<UInt8>.self, "value: 300\n")
        #expect(found.count == 1)
        #expect(found[0].kind == .invalidValue)
        #expect(found[0].message == "300 is out of range: it must be between 0 and 255")
        let huge = problems(decoding: Box<Int>.self, "value: 99999999999999999999\n")
        #expect(huge.first?.message.contains("out of range") == true)
    }

    @Test func fractionIsNotAWholeNumber() {
        let found = problems(decoding: Box<Int>.self, "value: 1.5\n")
        #expect(found.first?.message == "expected a whole number, found \"1.5\"; this value must not have a fraction")
    }

    @Test func booleansAreOnlyTrueAndFalse() throws {
        #expect(try decode(Bool.self, "true") == true)
        #expect(try decode(Bool.self, "False") == false)
        #expect(try decode(Bool.self, "TRUE") == true)
        let found = problems(decoding: Box<Bool>.self, "value: yes\n")
        #expect(found.first?.kind == .typeMismatch)
        #expect(found.first?.message == "expected true or false, found \"yes\"")
    }

    @Test func doubles() throws {
        #expect(try decode(Double.self, "1.5") == 1.5)
        #expect(try decode(Double.self, "-2e3") == -2000)
        #expect(try decode(Double.self, ".5") == 0.5)
        #expect(try decode(Double.self, "3") == 3)
        #expect(try decode(Double.self, ".inf") == .infinity)
        #expect(try decode(Double.self, "-.Inf") == -.infinity)
        #expect(try decode(Double.self, ".nan").isNaN)
        #expect(try decode(Float.self, "0.1") == Float(0.1))
    }

    @Test func nullsDecodeAsNil() throws {
        for text in ["~", "null", "Null", "NULL", ""] {
            #expect(try decode(Int?.self, text) == nil)
        }
        #expect(try decode(String?.self, "\"null\"") == "null")
        #expect(try decode(String?.self, "'~'") == "~")
        #expect(try decode(String?.self, "!!str null") == "null")
    }

    @Test func nullIsNotAValueForARequiredField() {
        let found = problems(decoding: Box<Int>.self, "value:\n")
        #expect(found.first?.kind == .typeMismatch)
        #expect(found.first?.message == "expected a whole number, found null (an empty value)")
    }

    @Test func quotedScalarsStayStringsForGenericValues() throws {
        let yaml = """
            quoted_bool: "true"
            quoted_number: "300"
            bool: true
            int: 300
            double: 2.5
            text: hello
            nothing: ~
            list: [1, "2"]
            """
        let value = try YAMLDecoder().decode(SampleJSONValue.self, from: yaml)
        #expect(
            value
                == .object([
                    "quoted_bool": .string("true"), "quoted_number": .string("300"), "bool": .bool(true),
                    "int": .int(300), "double": .double(2.5), "text": .string("hello"), "nothing": .null,
                    "list": .array([.int(1), .string("2")]),
                ]))
    }

    @Test func foundationTypes() throws {
        let instant = try decode(Date.self, "2027-01-20T19:30:00Z")
        #expect(instant == Date(timeIntervalSince1970: 1_800_473_400))
        let offset = try decode(Date.self, "2027-01-20T20:30:00+01:00")
        #expect(offset == instant)
        let day = try decode(Date.self, "2027-01-10")
        #expect(day == Date(timeIntervalSince1970: 1_799_539_200))
        #expect(try decode(Data.self, "aGVsbG8=") == Data("hello".utf8))
        #expect(try decode(URL.self, "https://example.com/x") == URL(string: "https://example.com/x"))
        let found = problems(decoding: Box<Date>.self, "value: next tuesday\n")
        #expect(found.first?.message.contains("expected a date") == true)
    }

    @Test func blockScalarsAreText() throws {
        #expect(try decode(String.self, "|\n  line one\n  line two\n") == "line one\nline two\n")
        #expect(try decode(String.self, ">-\n  folded\n  text\n") == "folded text")
    }
}
