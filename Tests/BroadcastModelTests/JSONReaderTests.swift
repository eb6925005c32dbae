import Foundation
import PropertyBased
import Testing
import TestSupport
@testable import BroadcastModel

/// A generic value read with JSONReader, to compare with Foundation's reading.
indirect enum Value: Equatable {
    case object([String: Value]), array([Value]), string(String), number(Double), bool(Bool), null

    static func read(_ text: String) throws -> Value {
        var copy = text
        return try copy.withUTF8 { bytes in
            var reader = JSONReader(bytes)
            reader.skipWhitespace()
            let value = try read(&reader)
            try reader.finish()
            return value
        }
    }

    static func read(_ reader: inout JSONReader) throws(JSONError) -> Value {
        switch reader.kind {
        case .object:
            var members: [String: Value] = [:]
            try reader.readObject { key, r throws(JSONError) in members[key.string] = try read(&r) }
            return .object(members)
        case .array:
            var elements: [Value] = []
            try reader.readArray { r throws(JSONError) in elements.append(try read(&r)) }
            return .array(elements)
        case .string: return .string(try reader.readString())
        case .number: return .number(try reader.readDouble())
        case .bool: return .bool(try reader.readBool())
        case .null: _ = try reader.readNullIfPresent(); return .null
        case .invalid: _ = try reader.skipValue(); return .null
        }
    }

    /// The same document as Foundation reads it.
    static func foundation(_ text: String) -> Value? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        else { return nil }
        return convert(object)
    }

    static func convert(_ object: Any) -> Value {
        switch object {
        case let dictionary as [String: Any]: .object(dictionary.mapValues(convert))
        case let array as [Any]: .array(array.map(convert))
        case let string as String: .string(string)
        case let number as NSNumber:
            CFGetTypeID(number) == CFBooleanGetTypeID() ? .bool(number.boolValue) : .number(number.doubleValue)
        default: .null
        }
    }
}

#if !canImport(Darwin)
// Foundation on Linux has no CFBoolean: tell booleans by their Objective-C type code.
func CFGetTypeID(_ number: NSNumber) -> Int { String(cString: number.objCType) == "c" ? 1 : 0 }
func CFBooleanGetTypeID() -> Int { 1 }
#endif

@Suite struct JSONReaderTests {
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        #"  { "sid" : 12 , "text" : "大家好 😀" }  "#,
        #"{"esc":"quote \" backslash \\ slash \/ \b\f\n\r\t \u00e9 \ud83d\ude00"}"#,
        #"[-0, 0.5, -1.25e+3, 1E2, 123456789012]"#,
        #"{"nested":[[[[{"x":[]}]]]],"empty":{}}"#,
        #""just a string""#,
        #"{"dup":1,"dup":2}"#,
    ])
    func readsWhatFoundationReads(_ text: String) throws {
        let ours = try Value.read(text)
        #expect(ours == Value.foundation(text))
    }

    @Test(arguments: [
        "", "{", "}", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, "[1,]", "[1 2]", #"{"a":1}x"#, "01", "1.", ".5", "-",
        "1e", "+1", "tru", "nul", #""unterminated"#, #""bad \x escape""#, "\"tab\tinside\"", #""\u12""#,
        #"{a:1}"#, "NaN", "[1]]",
    ])
    func rejectsWhatFoundationRejects(_ text: String) {
        #expect(throws: JSONError.self) { try Value.read(text) }
        #expect(Value.foundation(text) == nil || foundationIsLenient(text))
    }

    /// Foundation on Linux accepts trailing commas and raw tabs in strings; RFC 8259 does not, nor do we.
    func foundationIsLenient(_ text: String) -> Bool {
        let squeezed = text.filter { $0 != " " }
        return squeezed.contains(",]") || squeezed.contains(",}") || text.contains("\t")
    }

    @Test func loneSurrogateEscapesBecomeReplacementCharacters() throws {
        #expect(try Value.read(#""a\ud800b""#) == .string("a\u{FFFD}b"))
        #expect(try Value.read(#""\udc00""#) == .string("\u{FFFD}"))
        #expect(try Value.read(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try Value.read(deep) }
    }

    @Test func readIntAcceptsIntegralNumbersOnly() throws {
        func int(_ text: String) throws -> Int {
            var copy = text
            return try copy.withUTF8 { bytes in
                var reader = JSONReader(bytes)
                return try reader.readInt()
            }
        }
        #expect(try int("42") == 42)
        #expect(try int("-7") == -7)
        #expect(try int("5.0") == 5)
        #expect(try int("2e3") == 2000)
        #expect(throws: JSONError.self) { try int("5.5") }
        #expect(throws: JSONError.self) { try int("1e300") }
    }

    @Test func randomDocumentsReadAsFoundationReadsThem() async {
        let pieces = [#"{"k":"#, "1", "[", "]", "}", ",", #""s""#, "true", "null", #""\u00e9\n""#, " ", ":", "-2.5e1", #""大""#]
        await propertyCheck(count: 500, input: Gen.int(in: 0..<14).array(of: 1...12)) { picks in
            let text = picks.map { pieces[$0] }.joined()
            let ours = try? Value.read(text)
            let theirs = Value.foundation(text)
            if ours != nil || !foundationIsLenient(text) {
                #expect(ours == theirs, "\(text)")
            }
        }
    }
}
