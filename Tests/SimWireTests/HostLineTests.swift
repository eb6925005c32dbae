import Foundation
import Testing
import SimWire

/// Each line a host types, and the message (or the note) it becomes. The messages are read
/// with JSONSerialization, not with Wire, and the simplest are compared as whole texts.
@Suite struct HostLineTests {
    /// The message a line is sent as, read: its type and its data (nil and an issue when it is not sent).
    func sent(_ outcome: HostLine.Outcome, sourceLocation: SourceLocation = #_sourceLocation) -> (type: String, data: [String: Any])? {
        guard case .send(let text) = outcome else {
            Issue.record("not sent: \(outcome)", sourceLocation: sourceLocation)
            return nil
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
              Set(object.keys) == ["type", "data"], let type = object["type"] as? String,
              let data = object["data"] as? [String: Any] else {
            Issue.record("not a message: \(text)", sourceLocation: sourceLocation)
            return nil
        }
        return (type, data)
    }

    func isNote(_ outcome: HostLine.Outcome) -> Bool {
        if case .note = outcome { return true }
        return false
    }

    @Test func theSimpleActionsAreExactTexts() {
        var line = HostLine(token: "a3f9")
        #expect(line.message(for: "/ping") == .send(#"{"data":{"action":"ping"},"type":"health"}"#))
        #expect(line.message(for: "/live") == .send(#"{"data":{"action":"broadcast_go_live"},"type":"voice-translation"}"#))
        #expect(line.message(for: "/pause") == .send(#"{"data":{"action":"pause"},"type":"voice-translation"}"#))
        #expect(line.message(for: "/resume") == .send(#"{"data":{"action":"resume"},"type":"voice-translation"}"#))
        #expect(line.message(for: "/stop") == .send(#"{"data":{"action":"stop"},"type":"voice-translation"}"#))
        #expect(line.message(for: "/quit") == .quit)
        #expect(HostLine.envelope("health", ["action": "ping"]) == #"{"data":{"action":"ping"},"type":"health"}"#)
    }

    @Test func spacesAroundALineOrACommandDoNotCount() {
        var line = HostLine(token: "a3f9")
        #expect(line.message(for: "  /live  ") == .send(#"{"data":{"action":"broadcast_go_live"},"type":"voice-translation"}"#))
        #expect(line.message(for: "/merge   Guest-1    Guest-2") == line.message(for: "/merge Guest-1 Guest-2"))
        #expect(line.message(for: "") == .nothing)
        #expect(line.message(for: "   ") == .nothing)
    }

    @Test func startTakesTheSpokenLanguageThenTheTranslations() throws {
        var line = HostLine(token: "b7c2")
        let start = try #require(sent(line.message(for: "/start zh-TW en-US ja-JP")))
        #expect(start.type == "voice-translation")
        #expect(Set(start.data.keys) == ["action", "type", "broadcast_token", "transcription_languages", "translation_languages", "recognition_mode"])
        #expect(start.data["action"] as? String == "start")
        #expect(start.data["type"] as? String == "broadcast")
        #expect(start.data["broadcast_token"] as? String == "b7c2")
        #expect(start.data["transcription_languages"] as? [String] == ["zh-TW"])
        #expect(start.data["translation_languages"] as? [String] == ["en-US", "ja-JP"])
        #expect(start.data["recognition_mode"] as? String == "single")

        let alone = try #require(sent(line.message(for: "/start en-US")))
        #expect(alone.data["transcription_languages"] as? [String] == ["en-US"])
        #expect(alone.data["translation_languages"] as? [String] == [])

        // --multi anywhere; it is not a language.
        let multi = try #require(sent(line.message(for: "/start --multi zh-TW en-US")))
        #expect(multi.data["recognition_mode"] as? String == "multi_speaker")
        #expect(multi.data["transcription_languages"] as? [String] == ["zh-TW"])
        #expect(multi.data["translation_languages"] as? [String] == ["en-US"])

        #expect(line.message(for: "/start") == .note("/start zh-TW en-US ja-JP: the spoken language first"))
        #expect(line.message(for: "/start --multi") == .note("/start zh-TW en-US ja-JP: the spoken language first"))
    }

    @Test func standbyAndAnnounceCarryTheirTranslations() throws {
        var line = HostLine(token: "a3f9")
        let standby = try #require(sent(line.message(for: "/standby Starting soon | en-US: Soon | ja-JP: まもなく")))
        #expect(standby.type == "voice-translation")
        #expect(Set(standby.data.keys) == ["action", "message", "translations"])
        #expect(standby.data["action"] as? String == "set_standby_message")
        #expect(standby.data["message"] as? String == "Starting soon")
        #expect(standby.data["translations"] as? [String: String] == ["en-US": "Soon", "ja-JP": "まもなく"])

        // Without translations, no translations field.
        let announce = try #require(sent(line.message(for: "/announce  Break  of ten minutes ")))
        #expect(Set(announce.data.keys) == ["action", "message"])
        #expect(announce.data["action"] as? String == "broadcast_announcement")
        #expect(announce.data["message"] as? String == "Break of ten minutes")

        for wrong in ["/standby", "/announce", "/announce | en-US: only a translation", "/standby soon | later"] {
            #expect(isNote(line.message(for: wrong)), "'\(wrong)' was sent")
        }
    }

    @Test func aSentenceIsSpokenByTheCurrentSpeaker() throws {
        var line = HostLine(token: "a3f9")
        let first = try #require(sent(line.message(for: "大家好 | en-US: Hello | ja-JP: こんにちは")))
        #expect(first.type == "voice-translation")
        #expect(Set(first.data.keys) == ["action", "text", "speaker_id", "translations"])  // no label yet
        #expect(first.data["action"] as? String == "sim_transcript")
        #expect(first.data["text"] as? String == "大家好")
        #expect(first.data["speaker_id"] as? String == "Guest-1")
        #expect(first.data["translations"] as? [String: String] == ["en-US": "Hello", "ja-JP": "こんにちは"])

        let plain = try #require(sent(line.message(for: "no translation at all")))
        #expect(plain.data["text"] as? String == "no translation at all")
        #expect(plain.data["translations"] as? [String: String] == [:])

        #expect(line.message(for: "/speaker Guest-2 王 經理") == .note("speaker Guest-2 (王 經理)"))
        let second = try #require(sent(line.message(for: "請坐。")))
        #expect(second.data["speaker_id"] as? String == "Guest-2")
        #expect(second.data["speaker_label"] as? String == "王 經理")

        // A new speaker without a label has none: the last one's is not kept.
        #expect(line.message(for: "/speaker Guest-3") == .note("speaker Guest-3"))
        let third = try #require(sent(line.message(for: "謝謝。")))
        #expect(third.data["speaker_id"] as? String == "Guest-3")
        #expect(third.data["speaker_label"] == nil)

        #expect(line.message(for: "/speaker") == .note("/speaker ID [LABEL]"))
        let fourth = try #require(sent(line.message(for: "還是我。")))
        #expect(fourth.data["speaker_id"] as? String == "Guest-3")
    }

    @Test func eachLineHasItsOwnSpeaker() throws {
        var one = HostLine(token: "a3f9")
        _ = one.message(for: "/speaker Guest-9 Nine")
        var two = HostLine(token: "a3f9")
        let sentence = try #require(sent(two.message(for: "hello")))
        #expect(sentence.data["speaker_id"] as? String == "Guest-1")
    }

    @Test func speakersAreRenamedReassignedAndMerged() throws {
        var line = HostLine(token: "a3f9")
        let rename = try #require(sent(line.message(for: "/rename Guest-1 Dr. 林 怡君")))
        #expect(Set(rename.data.keys) == ["action", "speaker_id", "new_label"])
        #expect(rename.data["action"] as? String == "rename_speaker")
        #expect(rename.data["speaker_id"] as? String == "Guest-1")
        #expect(rename.data["new_label"] as? String == "Dr. 林 怡君")

        let reassign = try #require(sent(line.message(for: "/reassign 12 Guest-2")))
        #expect(Set(reassign.data.keys) == ["action", "sid", "new_speaker_id"])
        #expect(reassign.data["action"] as? String == "reassign_speaker")
        #expect(reassign.data["sid"] as? Int == 12)  // a number, not a string
        #expect(reassign.data["sid"] as? String == nil)
        #expect(reassign.data["new_speaker_id"] as? String == "Guest-2")

        let merge = try #require(sent(line.message(for: "/merge Guest-3 Guest-1")))
        #expect(Set(merge.data.keys) == ["action", "source_speaker_id", "target_speaker_id"])
        #expect(merge.data["action"] as? String == "merge_speakers")
        #expect(merge.data["source_speaker_id"] as? String == "Guest-3")
        #expect(merge.data["target_speaker_id"] as? String == "Guest-1")
    }

    @Test(arguments: [
        ("/rename", "/rename ID LABEL"),
        ("/rename Guest-1", "/rename ID LABEL"),
        ("/reassign", "/reassign SID ID"),
        ("/reassign 12", "/reassign SID ID"),
        ("/reassign twelve Guest-2", "/reassign SID ID"),
        ("/reassign 12 Guest-2 extra", "/reassign SID ID"),
        ("/merge", "/merge FROM INTO"),
        ("/merge Guest-1", "/merge FROM INTO"),
        ("/merge Guest-1 Guest-2 Guest-3", "/merge FROM INTO"),
        ("/speaker", "/speaker ID [LABEL]"),
    ])
    func aCommandWithoutItsArgumentsSaysHowToWriteIt(typed: String, usage: String) {
        var line = HostLine(token: "a3f9")
        #expect(line.message(for: typed) == .note(usage))
    }

    @Test func anUnknownCommandListsTheCommands() {
        var line = HostLine(token: "a3f9")
        for typed in ["/bogus", "/Live", "/", "/live2", "/start-now zh-TW"] {
            #expect(line.message(for: typed) == .note("unknown command '\(typed)'; the commands are:\n" + HostLine.help), "'\(typed)'")
        }
    }

    @Test func audioIsATenthOfASecondOfSilence() throws {
        var line = HostLine(token: "a3f9")
        let audio = try #require(sent(line.message(for: "/audio")))
        #expect(Set(audio.data.keys) == ["action", "audio"])
        #expect(audio.data["action"] as? String == "audio")
        let base64 = try #require(audio.data["audio"] as? String)
        let pcm = try #require(Data(base64Encoded: base64))
        #expect(pcm == Data(count: 3200))  // 16 kHz, 16 bits, 100 ms
    }

    @Test func jsonIsSentAsItIsAndOnlyAnObject() {
        var line = HostLine(token: "a3f9")
        #expect(line.message(for: #"  {"type":"health","data":{"action":"ping"}}  "#) == .send(#"{"type":"health","data":{"action":"ping"}}"#))
        #expect(line.message(for: "{not json") == .send("{not json"))  // the server says invalid_json
        #expect(line.message(for: "[1,2]") == .note("only a line that starts with { is sent as JSON (a message is an object)"))
    }

    @Test(arguments: [
        "hello | bonjour",             // no language
        "| en-US: only a translation", // no text
        "A|B|C",
        "hello |",                     // an empty part
        "hello | : bonjour",           // an empty language
        "hello | en US: spaced",       // a language with a space
        "hello | en-US: fine | oops",  // the second part wrong
    ])
    func halfASentenceIsNotSent(_ typed: String) {
        var line = HostLine(token: "a3f9")
        #expect(isNote(line.message(for: typed)), "'\(typed)' was sent")
    }

    @Test func theProblemsAreSaid() {
        #expect(HostLine.problem("", "| en-US: x") == "nothing to send before the first |: the original text comes first (text | en-US: translation)")
        #expect(HostLine.problem("hello", "hello | bonjour") == "'bonjour' is not a translation: write LANG: text (en-US: Hello), nothing was sent")
        #expect(HostLine.problem("hello", "hello | en-US: Hi | ja-JP: やあ") == nil)
        #expect(HostLine.problem("hello", "hello") == nil)
        #expect(HostLine.problem("hello", "hello | en-US:") == nil)  // an empty translation is the host's to send
    }

    @Test func splitTakesTheFirstColonAndTrims() {
        let (text, translations) = HostLine.split("  Time: 10:30  |  en-US :  at 10:30  | ja-JP:10時30分 ")
        #expect(text == "Time: 10:30")
        #expect(translations == ["en-US": "at 10:30", "ja-JP": "10時30分"])
        #expect(HostLine.split("alone") == ("alone", [:]))
        #expect(HostLine.split("") == ("", [:]))
        // A later translation into the same language wins.
        #expect(HostLine.split("x | en-US: one | en-US: two").1 == ["en-US": "two"])
        // A part without a colon is left out (problem() refuses such a line before it is sent).
        #expect(HostLine.split("x | nothing | en-US: y").1 == ["en-US": "y"])
    }

    @Test func theHelpNamesEveryCommand() {
        for command in ["/start", "/standby", "/live", "/announce", "/pause", "/resume", "/stop", "/speaker",
                        "/rename", "/reassign", "/merge", "/ping", "/audio", "/quit", "{"] {
            #expect(HostLine.help.contains(command), "\(command)")
        }
    }
}
