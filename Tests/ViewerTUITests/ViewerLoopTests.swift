import BroadcastCore
import Foundation
import Testing
import TestSupport
@testable import ViewerTUI
import BroadcastModel

/// The whole full-screen loop — wait, update, perform, draw — on an in-memory screen:
/// what only tmux reached before (session updates, speech events, toggles, overlays,
/// leaving) is checked here frame by frame.
struct LoopRun {
    var end: ViewerLoop<TestScreen>.End
    var app: ViewerApp
    var screen: TestScreen
    /// What the viewer asked of its source, in order.
    var commands: [SourceCommands.Command]
}

func runLoop(_ script: [TestScreen.Step], columns: Int = 100, rows: Int = 24, speechOn: Bool = false,
             saving: SaveTarget = SaveTarget(), details: BroadcastInfo? = nil) async -> LoopRun {
    let screen = TestScreen(columns: columns, rows: rows, script: script)
    let commands = SourceCommands()
    let performer = EffectPerformer(commands: commands, speech: nil, saving: saving, token: "a3f9")
    var ui = ViewerUI(server: "https://vas.test", token: "a3f9", language: nil)
    ui.set(speech: speechOn ? .on : .off)
    var clock = 0.0
    let loop = ViewerLoop(screen: screen, inbox: Inbox(), performer: performer, now: { clock += 0.001; return clock })
    var app = ViewerApp(ui: ui, details: details)
    let end = loop.run(&app)
    commands.finish()
    var asked: [SourceCommands.Command] = []
    for await command in commands.stream { asked.append(command) }
    return LoopRun(end: end, app: app, screen: screen, commands: asked)
}

private let connected = SessionUpdate.items([.event(.connected(Connected(availableLanguages: ["en-US", "ja-JP"], ttsLanguages: ["en-US"],
                                                                           phase: .live, recognitionMode: .single)))])

private func sentence(_ sid: Int, _ original: String, _ english: String) -> SessionUpdate {
    .items([.event(.origin(Origin(sid: sid, text: original, isFinal: true, language: "zh-TW", speaker: SpeakerTag(id: "Guest-1", label: "王經理"),
                                  startTime: "00:0\(sid)"))),
            .event(.translation(Translation(sid: sid, language: "en-US", text: english)))])
}

@Suite struct ViewerLoopTests {
    @Test func whatArrivesIsDrawnAndQLeavesWithZero() async {
        let run = await runLoop([.messages([.update(.connected), .update(connected), .update(sentence(1, "大家好。", "Hello everyone."))]),
                                 .keys([.char("q")])])
        #expect(run.end == .init(code: 0, farewell: nil))
        #expect(!run.screen.ranOut)
        #expect(run.screen.frames.count == 2)  // the first, and the one for all that arrived at once
        #expect(run.screen.lastText.contains("大家好。"))
        #expect(run.screen.lastText.contains("Hello everyone."))
        #expect(run.app.model.transcript.current.sentences.count == 1)
    }

    @Test func ctrlCAndASignalLeaveWithTheirCodes() async {
        #expect(await runLoop([.keys([.ctrl("c")])]).end.code == ExitStatus.interrupted)
        #expect(await runLoop([.messages([.interrupted(143)])]).end.code == 143)
    }

    @Test func quittingAfterAnEndingGivesItsCodeAndWords() async {
        let run = await runLoop([.messages([.update(connected), .update(.finished(.kicked("Removed by the host")))]), .keys([.char("q")])])
        #expect(run.end.code == SessionOutcome.kicked("Removed by the host").exitCode)
        #expect(run.end.code != 0)
        #expect(run.end.farewell?.contains("Removed by the host") == true)
    }

    /// Keys only ask; the source answers, and only then does the screen change.
    @Test func languageSpeechAndPaceKeysAskTheSourceInOrder() async {
        let run = await runLoop([.messages([.update(connected)]), .keys([.char("l"), .char("t")]),
                                 .messages([.update(.paced(ReplayPace(speed: 1)))]), .keys([.char("]"), .char("q")])])
        #expect(run.commands == [.selectLanguage("ja-JP"), .setSpeech(true), .pace(ReplayPace(speed: 2))])
        #expect(run.app.ui.language == nil)  // nobody said languageSelected
        #expect(run.app.ui.speech == .off)
        #expect(run.app.ui.replay == ReplayPace(speed: 1))
    }

