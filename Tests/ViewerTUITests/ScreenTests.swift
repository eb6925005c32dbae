import Foundation
import PropertyBased
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel
@testable import ViewerTUI

/// The recorded demo through the model, as a front end would see it before the end.
func demoModel() throws -> Broadcast {
    var decoder = EventStreamDecoder()
    var model = Broadcast()
    for item in decoder.feed(try Fixtures.bytes("demo-broadcast.sse")) {
        if case .event(.ended) = item { continue }
        model.apply(item)
    }
    return model
}

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("大", 2), ("한", 2), ("ア", 2), ("ｱ", 1), ("e\u{301}", 1), ("😀", 2), ("👨‍👩‍👧", 2), ("🇹🇼", 2),
        ("\u{301}", 1), ("\u{200B}", 0), ("Ａ", 2), ("。", 2),
    ])
    func glyphWidths(text: String, width: Int) {
        #expect(DisplayWidth.of(text) == width, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test func zwjSequencesAreDrawnAsTheirFirstEmoji() {
        #expect(DisplayWidth.glyph("👨‍👩‍👧").text == "👨")
        #expect(DisplayWidth.glyph("e\u{301}").text == "e\u{301}")
        #expect(DisplayWidth.glyph("❤\u{FE0F}").text == "❤")
        #expect(DisplayWidth.glyph("🇹🇼").text == "🇹🇼")
    }
}

@Suite struct TextWrapTests {
    func texts(_ lines: [[Cell]]) -> [String] { lines.map { $0.map(\.text).joined() } }

    @Test func latinBreaksAtSpaces() {
        #expect(texts(TextWrap.lines([Span("the quick brown fox jumps", .text)], width: 10))
            == ["the quick", "brown fox", "jumps"])
    }

    @Test func cjkBreaksBetweenGlyphsAndNeverStraddles() {
        let lines = TextWrap.lines([Span("大家好歡迎來到", .text)], width: 5)
        #expect(texts(lines) == ["大家", "好歡", "迎來", "到"])
        #expect(lines.allSatisfy { $0.count <= 5 })
    }

    @Test func closingPunctuationNeverStartsALine() {
        #expect(texts(TextWrap.lines([Span("大家好歡迎。", .text)], width: 10)) == ["大家好歡", "迎。"])
        #expect(texts(TextWrap.lines([Span("こんにちは、世界", .text)], width: 10)) == ["こんにち", "は、世界"])
    }

    @Test func hangingIndentOnLaterLines() {
        #expect(texts(TextWrap.lines([Span("aaaa bbbb cccc", .text)], width: 9, indent: 2)) == ["aaaa bbbb", "  cccc"])
    }

    @Test func roundTripAndWidthProperty() async {
        let pieces = ["a", "bc ", "大", "家好", "😀", "e\u{301}", "。", " ", "ｱ", "🇹🇼", "👨‍👩‍👧", "word "]
        await propertyCheck(count: 300, input: Gen.int(in: 0..<12).array(of: 1...40), Gen.int(in: 2...30)) { picks, width in
            let text = picks.map { pieces[$0] }.joined()
            let lines = TextWrap.lines([Span(text, .text)], width: width)
            for line in lines {
                #expect(line.count <= width)
                // A wide glyph is always followed by its right half, on the same line.
                for (index, cell) in line.enumerated() where cell.width == 2 {
                    #expect(index + 1 < line.count && line[index + 1].width == 0)
                }
            }
            // Nothing is lost but the spaces where lines break.
            let drawn = lines.flatMap { $0 }.map(\.text).joined().filter { $0 != " " }
            let expected = text.map { DisplayWidth.glyph($0).text }.joined().filter { $0 != " " }
            #expect(drawn == expected)
        }
    }
}

@Suite struct GridTests {
    @Test func wideGlyphAtTheEdgeIsNotDrawnHalf() {
        var grid = Grid(columns: 5, rows: 1)
        grid.put("ab大家", row: 0, column: 0, role: .text)
        #expect(grid.lines == ["ab大 "])
        var pane = Grid(columns: 6, rows: 1)
        pane.put("x大家", row: 0, column: 0, role: .text, limit: 4)
        #expect(pane.lines == ["x大   "])
    }

    @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
        var grid = Grid(columns: 4, rows: 1)
        grid.put("大家", row: 0, column: 0, role: .text)
        grid.put("x", row: 0, column: 1, role: .text)
        #expect(grid.lines == [" x家"])
    }

    /// Issue "Tests that bite".
    /// Writing over the left half of a wide glyph blanks its right half (the row keeps four columns).
    @Test func overTheLeftHalf() {
        var grid = Grid(columns: 4, rows: 1)
        grid.put("大家", row: 0, column: 0, role: .text)
        grid.put("x", row: 0, column: 2, role: .text)
        #expect(grid.lines == ["大x "])
        #expect(grid.isConsistent)
        #expect(DisplayWidth.of(grid.lines[0]) == 4)
    }
}

