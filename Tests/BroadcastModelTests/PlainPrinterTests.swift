import Testing
import TestSupport
@testable import BroadcastModel

let multi = BroadcastEvent.connected(Connected(availableLanguages: ["en-US", "ja-JP"], phase: .live, recognitionMode: .multiSpeaker))

@Suite struct TranscriptJSONTests {
    @Test func documentHasEverySentenceWithSpeakersAfterMerges() throws {
        var model = Broadcast()
        for event in [multi, origin(1, "一", speaker: "G1", start: "00:01"), origin(2, "二", speaker: "G2"),
                      translation(2, "en-US", "Two \"quoted\""),
                      .speakersMerged(SpeakersMerged(sourceSpeakerID: "G2", targetSpeakerID: "G1", targetSpeakerLabel: "Wang")),
                      .recordingStarted, origin(1, "new\u{1B}[2J")] {
            model.apply(event)
        }
        let json = TranscriptJSON.document(model)
        #expect(json.contains(#"{"sid":2,"segment":0,"start_time":null,"speaker_id":"G1","speaker_label":"Wang","original":"二","language":"zh-TW","is_final":true,"translations":{"en-US":"Two \"quoted\""},"errors":{}}"#))
        #expect(json.contains(#""sid":1,"segment":1,"#))
        #expect(!json.utf8.contains(0x1B))
        #expect(json.hasPrefix(#"{"format":"vas-view-transcript","version":1,"languages":["en-US","ja-JP"],"gaps":[],"sentences":["#))
    }

    @Test func quoteEscapesEveryControl() {
        #expect(JSONText.quote("a\"b\\c\n\u{1B}\u{9B}\u{202E}é大") == #""a\"b\\c\n\u001b\u009b\u202eé大""#)
    }
}

@Suite struct ReplayTimingTests {
    @Test func pacedByStartTimes() {
        var timing = ReplayTiming(speed: 2)
        let at5 = SSEItem.event(SSEEvent(type: "origin", data: #"{"sid":1,"text":"a","start_time":"00:05"}"#))
        let at4 = SSEItem.event(SSEEvent(type: "origin", data: #"{"sid":2,"text":"b","start_time":"00:04"}"#))
        let at8 = SSEItem.event(SSEEvent(type: "origin", data: #"{"sid":3,"text":"c","start_time":"00:08"}"#))
        #expect(timing.wait(before: at5) == 2.5)
        #expect(timing.wait(before: at4) == 0)
        #expect(timing.wait(before: at8) == 1.5)
        #expect(timing.clock == 8)
    }

    @Test func recordedTimestampsWinAndLongGapsAreCapped() {
        var timing = ReplayTiming(speed: 1, maxWait: 5)
        #expect(timing.wait(before: .comment("@t=1.5")) == 1.5)
        let origin = SSEItem.event(SSEEvent(type: "origin", data: #"{"sid":1,"text":"a","start_time":"09:00"}"#))
        #expect(timing.wait(before: origin) == 0)
        #expect(timing.wait(before: .comment("@t=60")) == 5)
        #expect(ReplayTiming.timestampComment(seconds: 12.3456) == ":@t=12.346\n")
    }
}