    /// Found by a new user: `]]` typed quickly went ×4 → ×8, not ×16 — the second key built on
    /// the pace shown, which the replay had not yet changed. Each key builds on what was asked.
    @Test func twoQuickPressesAreTwoSteps() async {
        let run = await runLoop([.messages([.update(connected), .update(.paced(ReplayPace(speed: 1)))]),
                                 .keys([.char("]"), .char("]"), .char("l"), .char("l"), .char("t"), .char("t")]), .keys([.char("q")])])
        #expect(run.commands == [.pace(ReplayPace(speed: 2)), .pace(ReplayPace(speed: 4)), .selectLanguage("ja-JP"), .selectLanguage("en-US")])
        let live = await runLoop([.messages([.update(connected)]), .keys([.char("t"), .char("t")]), .keys([.char("q")])])
        #expect(live.commands == [.setSpeech(true), .setSpeech(false)])
    }

    @Test func theSlowestAndFastestPaceAreSaid() async {
        let run = await runLoop([.messages([.update(.paced(ReplayPace(speed: 64)))]), .keys([.char("]")]), .keys([.char("q")])])
        #expect(run.commands.isEmpty)
        #expect(run.screen.lastLines.last?.contains("already the fastest: ×64") == true)
    }

    /// Found by a new user: after the end, language keys did nothing and said nothing — the
    /// session that owns the language had finished and never answered.
    @Test func afterTheEndLanguageKeysChangeTheScreenThemselves() async {
        let run = await runLoop([.messages([.update(connected), .update(sentence(1, "大家好。", "Hello everyone.")),
                                            .update(.finished(.ended("bye")))]),
                                 .keys([.char("l")]), .keys([.char("q")])])
        #expect(run.commands.isEmpty)
        #expect(run.app.ui.language == "ja-JP")
        #expect(run.screen.lastLines.last?.contains("ja-JP 2/2") == true)
    }

    @Test func theSourceSayingItIsWhatTheScreenShows() async {
        let run = await runLoop([.messages([.update(connected), .update(sentence(1, "大家好。", "Hello everyone.")),
                                            .update(.languageSelected("ja-JP")), .update(.speech(on: true, reason: nil))]),
                                 .keys([.char("q")])])
        #expect(run.app.ui.language == "ja-JP")
        #expect(run.app.ui.speech == .on)
        let status = run.screen.lastLines.last ?? ""
        #expect(status.contains("ja-JP 2/2"))
        #expect(status.contains("TTS: none in ja-JP"))
    }

    @Test func overlaysOpenAndCloseFrameByFrame() async {
        let run = await runLoop([.messages([.update(connected)]), .keys([.char("?")]), .keys([.char("i")]), .keys([.escape]),
                                 .keys([.char("q")])])
        let frames = run.screen.frames.map { $0.lines.joined(separator: "\n") }
        #expect(frames.count >= 4)
        #expect(frames.count == 5)  // the first, connected, ?, i, Esc (q leaves without a frame)
        #expect(!frames[1].contains("Keys"))
        #expect(frames[2].contains("Keys"))  // help
        #expect(!frames[3].contains("Keys"))  // i: any other key closes help
        #expect(!frames[3].contains("Notices"))
        #expect(!frames[4].contains("Keys"))
        #expect(run.app.ui.overlay == nil)
    }

    /// Ctrl-Z anywhere (here over the help) suspends; coming back, every cell is drawn again.
    @Test func ctrlZSuspendsAndComesBackWhole() async {
        let run = await runLoop([.messages([.update(connected)]), .keys([.char("?")]), .keys([.ctrl("z")]), .keys([.char("q")])])
        #expect(run.screen.suspensions == [3])  // after the first frame, connected and the help
        #expect(run.screen.invalidations == 1)
        #expect(run.screen.frames.count == 5)  // a frame right after coming back; q then closes the help
        #expect(run.screen.frames[3].lines.joined().contains("Keys"))  // as it was: the help still open
    }

    @Test func aResizeRedrawsAtTheNewSize() async {
        let run = await runLoop([.resize(columns: 40, rows: 12), .keys([.char("q")])])
        #expect(run.screen.invalidations == 1)
        let last = run.screen.frames[run.screen.frames.count - 1]
        #expect(last.lines.count == 12)
        #expect(last.lines.allSatisfy { DisplayWidth.of($0) == 40 })
        #expect(run.app.ui.columns == 40)
    }

