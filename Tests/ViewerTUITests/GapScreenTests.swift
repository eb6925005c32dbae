import Foundation
import Testing
import TestSupport
@testable import BroadcastModel
@testable import ViewerTUI

/// Sentences missed while reconnecting: a dim row where they would have been, and a notice.
@Suite struct GapScreenTests {
    static let items: [StreamItem] = [
        .event(.connected(Connected(availableLanguages: ["en-US"], phase: .live, recognitionMode: .single))),
        .event(origin(1, "一。", start: "00:05")), .event(translation(1, "en-US", "One.")),
        .event(origin(2, "二。", start: "00:12")), .event(translation(2, "en-US", "Two.")),
        .reconnected,
        .event(origin(5, "五。", start: "00:18")), .event(translation(5, "en-US", "Five.")),
    ]

    @Test(arguments: [(120, ViewerUI.Panes.both), (60, .both), (120, .translation), (40, .original)])
    func aDimRowStandsWhereTheyWouldHaveBeen(columns: Int, panes: ViewerUI.Panes) {
        var model = Broadcast()
        var ui = liveUI()
        ui.panes = panes
        _ = ui.apply(.items(Self.items), to: &model, now: 0)
        let grid = Renderer.render(model, ui, columns: columns, rows: 24, now: 0)
        let lines = grid.lines
        guard let row = lines.firstIndex(where: { $0.contains("⋯ 2 sentences missed") }) else {
            Issue.record("no gap row:\n\(lines.joined(separator: "\n"))")
            return
        }
        #expect((0..<columns).contains { grid[row, $0].role == .dim })
        let two = lines.firstIndex { $0.contains("二。") || $0.contains("Two.") } ?? -1
        let five = lines.firstIndex { $0.contains("五。") || $0.contains("Five.") } ?? -1
        #expect(two < row && row < five)
    }

    @Test func theNoticesListSaysItOnce() {
        var model = Broadcast()
        var ui = liveUI()
        _ = ui.apply(.items(Self.items), to: &model, now: 0)
        _ = ui.apply(.items([.event(origin(6, "六。"))]), to: &model, now: 1)
        #expect(ui.notices.filter { $0.text == "2 sentences missed while reconnecting (00:12–00:18)" }.count == 1)
        // Filled by a late resend: the row goes.
        _ = ui.apply(.items([.event(origin(3, "三。")), .event(origin(4, "四。"))]), to: &model, now: 2)
        #expect(!Renderer.render(model, ui, columns: 120, rows: 24, now: 2).lines.dropLast().joined().contains("missed"))  // the status bar said it
    }
}

/// `--save` on leaving: nothing received replaces nothing.
@Suite struct SaveOnExitTests {
    @Test func nothingReceivedLeavesTheFileAsItWas() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-exit-\(UUID()).srt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "1\n00:00:01,000 --> 00:00:02,000\nEarlier.\n".write(toFile: path, atomically: true, encoding: .utf8)
        var model = Broadcast()
        model.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live)))
        #expect(SaveTarget(save: path).saveOnExit(model, token: "a3f9", language: "en-US") == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "1\n00:00:01,000 --> 00:00:02,000\nEarlier.\n")
        // Half a sentence cut off (Ctrl-C before its end) is not worth an earlier file.
        model.apply(origin(1, "一", final: false))
        #expect(SaveTarget(save: path).saveOnExit(model, token: "a3f9", language: "en-US") == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "1\n00:00:01,000 --> 00:00:02,000\nEarlier.\n")
        model.apply(origin(1, "一。"))
        #expect(SaveTarget(save: path).saveOnExit(model, token: "a3f9", language: "en-US") == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("一。"))
    }

    @Test func theMissedAreSaidAndSRTSaysItCannotMarkThem() {
        var model = Broadcast()
        for item: StreamItem in [.event(origin(1, "一")), .reconnected, .event(origin(4, "四"))] { model.apply(item) }
        #expect(SaveTarget.missedNote(model, format: .txt) == "2 sentences were missed while reconnecting: each gap is marked where they would have been")
        #expect(SaveTarget.missedNote(model, format: .srt)?.hasPrefix("2 sentences were missed while reconnecting: SRT has no place") == true)
        #expect(SaveTarget.missedNote(Broadcast(), format: .txt) == nil)
    }
}

/// A translation whose original never came: the screen says so once nothing more will come,
/// as plain mode and the text file do.
@Suite struct OriginalNotReceivedScreenTests {
    @Test func saidOnceTheBroadcastIsOver() {
        var model = Broadcast()
        var ui = liveUI()
        _ = ui.apply(.items([.event(origin(1, "一。", start: "00:01")), .event(translation(6, "en-US", "Six."))]), to: &model, now: 0)
        #expect(!Renderer.render(model, ui, columns: 120, rows: 24, now: 0).lines.joined().contains("(original not received)"))
        _ = ui.apply(.finished(.ended("bye")), to: &model, now: 1)
        #expect(Renderer.render(model, ui, columns: 120, rows: 24, now: 1).lines.joined().contains("(original not received)"))
    }
}

/// A translation that never came: once the broadcast is over, the screen says it is missing.
@Suite struct TranslationNotReceivedScreenTests {
    /// Found by a second new-user try-out.
    @Test func afterTheEndAMissingTranslationIsSaidMissing() {
        var model = Broadcast()
        model.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live, recognitionMode: .single)))
        model.apply(origin(1, "一。"))
        var ui = liveUI()
        #expect(Renderer.render(model, ui, columns: 120, rows: 20, now: 0).lines.joined().contains("… (en-US)"))
        ui.outcome = .ended(nil)
        let text = Renderer.render(model, ui, columns: 120, rows: 20, now: 0).lines.joined()
        #expect(text.contains("(no en-US translation)") && !text.contains("… (en-US)"))
    }
}
