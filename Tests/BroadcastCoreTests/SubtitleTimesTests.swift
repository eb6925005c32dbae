import Testing
import TestSupport
@testable import BroadcastModel

/// Issue "Tests that bite": edges a mutation check found unguarded.
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