    @Test func sSavesAndSaysWhere() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-loop-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = await runLoop([.messages([.update(connected), .update(sentence(1, "大家好。", "Hello everyone."))]), .keys([.char("s")]),
                                 .keys([.char("q")])], saving: SaveTarget(save: path))
        #expect(run.app.saved == [path])
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Hello everyone."))
        #expect(run.screen.lastLines.last?.contains("saved to") == true)
        // Leaving says it is a snapshot, and until when (the file is not the whole viewing).
        #expect(run.app.snapshotWords(except: nil) == ["snapshot at 00:01 saved to \(path) (the transcript when s was pressed)"])
        #expect(run.app.snapshotWords(except: path).isEmpty)  // the --save file is written whole on leaving
    }

    @Test func aSaveThatFailsIsSaidAsAnError() async {
        let run = await runLoop([.messages([.update(connected), .update(sentence(1, "大家好。", "Hello everyone."))]), .keys([.char("s")]), .keys([.char("q")])],
                                saving: SaveTarget(save: "/nonexistent-folder/x.txt"))
        #expect(run.app.saved.isEmpty)
        #expect(run.app.ui.notices.last?.level == .error)
        #expect(run.app.ui.notices.last?.text.contains("x.txt") == true)
    }

    /// Nothing received: `s` says so and leaves an existing file exactly as it was.
    @Test func sWithNothingReceivedKeepsTheFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-loop-\(UUID()).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "earlier subtitles".write(toFile: path, atomically: true, encoding: .utf8)
        let run = await runLoop([.messages([.update(connected)]), .keys([.char("s")]), .keys([.char("q")])], saving: SaveTarget(save: path))
        #expect(run.app.saved.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier subtitles")
        #expect(run.app.ui.notices.last?.text == "nothing has been received yet: there is nothing to save")
    }

    /// Idle means idle: once nothing on screen can change by itself, the loop sleeps without a timeout.
    @Test func afterTheEndTheLoopSleepsUntilSomethingArrives() async {
        let run = await runLoop([.messages([.update(connected), .update(.finished(.ended("bye")))]), .keys([.char("q")])])
        #expect(run.screen.waits.first != nil)  // connecting: the spinner turns
        #expect(run.screen.waits.last! == nil)
    }

    /// Speech events and notes reach the screen, and are said (for plain mode and the log).
    @Test func speechEventsAreShownAndSaid() {
        var ui = ViewerUI(server: "https://vas.test", token: "a3f9", language: "en-US")
        ui.set(speech: .on)
        var app = ViewerApp(ui: ui)
        func said() -> [String] { app.takeSaid().compactMap { if case .notice(let n) = $0 { n.text } else { nil } } }
        #expect(app.update(.speech(.deviceUnavailable("no sound device")), now: 1).isEmpty)
        #expect(said() == ["no sound device"])
        #expect(app.ui.audioProblem == "no sound device")
        _ = app.update(.speech(.deviceBack), now: 2)
        #expect(said() == ["audio is back"])
        #expect(app.ui.audioProblem == nil)
        let item = SpeechQueue.Item(sid: 3, language: "en-US", text: "Hi there.", durationMs: 900, audio: "", queuedAt: 3)
        #expect(app.update(.speech(.started(item)), now: 3).isEmpty)
        #expect(app.ui.speaking?.sid == 3)
        _ = app.update(.speech(.finished(sid: 3)), now: 4)
        #expect(app.ui.speaking == nil)
        #expect(said().isEmpty)
        _ = app.update(.note("the log cannot be written", .warning), now: 5)
        _ = app.update(.note("the locale is not UTF-8", .info), now: 6)
        #expect(said() == ["the log cannot be written", "the locale is not UTF-8"])
        #expect(app.ui.notices.map(\.text).contains("the locale is not UTF-8"))
    }

    /// Input that may repeat without end is said the first three times, then at 10, 100, … with the count.
    @Test func anUnknownEventIsSaidAsARepeatedWarning() {
        var app = ViewerApp(ui: ViewerUI(server: "https://vas.test", token: "a3f9", language: nil))
        var texts: [String] = []
        for _ in 1...1_000 {
            _ = app.update(.update(.items([.unknown(type: "mystery")])), now: 1)
            for case .notice(let notice) in app.takeSaid() {
                #expect(notice.level == .warning)
                texts.append(notice.text)
            }
        }
        #expect(texts.count == 6)
        #expect(texts.last?.hasSuffix("(1000 times so far)") == true)
        #expect(texts[3].hasSuffix("(10 times so far)"))
    }

    @Test func speechAskedForWhereThereIsNoneIsSaidAtStart() {
        var ui = ViewerUI(server: "https://vas.test", token: "a3f9", language: "ja-JP")
        ui.set(speech: .on)
        let app = ViewerApp(ui: ui, details: BroadcastInfo(name: "Talk", ttsLanguages: ["en-US"]))
        #expect(app.ui.broadcastName == "Talk")
        #expect(app.ui.notices.last?.text == "no spoken translation in ja-JP (offered in: en-US)")
    }
}