/// Screens as text goldens in Tests/Fixtures/screens. UPDATE_GOLDENS=1 rewrites the ones that
/// differ — and fails those tests, so that a run with it set never passes: read the diff, then
/// run again without it.
func expectGolden(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let text = grid.lines.map { $0 + "|" }.joined(separator: "\n") + "\n"
    let url = Fixtures.url("screens/\(name).txt")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
        guard (try? String(contentsOf: url, encoding: .utf8)) != text else { return }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("rewrote the golden \(name): read the diff, then run the tests again without UPDATE_GOLDENS", sourceLocation: sourceLocation)
        return
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(text == golden, "screen \(name) differs from its golden", sourceLocation: sourceLocation)
}

extension ViewerUI {
    /// Test set-up: speech as the session would have said it.
    mutating func set(speech: Speech) {
        _ = source.speechSaid(on: speech != .off, reason: nil)
        if speech == .muted { source.mute(true) }
    }
}

func liveUI(language: String? = "en-US") -> ViewerUI {
    var ui = ViewerUI(server: "https://vas.test", token: "a3f9", language: language)
    ui.broadcastName = "Demo"
    ui.connection = .connected
    return ui
}

/// A model with the edge cases of text: Japanese, emoji, combining marks, a wide glyph at the pane edge.
func edgeModel() -> Broadcast {
    var model = Broadcast()
    for event: BroadcastEvent in [
        .connected(Connected(availableLanguages: ["ja-JP", "en-US"], phase: .live, recognitionMode: .multiSpeaker)),
        origin(1, "日本語のテキストと絵文字😀と結合文字éの混在。", speaker: "G1", label: "佐藤", start: "00:01"),
        translation(1, "ja-JP", "これは日本語です。👨‍👩‍👧 家族、🇯🇵 国旗。"),
        origin(2, "x大家好大家好大家好大家好大家好大家好大家好大家好大家好大家好大家", speaker: "G2", start: "00:04"),
        translation(2, "ja-JP", "途中", final: false),
        origin(3, "Résumé naïve café", final: false, speaker: "G1", start: "00:09"),
    ] { model.apply(event) }
    return model
}

@Suite struct RendererGoldens {
    @Test(arguments: [(80, 24), (40, 12), (200, 50)])
    func demoAtEachSize(columns: Int, rows: Int) throws {
        let model = try demoModel()
        try expectGolden(Renderer.render(model, liveUI(), columns: columns, rows: rows, now: 0), "demo-\(columns)x\(rows)")
    }

    @Test(arguments: [(80, 24), (120, 30)])
    func edgeTextAtEachSize(columns: Int, rows: Int) throws {
        try expectGolden(Renderer.render(edgeModel(), liveUI(language: "ja-JP"), columns: columns, rows: rows, now: 0),
                         "edge-\(columns)x\(rows)")
    }

    @Test func everyCellOfEveryGoldenIsConsistent() throws {
        for (columns, rows) in [(80, 24), (40, 12), (200, 50), (101, 17), (99, 13), (41, 10)] {
            let grid = Renderer.render(edgeModel(), liveUI(language: "ja-JP"), columns: columns, rows: rows, now: 0)
            for row in 0..<rows {
                #expect(DisplayWidth.of(grid.lines[row]) == columns, "row \(row) at \(columns)×\(rows)")
                for column in 0..<columns where grid[row, column].width == 2 {
                    #expect(column + 1 < columns && grid[row, column + 1].width == 0)
                }
            }
        }
    }

