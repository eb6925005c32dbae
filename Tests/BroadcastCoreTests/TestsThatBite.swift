import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

/// The issue "Tests that bite": edges a mutation check found unguarded. Each test here lets
/// one single-line change of the product through no more.

@Suite struct SanitiserClassesAloneTests {
    /// Every class of control, alone in plain text (no ESC or U+202E beside it to trip the quick check).
    @Test(arguments: [
        ("\u{2066}", ""), ("\u{2067}", ""), ("\u{2068}", ""), ("\u{2069}", ""),  // bidi isolates
        ("\u{202A}", ""), ("\u{202B}", ""), ("\u{202C}", ""), ("\u{202D}", ""), ("\u{202E}", ""),  // embeddings, overrides
        ("\u{07}", ""), ("\u{00}", ""), ("\u{1F}", ""), ("\u{7F}", ""),  // C0, DEL
        ("\u{80}", ""), ("\u{85}", " "), ("\u{99}", ""),  // C1 (NEL is a line break)
        ("\u{1B}c", ""), ("\u{9B}1m", ""),  // ESC c (reset), CSI in its 8-bit form
        ("\n", " "), ("\t", " "), ("\u{2028}", " "), ("\u{2029}", " "),  // line breaks become spaces
    ])
    func eachClassAloneIsCleaned(control: String, becomes: String) {
        let text = "ab" + control + "cd 大家"
        #expect(TextSanitizer.needsCleaning(text.utf8), "the quick check lets \(control.unicodeScalars.map { String($0.value, radix: 16) }) through")
        #expect(TextSanitizer.clean(text) == "ab" + becomes + "cd 大家")
    }

    @Test func plainTextIsLeftAloneByTheQuickCheck() {
        for text in ["Hello, world.", "大家好，歡迎。", "日本語のテキスト😀", "é\u{301}", "\u{2010}\u{2030}\u{2065}\u{206A}"] {
            #expect(!TextSanitizer.needsCleaning(text.utf8), "\(text)")
        }
    }
}

@Suite struct SubtitleTimesTests {
    /// From one hour on: minutes wrap at 60, hours count on.
    @Test(arguments: [
        (0, "00:00:00,000", "00:00:00.000"), (59_999, "00:00:59,999", "00:00:59.999"),
        (3_723_004, "01:02:03,004", "01:02:03.004"), (36_000_000 + 3_540_000, "10:59:00,000", "10:59:00.000"),
    ])
    func timesPastAnHour(milliseconds: Int, srt: String, vtt: String) {
        #expect(TranscriptExport.time(milliseconds, vtt: false) == srt)
        #expect(TranscriptExport.time(milliseconds, vtt: true) == vtt)
    }

    @Test func aSentenceAfterAnHourIsTimedSo() {
        var model = Broadcast()
        model.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live, recognitionMode: .single)))
        model.apply(origin(1, "一。", start: "1:02:03"))
        model.apply(translation(1, "en-US", "One."))
        let srt = TranscriptExport.render(model, ExportOptions(format: .srt, language: "en-US"))
        #expect(srt.hasPrefix("1\n01:02:03,000 --> 01:02:06,000\nOne.\n"))
    }
}

@Suite struct SpeechLengthEstimateTests {
    /// Without `duration_ms` the length comes from the MP3's size at 32 kbit/s: 4 bytes a millisecond.
    @Test func theEstimateIsTheSizeAt32Kbits() {
        #expect(VASAssumptions.estimatedSpeechMs(base64Count: 4_000) == 750)  // 3,000 bytes
        #expect(VASAssumptions.estimatedSpeechMs(base64Count: 0) == 0)
        let item = SpeechQueue.Item(TTSReady(sid: 1, language: "en-US", audio: String(repeating: "A", count: 40_000)), queuedAt: 0)
        #expect(item.durationMs == 7_500)
    }

    /// On real speech the estimate is within a factor of two of the truth (a tenfold error is not).
    @Test func theEstimateIsNearTheTruthOnRealSpeech() throws {
        for name in ["sid1-en.mp3", "sid2-en.mp3"] {
            let mp3 = try Fixtures.bytes("audio/" + name)
            let truth = try MP3Decoder.decode(mp3).durationMs
            let estimate = Double(VASAssumptions.estimatedSpeechMs(base64Count: Data(mp3).base64EncodedString().utf8.count))
            #expect(estimate > truth / 2 && estimate < truth * 2, "\(name): \(estimate) ms estimated, \(truth) ms true")
        }
    }
}

@Suite struct EveryAnswerIsPinnedTests {
    typealias A = VASAssumptions

    /// The answers the classification table test did not name.
    @Test(arguments: [
        (403, nil as String?, A.StreamAnswer.password),
        (400, "broadcast_password_invalid", .password),
        (401, nil, .password),
        (408, nil, .retry(.serverTrouble, after: nil)),
        (425, nil, .retry(.serverTrouble, after: nil)),
        (500, nil, .retry(.serverTrouble, after: nil)),
        (301, nil, .terminal(.redirected)),
        (302, nil, .terminal(.redirected)),
        (307, nil, .terminal(.redirected)),
        (308, nil, .terminal(.redirected)),
        (410, nil, .terminal(.ended)),
        (418, nil, .terminal(.refused)),
    ])
    func answer(status: Int, code: String?, expected: A.StreamAnswer) {
        #expect(A.classify(status: status, errorCode: code, contentType: "application/json", retryAfter: nil) == expected)
    }
}
