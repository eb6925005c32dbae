import Foundation
import Testing
import SimWire

/// JSON text both ways: what vas-sim and vas-host send is exact (keys sorted), every string
/// escaped as JSON requires, and what is read back is what was written.
@Suite struct WireTests {
    @Test func keysAreSortedAtEveryLevel() {
        #expect(Wire.text(["type": "health", "data": ["action": "ping"]]) == #"{"data":{"action":"ping"},"type":"health"}"#)
        #expect(Wire.text(["c": "c", "b": 1, "a": ["z": true, "y": NSNull(), "x": [3, 2.5] as [Any]] as [String: Any]])
                == #"{"a":{"x":[3,2.5],"y":null,"z":true},"b":1,"c":"c"}"#)
        #expect(Wire.text([:]) == "{}")
    }

    @Test func quotesAndBackslashesAreEscaped() {
        #expect(Wire.text(["text": #"say "hi""#]) == #"{"text":"say \"hi\""}"#)
        #expect(Wire.text(["text": #"C:\dir\"#]) == #"{"text":"C:\\dir\\"}"#)
        #expect(Wire.text([#"k"e\y"#: 1]) == #"{"k\"e\\y":1}"#)
    }

    @Test func slashesAreNotEscaped() {
        #expect(Wire.text(["url": "http://127.0.0.1:8080/ws"]) == #"{"url":"http://127.0.0.1:8080/ws"}"#)
    }

    @Test func controlCharactersAreEscaped() {
        #expect(Wire.text(["text": "a\nb\tc\rd"]) == #"{"text":"a\nb\tc\rd"}"#)
        #expect(Wire.text(["text": "\u{0}\u{1}\u{1B}[31m\u{1F}"]) == #"{"text":"\u0000\u0001\u001b[31m\u001f"}"#)
        // What JSON does not require is left as it is: DEL, and U+2028 (a valid character in a JSON string).
        #expect(Wire.text(["text": "\u{7F}\u{2028}"]) == "{\"text\":\"\u{7F}\u{2028}\"}")
        // No raw control character below U+0020 is left in the text.
        let all = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        #expect(!Wire.text(["text": all]).unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func nonASCIIIsWrittenAsUTF8() {
        let text = Wire.text(["text": "大家好，歡迎。 é 😀"])
        #expect(text == #"{"text":"大家好，歡迎。 é 😀"}"#)
        #expect(Array(text.utf8).count == #"{"text":""}"#.utf8.count + "大家好，歡迎。 é 😀".utf8.count)
    }

    @Test func whatCannotBeJSONIsAnEmptyObject() {
        #expect(Wire.text(["n": Double.nan]) == "{}")
        #expect(Wire.text(["n": Double.infinity]) == "{}")
    }

    @Test func parseReadsAnObject() throws {
        let object = try #require(Wire.parse(#"{"type":"error","data":{"error_code":"invalid_json","sid":3,"ok":false,"list":["a",1]}}"#))
        #expect(object["type"] as? String == "error")
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["error_code"] as? String == "invalid_json")
        #expect(data["sid"] as? Int == 3)
        #expect(data["ok"] as? Bool == false)
        #expect((data["list"] as? [Any])?.count == 2)
    }

    @Test func parseDecodesEscapes() throws {
        let object = try #require(Wire.parse(#"{"t":"q\"b\\s\/n\nt\tu\u00e9\ud83d\ude00\u5927"}"#))
        #expect(object["t"] as? String == "q\"b\\s/n\nt\tu\u{E9}😀大")
    }

    @Test func parseRefusesWhatIsNotAnObject() {
        for text in ["", "   ", "[1,2]", #""text""#, "3", "null", "{", #"{"a":}"#, "{'a':1}", #"{"a":1}}"#, "hello"] {
            #expect(Wire.parse(text) == nil, "'\(text)'")
        }
    }

    @Test(arguments: [
        "",
        #"say "hi" \ back\slash / slash"#,
        "line\nbreak\ttab\rreturn\u{0}nul\u{1B}esc\u{7F}del",
        "大家好，歡迎。 | en-US: Hello | ja-JP: ようこそ。",
        "emoji 😀👩‍👩‍👧 and combining é and bidi \u{202E}\u{2066}",
        "\u{2028}\u{2029}\u{FEFF}",
    ])
    func stringsRoundTrip(_ value: String) throws {
        let text = Wire.text(["data": ["text": value, value: "key"], "type": "t"])
        let back = try #require(Wire.parse(text))
        let data = try #require(back["data"] as? [String: String])
        #expect(data["text"] == value)
        #expect(data[value] == "key")
        #expect(back["type"] as? String == "t")
        // Written again, the same text: the round trip is exact.
        #expect(Wire.text(back) == text)
    }

    @Test func numbersAndNestingRoundTrip() throws {
        let text = #"{"a":[1,-2,3.5,true,false,null,{"b":[]}],"c":{"d":{"e":"f"}},"g":1700000000}"#
        let object = try #require(Wire.parse(text))
        #expect(Wire.text(object) == text)
    }
}