    @Test func otherScreens() throws {
        var connecting = Broadcast()
        var ui = liveUI()
        ui.connection = .connecting
        try expectGolden(Renderer.render(connecting, ui, columns: 80, rows: 24, now: 0), "connecting")

        connecting.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .standby)))
        connecting.apply(.queued(Queued(position: 3, estimatedWait: "About 2 minutes")))
        ui.connection = .connected
        try expectGolden(Renderer.render(connecting, ui, columns: 80, rows: 24, now: 0), "queued")

        var standby = Broadcast()
        standby.apply(.connected(Connected(availableLanguages: ["en-US", "ja-JP"], phase: .standby)))
        standby.apply(.standby(LocalizedMessage(original: "即將開始", translations: ["en-US": "Starting soon", "ja-JP": "まもなく開始"])))
        try expectGolden(Renderer.render(standby, liveUI(language: "ja-JP"), columns: 80, rows: 24, now: 0), "standby-ja")

        var waiting = liveUI()
        waiting.connection = .waiting(.notStarted, until: 12, detail: "the broadcast has not started yet")
        try expectGolden(Renderer.render(Broadcast(), waiting, columns: 80, rows: 24, now: 0), "not-started")

        var model = try demoModel()
        var reconnecting = liveUI()
        reconnecting.connection = .waiting(.network, until: 3, detail: "the server closed the connection")
        try expectGolden(Renderer.render(model, reconnecting, columns: 80, rows: 24, now: 0.5), "reconnecting")

        model.apply(.paused(message: "Live stream is paused"))
        try expectGolden(Renderer.render(model, liveUI(), columns: 80, rows: 24, now: 0), "paused")

        var ended = liveUI()
        ended.outcome = .ended("Broadcast has ended")
        ended.overlays.dismissAnnouncements(upTo: 1)
        try expectGolden(Renderer.render(try demoModel(), ended, columns: 80, rows: 24, now: 0), "ended")

        var help = liveUI()
        help.overlays.open(.help)
        try expectGolden(Renderer.render(try demoModel(), help, columns: 80, rows: 30, now: 0), "help")

        try expectGolden(Renderer.render(try demoModel(), liveUI(), columns: 30, rows: 8, now: 0), "too-small")
    }

    @Test func stackedOriginalOnlyAndTranslationOnly() throws {
        var ui = liveUI()
        ui.layout = .stacked
        try expectGolden(Renderer.render(try demoModel(), ui, columns: 120, rows: 24, now: 0), "stacked-120x24")
        ui.panes = .translation
        try expectGolden(Renderer.render(try demoModel(), ui, columns: 80, rows: 24, now: 0), "translation-only")
    }
}

@Suite struct ViewerUITests {
    @Test func languageKeys() throws {
        var screen = Screen()
        screen.model = try demoModel()
        // A key only asks; the language shown changes when the source says so.
        var ui = screen.ui
        #expect(ui.handle(.char("l"), languages: screen.model.viewer.availableLanguages, model: screen.model) == [.selectLanguage("ja-JP")])
        #expect(ui.language == "en-US")
        for (key, language) in [(Key.char("l"), "ja-JP"), (.tab, "en-US"), (.backTab, "ja-JP"), (.char("1"), "en-US")] {
            screen.effects = []
            screen.press(key)
            #expect(screen.effects == [.selectLanguage(language)])
            #expect(screen.ui.language == language)
        }
        screen.effects = []
        screen.press(.char("9"))
        #expect(screen.effects == [])
        #expect(screen.ui.language == "en-US")
    }

    @Test func switchingLanguageKeepsTheTranscriptAndShowsTheOtherTranslations() throws {
        var screen = Screen()
        screen.model = try demoModel()
        screen.press(.char("l"))
        let text = screen.lines(columns: 120, rows: 30).joined()
        #expect(text.contains("本日は新しい製品ラインをご紹介します。"))
        #expect(text.contains("大家好，歡迎來到今天的發表會。"))
        #expect(text.contains("✗ translation failed: Content filtered"))
        #expect(text.contains("ja-JP 2/2"))
    }

    @Test func scrollingAnchorsAndNewSentencesDoNotMoveTheView() throws {
        var model = try demoModel()
        var ui = liveUI()
        ui.size = ViewerUI.Size(columns: 80, rows: 12)
        _ = ui.handle(.char("k"), languages: [], model: model)
        _ = ui.handle(.char("k"), languages: [], model: model)
        guard case .anchored = ui.scroll else { Issue.record("expected an anchored view, got \(ui.scroll)"); return }
        let before = Renderer.render(model, ui, columns: 80, rows: 12, now: 0).lines
        model.apply(origin(7, "新的一句。", speaker: "Guest-2", start: "00:40"))
        let after = Renderer.render(model, ui, columns: 80, rows: 12, now: 0).lines
        #expect(Array(before.prefix(6)) == Array(after.prefix(6)))
        #expect(after.joined().contains("more (End)"))
        _ = ui.handle(.end, languages: [], model: model)
        #expect(ui.scroll == .follow)
        #expect(Renderer.render(model, ui, columns: 80, rows: 12, now: 0).lines.joined().contains("新的一句。"))
    }

    @Test func scrollingBackDownFollowsAgain() throws {
        let model = try demoModel()
        var ui = liveUI()
        ui.size = ViewerUI.Size(columns: 80, rows: 12)
        for _ in 0..<3 { _ = ui.handle(.char("k"), languages: [], model: model) }
        guard case .anchored = ui.scroll else { Issue.record("expected an anchored view, got \(ui.scroll)"); return }
        for _ in 0..<50 { _ = ui.handle(.char("j"), languages: [], model: model) }
        #expect(ui.scroll == .follow)
    }

    @Test func searchHighlightsAndJumps() throws {
        let model = try demoModel()
        var ui = liveUI()
        for key: Key in [.char("/"), .char("p"), .char("r"), .char("i"), .char("c"), .char("e"), .enter] {
            _ = ui.handle(key, languages: [], model: model)
        }
        #expect(ui.search == "price")
        #expect(!ui.searching)
        _ = ui.handle(.char("g"), languages: [], model: model)
        _ = ui.handle(.char("f"), languages: [], model: model)
        #expect(ui.scroll == .anchored(index: 2, line: 0))
        let grid = Renderer.render(model, ui, columns: 120, rows: 20, now: 0)
        #expect(grid.cells.contains { $0.role == .searchMatch })
    }

    @Test func announcementsAndOverlays() throws {
        let model = try demoModel()
        var ui = liveUI()
        #expect(Renderer.render(model, ui, columns: 80, rows: 24, now: 0).lines[0].contains("The meeting will end in 5 minutes"))
        _ = ui.handle(.char("x"), languages: [], model: model)
        #expect(!Renderer.render(model, ui, columns: 80, rows: 24, now: 0).lines[0].contains("The meeting"))
        _ = ui.handle(.char("a"), languages: [], model: model)
        #expect(Renderer.render(model, ui, columns: 80, rows: 24, now: 0).lines.joined().contains("• The meeting will end in 5 minutes"))
        _ = ui.handle(.char("z"), languages: [], model: model)
        #expect(ui.overlay == nil)
        #expect(ui.handle(.char("q"), languages: [], model: model) == [.exit(code: 0, farewell: nil)])
    }

    @Test func layoutAndPaneKeys() throws {
        let model = try demoModel()
        var ui = liveUI()
        ui.size.columns = 120  // side by side on its own
        // v cycles auto → side by side → stacked → auto: the automatic layout is never lost.
        for expected: ViewerUI.Layout in [.sideBySide, .stacked, .auto, .sideBySide] {
            _ = ui.handle(.char("v"), languages: [], model: model)
            #expect(ui.layout == expected)
        }
        var narrow = liveUI()
        narrow.size.columns = 80
        _ = narrow.handle(.char("v"), languages: [], model: model)
        _ = narrow.handle(.char("v"), languages: [], model: model)
        _ = narrow.handle(.char("v"), languages: [], model: model, now: 1)
        #expect(narrow.layout == .auto)
        #expect(narrow.effectiveLayout == .stacked)
        #expect(narrow.message?.text == "layout: auto (stacked at this width)")
        for expected: ViewerUI.Panes in [.original, .translation, .both] {
            _ = ui.handle(.char("o"), languages: [], model: model)
            #expect(ui.panes == expected)
        }
    }

    @Test func idleMeansIdle() {
        var ui = liveUI()
        let model = Broadcast()
        ui.lastActivity = 100
        // A heartbeat just arrived: nothing changes on screen for 20 s.
        #expect(ui.secondsUntilChange(model: model, now: 100)! > 19.9)
        ui.connection = .closed
        #expect(ui.secondsUntilChange(model: model, now: 100) == nil)
    }

    /// Found by a second new-user try-out.
    /// The first ↑ after End moves the view a line (the last sentence has no blank line after it).
    @Test(arguments: [(80, 24), (120, 35), (120, 14)])
    func theFirstStepUpMovesTheView(columns: Int, rows: Int) throws {
        var model = try demoModel()
        for sid in 10..<30 {  // more than a screen
            model.apply(origin(sid, "第\(sid)句。", speaker: "Guest-2", start: "01:\(sid)"))
            model.apply(translation(sid, "en-US", "Sentence \(sid)."))
        }
        var ui = liveUI()
        ui.size = ViewerUI.Size(columns: columns, rows: rows)
        let following = Renderer.render(model, ui, columns: columns, rows: rows, now: 0).lines
        _ = ui.handle(.char("k"), languages: [], model: model)
        let moved = Renderer.render(model, ui, columns: columns, rows: rows, now: 0).lines
        #expect(moved != following)
        #expect(moved.last?.contains("↓ 1 more (End)") == true)
        _ = ui.handle(.char("j"), languages: [], model: model)
        #expect(ui.scroll == .follow)
    }
}

@Suite struct KeyTableTests {
    @Test func everyKeyMeansOneThing() {
        var seen: [Key: Action] = [:]
        for binding in KeyTable.bindings {
            for key in binding.keys {
                #expect(seen[key] == nil, "\(key) is bound twice")
                seen[key] = binding.action
            }
        }
    }

    @Test func theDocumentedBindings() {
        #expect(KeyTable.action(for: .char("n")) == .skipSpeech)
        #expect(KeyTable.action(for: .char("f")) == .nextMatch)
        #expect(KeyTable.action(for: .char("F")) == .previousMatch)
        #expect(KeyTable.action(for: .char("3")) == .pickLanguage(3))
        #expect(KeyTable.action(for: .ctrl("c")) == .quit)
        #expect(KeyTable.action(for: .wheelUp) == .scrollUp)
    }

    @Test func theHelpIsBuiltFromTheTable() throws {
        var ui = liveUI()
        ui.overlays.open(.help)
        let text = Renderer.render(Broadcast(), ui, columns: 100, rows: 40, now: 0).lines.joined(separator: "\n")
        for line in KeyTable.helpLines { #expect(text.contains(line.help)) }
    }
}

@Suite struct ThemeTests {
    @Test func noColorAndTheFlag() {
        #expect(Theme.choose(environment: [:], noColorFlag: false) == .colour)
        #expect(Theme.choose(environment: ["NO_COLOR": "1"], noColorFlag: false) == .monochrome)
        #expect(Theme.choose(environment: ["NO_COLOR": ""], noColorFlag: false) == .colour)
        #expect(Theme.choose(environment: [:], noColorFlag: true) == .monochrome)
    }

    @Test func monochromeKeepsAttributesAndDropsColours() {
        let roles: [Role] = [.text, .partial, .time, .speaker(2), .placeholder, .failure, .status, .statusAccent, .statusWarning,
                             .banner, .bannerAlert, .title, .key, .searchMatch, .speaking, .dim]
        for role in roles {
            let style = Theme.monochrome.style(for: role)
            #expect(style.foreground == nil && style.background == nil, "\(role)")
        }
        #expect(Theme.monochrome.style(for: .status).reverse)
        #expect(Theme.monochrome.style(for: .partial).dim)
        #expect(Theme.monochrome.style(for: .speaker(0)).bold)
        #expect(Theme.colour.style(for: .speaker(0)) != Theme.colour.style(for: .speaker(1)))
    }
}

@Suite struct SpokenWordTests {
    func model() -> Broadcast {
        var model = Broadcast()
        for event: BroadcastEvent in [
            .connected(Connected(availableLanguages: ["en-US", "ja-JP"], phase: .live, recognitionMode: .single)),
            origin(1, "大家好，歡迎。", start: "00:01"),
            translation(1, "en-US", "Hello everyone, welcome."),
            translation(1, "ja-JP", "😀 今日のテーマは図書館です。"),
            origin(2, "謝謝。", start: "00:04"),
            translation(2, "en-US", "Thank you."),
        ] { model.apply(event) }
        return model
    }

    let english = [WordBoundary(offsetMs: 0, durationMs: 364, text: "Hello", textOffset: 0, wordLength: 5),
                   WordBoundary(offsetMs: 364, durationMs: 606, text: "everyone,", textOffset: 6, wordLength: 9),
                   WordBoundary(offsetMs: 1200, durationMs: 500, text: "welcome.", textOffset: 16, wordLength: 8)]

    /// The text of the cells drawn as being spoken.
    func spoken(_ ui: ViewerUI, now: Double, columns: Int = 120) -> String {
        Renderer.render(model(), ui, columns: columns, rows: 20, now: now).cells
            .filter { $0.role == .speaking }.map(\.text).joined()
    }

    func speaking(_ ui: inout ViewerUI, sid: Int = 1, language: String = "en-US", text: String = "Hello everyone, welcome.",
                  boundaries: [WordBoundary]) {
        ui.set(speech: .on)
        ui.speaking = ViewerUI.Speaking(sid: sid, language: language, text: text, boundaries: boundaries, since: 10)
    }

    @Test func theWordBeingSaidFollowsTheClock() {
        var ui = liveUI()
        speaking(&ui, boundaries: english)
        #expect(spoken(ui, now: 10.1) == "Hello")
        #expect(spoken(ui, now: 10.5) == "everyone,")
        #expect(spoken(ui, now: 11.0) == "")  // a pause between words
        #expect(spoken(ui, now: 11.3) == "welcome.")
        #expect(spoken(ui, now: 11.3, columns: 80) == "welcome.")  // stacked too
        // The UI wakes when the highlight must move, and not before.
        #expect(abs(ui.secondsUntilChange(model: model(), now: 10.1)! - 0.264) < 0.01)
    }

    @Test func withoutBoundariesOrWithOtherTextTheWholeSentenceIsMarked() {
        var ui = liveUI()
        speaking(&ui, boundaries: [])
        #expect(spoken(ui, now: 10.1).filter { $0 != " " } == "Helloeveryone,welcome.")
        speaking(&ui, text: "Hello all, welcome.", boundaries: english)  // the pane shows another wording
        #expect(spoken(ui, now: 10.5).filter { $0 != " " } == "Helloeveryone,welcome.")
    }

    @Test func japaneseAndEmojiUseUTF16Offsets() {
        var ui = liveUI(language: "ja-JP")
        // "😀 " is three UTF-16 units; 図書館 starts at 10.
        speaking(&ui, language: "ja-JP", text: "😀 今日のテーマは図書館です。",
                 boundaries: [WordBoundary(offsetMs: 0, durationMs: 500, text: "図書館", textOffset: 10, wordLength: 3)])
        #expect(spoken(ui, now: 10.2) == "図書館")
    }

    @Test func onlyTheSentenceAndLanguageBeingSpoken() {
        var ui = liveUI(language: "ja-JP")
        speaking(&ui, boundaries: english)  // English is spoken, Japanese is shown
        #expect(spoken(ui, now: 10.1) == "")
        var other = liveUI()
        speaking(&other, sid: 2, text: "Thank you.", boundaries: [])
        #expect(spoken(other, now: 10.1).filter { $0 != " " } == "Thankyou.")
    }

    @Test func theStatusBarSaysSpeakingMutedOrOff() {
        var ui = liveUI()
        let status = { (ui: ViewerUI) in Renderer.render(self.model(), ui, columns: 120, rows: 20, now: 10.1).lines.last ?? "" }
        #expect(status(ui).contains("TTS off"))
        ui.set(speech: .on)
        #expect(status(ui).contains("TTS on"))
        speaking(&ui, boundaries: english)
        #expect(status(ui).contains("TTS speaking"))
        ui.set(speech: .muted)
        #expect(status(ui).contains("TTS muted"))
    }
}

@Suite struct ReplayKeysTests {
    @Test func pauseAndSpeedChangeTheReplaysPaceWithinBounds() throws {
        var screen = Screen()
        screen.model = try demoModel()
        screen.press(.char("p"))
        #expect(screen.effects.isEmpty)  // live: nothing to pause
        #expect(screen.ui.message?.text.contains("for replays") == true)
        screen.send(.paced(ReplayPace(speed: 1)))  // a replay says its pace when it starts
        screen.press(.char("p"))
        #expect(screen.effects == [.pace(.init(speed: 1, paused: true))])
        #expect(screen.lines(columns: 100, rows: 20).last?.contains("replay paused (p)") == true)
        screen.press(.char("p"))
        for _ in 0..<10 { screen.press(.char("]")) }
        #expect(screen.ui.replay == .init(speed: 64))
        for _ in 0..<12 { screen.press(.char("[")) }
        #expect(screen.ui.replay == .init(speed: 0.25))
        let status = screen.lines(columns: 100, rows: 20).last ?? ""
        #expect(status.contains("replay ×0.25"))
        #expect(!status.contains("TTS"))
    }
}

@Suite struct HelpFitsTests {
    /// Every binding's help is on screen at the usual sizes.
    @Test(arguments: [(80, 24), (100, 30), (120, 40)])
    func everyKeyIsListed(columns: Int, rows: Int) throws {
        var ui = liveUI()
        ui.overlays.open(.help)
        let screen = Renderer.render(try demoModel(), ui, columns: columns, rows: rows, now: 0).lines.joined(separator: "\n")
        for (_, help) in KeyTable.helpLines { #expect(screen.contains(help), "missing: \(help)") }
    }
}

@Suite struct FuzzRegressionTests {
    /// Every input a fuzzer once crashed on (Tests/Fixtures/fuzz-regressions/TARGET-…), through
    /// the same target body; a regression traps and fails the run.
    @Test func everySavedCrashNowPasses() throws {
        let folder = Fixtures.url("fuzz-regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!files.isEmpty)
        for name in files {
            let target = String(name.prefix { $0 != "-" })
            #expect(FuzzTargets.names.contains(target), "\(name) names no target")
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            data.withUnsafeBytes { FuzzTargets.run(target, $0.bindMemory(to: UInt8.self)) }
        }
    }

    @Test func aWideGlyphInATwoColumnPaneWithAnIndentStaysInside() {
        for width in 1...4 {
            for indent in 0...3 {
                for line in TextWrap.lines([Span("大家好ok", .text)], width: width, indent: indent) {
                    #expect(TextWrap.width(line) <= max(width, 2), "width \(width) indent \(indent)")
                }
            }
        }
    }
}

/// A box's text is measured in display columns, not characters.
@Suite struct BoxWidthTests {
    /// A notice's row is its time and mark (11 columns) and 20 Chinese characters: 31
    /// characters but 51 columns, so wider than a 40-column screen's box (34 inside) only when
    /// measured in columns. Measured in characters it would not wrap, and its end would be cut
    /// at the box's edge.
    @Test func aChineseNoticeWiderInColumnsThanInCharactersWrapsInsideTheBox() {
        let notice = "錄音檔案無法寫入請檢查資料夾的權限謝謝"
        let row = "00:00:00   " + notice
        #expect(row.count <= 34 && DisplayWidth.of(row) > 34)
        var ui = liveUI()
        ui.note(notice, now: 0)
        ui.overlays.open(.notices)
        let grid = Renderer.render(Broadcast(), ui, columns: 40, rows: 12, now: 0)
        #expect(grid.isConsistent)
        // Every character is on the screen, in order, across the box's rows.
        let shown = grid.lines.joined().filter { !$0.isWhitespace }
        #expect(shown.contains(notice), "\(grid.lines.joined(separator: "\n"))")
        // And no row of it reaches the screen's last column (the box's margin).
        for row in 0..<grid.rows - 1 where grid.lines[row].contains(where: { notice.contains($0) }) {
            #expect(grid[row, grid.columns - 1].text == " ", "row \(row) overflows: \(grid.lines[row])")
        }
    }

    /// Issue "Tests that bite".
    /// An overlay's box is measured in display columns: a Chinese message is whole.
    @Test func aChineseMessageIsWholeInItsBox() {
        var model = Broadcast()
        model.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live, recognitionMode: .single)))
        model.apply(origin(1, "一。"))
        model.apply(.paused(message: "主持人暫停了直播，請稍候片刻。"))
        let grid = Renderer.render(model, liveUI(), columns: 80, rows: 24, now: 0)
        #expect(grid.lines.contains { $0.contains("主持人暫停了直播，請稍候片刻。") })
        #expect(grid.isConsistent)
    }
}

/// Issue "Nothing silent", B.13: how it ended is said once.
@Suite struct EndingWordsTests {
    @Test func theServersWordsOnlyWhenTheyAddSomething() {
        #expect(SessionOutcome.ended("Broadcast has ended").sentence() == "the broadcast has ended")
        #expect(SessionOutcome.ended("Broadcast has ended.").sentence(capitalized: true) == "The broadcast has ended")
        #expect(SessionOutcome.ended("Thanks for coming").sentence() == "the broadcast has ended (Thanks for coming)")
        #expect(SessionOutcome.ended(nil).sentence() == "the broadcast has ended")
        #expect(SessionOutcome.kicked("Removed by the host").sentence() == "the host removed you from this broadcast (Removed by the host)")
        #expect(SessionOutcome.failed("cannot reach x.").sentence(capitalized: true) == "Cannot reach x")
        var ended = liveUI()
        ended.outcome = .ended("Broadcast has ended")
        #expect(Renderer.render(Broadcast(), ended, columns: 80, rows: 24, now: 0).lines.joined().contains("The broadcast has ended") )
        #expect(!Renderer.render(Broadcast(), ended, columns: 80, rows: 24, now: 0).lines.joined().contains("ended: Broadcast"))
    }

    @Test func secondsForPeopleAndLogs() {
        #expect(Duration.seconds(0.65891805093026).secondsText == "0.7 s")
        #expect(Duration.seconds(12.4).secondsText == "12 s")
    }
}

/// Keys as less, vim and htop users expect them (issue "Everyday use").
@Suite struct EverydayKeysTests {
    func scrolled(_ keys: [Key], rows: Int = 12) throws -> ViewerUI.Scroll {
        var model = try demoModel()
        for sid in 7...60 { model.apply(origin(sid, "第\(sid)句。", speaker: "Guest-1", start: "01:\(sid)")) }
        var ui = liveUI()
        ui.size = ViewerUI.Size(columns: 80, rows: rows)
        for key in keys { _ = ui.handle(key, languages: [], model: model) }
        return ui.scroll
    }

    @Test func ctrlUAndCtrlDMoveHalfAPage() throws {
        let half = Array(repeating: Key.char("k"), count: 5)  // a page of 12 rows is 10 lines
        #expect(try scrolled([.ctrl("u")]) == scrolled(half))
        #expect(try scrolled([.ctrl("u")]) != scrolled([.pageUp]))
        #expect(try scrolled([.ctrl("u"), .ctrl("u"), .ctrl("d")]) == scrolled([.ctrl("u")]))
    }

    @Test func bAndSpacePageLikeLess() throws {
        #expect(try scrolled([.char("b")]) == scrolled([.pageUp]))
        #expect(try scrolled([.char("b"), .char("b"), .char(" ")]) == scrolled([.pageUp]))
        let help = KeyTable.helpLines.map { "\($0.0) \($0.1)" }
        #expect(help.contains("b Space page up / down"))
        #expect(help.contains("C-u C-d half a page up / down"))
        #expect(help.contains("C-z suspend (fg comes back)"))
    }

    @Test func aKeyThatDoesNothingSaysSoOnce() {
        var screen = Screen()
        screen.press(.char("z"))
        #expect(screen.ui.message?.text == "z does nothing here: ? lists the keys")
        screen.press(.char("Z"))
        #expect(screen.ui.message?.text.contains("does nothing") != true)  // once is enough
        screen.press(.enter)
        #expect(screen.ui.message?.text.contains("does nothing") != true)
    }

    @Test func backspaceOnAnEmptySearchLeavesIt() throws {
        let model = try demoModel()
        var ui = liveUI()
        _ = ui.handle(.char("/"), languages: [], model: model)
        _ = ui.handle(.char("p"), languages: [], model: model)
        _ = ui.handle(.backspace, languages: [], model: model)
        #expect(ui.searching)  // emptied, still typing
        _ = ui.handle(.backspace, languages: [], model: model)
        #expect(!ui.searching)
        #expect(ui.search == "")
    }

    /// At "terminal too small" nothing opens unseen: ? does nothing, and q leaves at once.
    @Test func keysWaitWhileTheTerminalIsTooSmall() {
        var screen = Screen()
        screen.press(.char("?"), .char("i"), .char("v"), columns: 30, rows: 8)
        #expect(screen.ui.overlay == nil)
        #expect(screen.ui.layout == liveUI().layout)
        screen.press(.char("q"), columns: 30, rows: 8)
        #expect(screen.effects.contains { if case .exit = $0 { true } else { false } })
    }
}

/// At 40 columns the status bar keeps a file's name, not the start of its path (issue "Everyday use", item 10).
@Suite struct NarrowStatusTests {
    @Test func aMessageNamingAFileKeepsItsEnd() {
        #expect(StatusBar.keepingTheEnd("autosaving to …/a3f9-2026-12-06.jsonl", width: 22) == "…a3f9-2026-12-06.jsonl")
        #expect(StatusBar.keepingTheEnd("saved to /home/me/talks/2026/december/talk.txt", width: 30) == "saved to …/talk.txt")
        #expect(StatusBar.keepingTheEnd("saved to /a/b/talk.txt (2 missed)", width: 30) == "saved to …/talk.txt (2 missed)")
        #expect(StatusBar.keepingTheEnd("saved to /tmp/vas-loop-0123456789abcdef.txt", width: 28) == "saved to …23456789abcdef.txt")
        #expect(StatusBar.keepingTheEnd("saved to talk.txt", width: 40) == "saved to talk.txt")  // fits
        #expect(StatusBar.keepingTheEnd("the broadcast is live: Broadcast has started", width: 20) == "the broadcast is live: Broadcast has started")  // no file
        #expect(DisplayWidth.of(StatusBar.keepingTheEnd("存到 /tmp/很長的資料夾名稱/逐字稿.txt", width: 12)) <= 12)
    }

    @Test func theStatusBarAtFortyColumnsShowsTheFileName() throws {
        var screen = Screen()
        screen.send(.autosaving("/home/me/.local/state/vas-view/a3f9-2026-12-06.jsonl"))
        let status = screen.lines(columns: 40, rows: 12).last ?? ""
        #expect(status.contains("2026-12-06.jsonl"), "\(status)")
    }
}

extension NarrowStatusTests {
    /// s writes into the current folder: a file name without folders keeps its end too.
    @Test func aFileNameWithoutFoldersKeepsItsEnd() {
        let cut = StatusBar.keepingTheEnd("saved to vas-view-a3f9-20261206-210520.txt", width: 30)
        #expect(cut.hasPrefix("saved to …") && cut.hasSuffix("210520.txt") && DisplayWidth.of(cut) <= 30, "\(cut)")
        #expect(StatusBar.keepingTheEnd("the broadcast is live: Broadcast has started. Welcome", width: 20) == "the broadcast is live: Broadcast has started. Welcome")
    }
}


/// Messages that name files wrap at folder separators, never inside a file's name (issue "Everyday use", item 10).
@Suite struct PathWrapTests {
    @Test func aLongPathBreaksAfterAFolder() {
        let lines = TextWrap.lines([Span("saved to /home/me/talks/2026/file-name.txt", .text)], width: 22)
            .map { String($0.map(\.text).joined()) }
        #expect(lines == ["saved to", "/home/me/talks/2026/", "file-name.txt"])
    }
}

extension EverydayKeysTests {
    /// At either end, a scroll key says it cannot go further (as less does), instead of nothing.
    @Test func scrollingPastAnEndSaysSo() throws {
        var model = try demoModel()
        for sid in 7...60 { model.apply(origin(sid, "第\(sid)句。", speaker: "Guest-1", start: "01:\(sid)")) }
        var ui = liveUI()
        ui.size = ViewerUI.Size(columns: 80, rows: 12)
        _ = ui.handle(.char("j"), languages: [], model: model)
        #expect(ui.message?.text == "already at the newest sentence")
        _ = ui.handle(.char("g"), languages: [], model: model)
        _ = ui.handle(.ctrl("u"), languages: [], model: model)
        #expect(ui.message?.text == "already at the first sentence")
        _ = ui.handle(.char("j"), languages: [], model: model)
        #expect(ui.message == nil)  // it moved: nothing to say
    }
}
