import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel
@testable import ViewerTUI

/// The full screen says what happens (issue "Nothing silent"): keys, session updates and
/// speech events through the update function (`ViewerApp.update`), and what it draws. The
/// source's part is played here: what the viewer asks of it (a language, speech, a pace) it
/// says back, as the session and the replay do.
struct Screen {
    var app = ViewerApp(ui: liveUI())
    var now = 10.0
    var effects: [ViewerEffect] = []

    var model: Broadcast {
        get { app.model }
        set { app.model = newValue }
    }
    var ui: ViewerUI {
        get { app.ui }
        set { app.ui = newValue }
    }

    mutating func send(_ message: ViewerMessage) {
        let made = app.update(message, now: now)
        effects += made
        for effect in made {
            switch effect {
            case .selectLanguage(let language): send(.update(.languageSelected(language)))
            case .setSpeech(let on): send(.update(.speech(on: on, reason: nil)))
            case .pace(let pace): send(.update(.paced(pace)))
            default: break
            }
        }
    }

    mutating func send(_ update: SessionUpdate) {
        send(.update(update))
    }

    mutating func send(_ events: BroadcastEvent...) {
        send(.items(events.map(StreamItem.event)))
    }

    /// Keys on a screen of this size (scrolling is resolved against it as the key is handled).
    mutating func press(_ keys: Key..., columns: Int? = nil, rows: Int = 24) {
        let width = columns ?? (app.ui.size.columns > 0 ? app.ui.size.columns : 100)
        app.ui.size = ViewerUI.Size(columns: width, rows: rows)
        for key in keys { send(.key(key)) }
    }

    func lines(columns: Int = 100, rows: Int = 24) -> [String] {
        Renderer.render(app.model, app.ui, columns: columns, rows: rows, now: now).lines
    }

    var status: String { lines().last ?? "" }
    var text: String { lines().joined(separator: "\n") }
}

let live = BroadcastEvent.connected(Connected(availableLanguages: ["en-US", "ja-JP"], ttsLanguages: ["en-US"], phase: .live,
                                              recognitionMode: .single))

@Suite struct ErrorsReachTheScreenTests {
    /// A.5: an error that is neither a sentence's nor fatal was stored where nothing read it.
    @Test func aSessionErrorIsShownWithItsSeverityAndKept() {
        var screen = Screen()
        screen.send(live)
        screen.send(.error(ServerError(code: "stt_degraded", message: "Recognition is slow", severity: .warning)))
        #expect(screen.status.contains("warning stt_degraded: Recognition is slow"))
        #expect(screen.ui.notices.last?.level == .warning)
        screen.send(.error(ServerError(code: "quota_exceeded", message: "Quota", severity: .error)))
        #expect(screen.status.contains("error quota_exceeded: Quota"))
        #expect(screen.ui.notices.last?.level == .error)
    }

    @Test func aSentenceErrorIsListedWithItsSentence() {
        var screen = Screen()
        screen.send(live, origin(5, "五。"))
        screen.send(.error(ServerError(code: "llm_content_filtered", message: "Content filtered", severity: .warning, sid: 5, translationLanguage: "ja")))
        #expect(screen.ui.notices.last?.text == "warning llm_content_filtered: Content filtered (sentence 5, ja)")
    }

    @Test func malformedInputIsListedToo() {
        var screen = Screen()
        screen.send(.items([.malformed(type: "origin", reason: "missing field 'sid'")]))
        #expect(screen.ui.notices.last?.text == "ignored a malformed 'origin' event: missing field 'sid'")
    }
}

@Suite struct WhatPlainModeSaysTests {
    /// A.6: the messages plain mode prints as `#` lines reach the full screen.
    @Test(arguments: [
        (BroadcastEvent.phaseChanged(PhaseChanged(phase: .live, message: "Broadcast has started")), "the broadcast is live: Broadcast has started"),
        (.resumed(message: "Live stream has resumed"), "resumed: Live stream has resumed"),
        (.admitted(message: "Entered the live stream"), "admitted: Entered the live stream"),
        (.maxViewersChanged(maxViewers: 200), "viewer limit: 200"),
    ])
    func theMessageIsShown(event: BroadcastEvent, words: String) {
        var screen = Screen()
        screen.send(live, origin(1, "一。"))
        screen.send(event)
        #expect(screen.status.contains(words))
        #expect(screen.ui.notices.last?.text == words)
    }

    @Test func pausedBeforeTheFirstSentence() {
        var screen = Screen()
        screen.send(live, .paused(message: "Live stream is paused"))
        #expect(screen.text.contains("❚❚ Paused"))
        #expect(screen.text.contains("Live stream is paused"))
    }

    @Test func theQueuePositionAlsoOverATranscript() {
        var screen = Screen()
        screen.send(live, origin(1, "一。"))
        screen.send(.queued(Queued(position: 3, estimatedWait: "About 3 minutes")))
        #expect(screen.lines()[0].contains("In the queue: position 3 · About 3 minutes"))
        #expect(screen.text.contains("一。"))
    }
}

@Suite struct SpeechIsVisibleTests {
    /// A.1: a language without speech is said for as long as it is true.
    @Test func aLanguageWithoutSpeechStaysSaid() {
        var screen = Screen()
        screen.ui.set(speech: .on)
        screen.send(live)
        #expect(screen.status.contains("TTS on"))
        screen.press(.char("l"))
        #expect(screen.effects.last == .selectLanguage("ja-JP"))
        screen.send(.languageSelected("ja-JP"))
        screen.now += 600  // long after any message
        #expect(screen.status.contains("TTS: none in ja-JP"))
        screen.press(.char("l"))
        screen.send(.languageSelected("en-US"))
        #expect(screen.status.contains("TTS on"))
    }

    /// A.2: the session found the broadcast has no speech.
    @Test func noSpeechAtAllTurnsItOff() {
        var screen = Screen()
        screen.ui.set(speech: .on)
        screen.send(.speech(on: false, reason: "this broadcast has no spoken translation"))
        #expect(screen.effects == [])
        #expect(screen.ui.speech == .off)
        #expect(screen.status.contains("this broadcast has no spoken translation; speech is off"))
        screen.send(.connected(Connected(availableLanguages: ["en-US"], ttsLanguages: [])))
        screen.press(.char("t"))
        #expect(screen.ui.speech == .off)
        #expect(screen.ui.message?.text == "this broadcast has no spoken translation")
    }

    /// A broadcast that offers speech later (its host started it after the viewer came): the kept
    /// "no spoken translation" is corrected in the list too, not left standing.
    @Test func speechOfferedLaterCorrectsTheWarning() {
        var screen = Screen()
        screen.ui.set(speech: .on)
        screen.send(.speech(on: false, reason: "this broadcast has no spoken translation"))
        screen.send(.speech(on: true, reason: nil))
        #expect(screen.ui.speech == .on)
        #expect(screen.ui.notices.last?.text == "spoken translation on: the broadcast offers it now")
    }

    /// B.9: no sound device is said for as long as it is true, not "TTS on".
    @Test func noDeviceIsSaidUntilItIsBack() {
        var screen = Screen()
        screen.ui.set(speech: .on)
        screen.send(live)
        screen.ui.apply(.deviceUnavailable("audio unavailable: no sound output could be opened (alsa: …) — subtitles continue"), now: screen.now)
        screen.now += 600
        #expect(screen.status.contains("TTS: no sound"))
        #expect(screen.ui.notices.last?.text.contains("no sound output could be opened") == true)
        screen.ui.apply(.deviceBack, now: screen.now)
        #expect(screen.status.contains("TTS on"))
        #expect(screen.ui.notices.last?.text == "audio is back")
    }

    @Test func whatLibout123SaysIsExplained() {
        let none: (String) -> Bool = { _ in false }
        #expect(AudioDevice.explain(driver: "alsa", libout123: "failure loading driver module", environment: [:], exists: none)
            == "libout123 says \"failure loading driver module\"; this machine has no sound card (/dev/snd is missing)")
        #expect(AudioDevice.explain(driver: "pulse", libout123: "x", environment: ["XDG_RUNTIME_DIR": "/run/user/1"], exists: none)
            == "libout123 says \"x\"; no PulseAudio or PipeWire server is running for this user")
        #expect(AudioDevice.explain(driver: "pulse", libout123: "x", environment: ["XDG_RUNTIME_DIR": "/run/user/1"], exists: { $0 == "/run/user/1/pulse/native" })
            == "libout123 says \"x\"")
    }
}

@Suite struct OverlayTests {
    /// B.2: q closes the help, as in less; it quits only from the transcript.
    @Test func qAndEscCloseOverlaysAndQQuitsOnlyFromTheTranscript() {
        var screen = Screen()
        screen.send(live, origin(1, "一。"))
        for open: Key in [.char("?"), .char("a"), .char("i")] {
            for close: Key in [.char("q"), .escape] {
                screen.press(open)
                #expect(screen.ui.overlay != nil)
                screen.press(close)
                #expect(screen.ui.overlay == nil)
                #expect(screen.effects.isEmpty)
            }
        }
        screen.press(.char("q"))
        #expect(screen.effects == [.exit(code: 0, farewell: nil)])
    }

    /// B.13: at 40×12 every key of the help can be read by scrolling.
    @Test func theHelpScrollsOnASmallScreen() {
        var screen = Screen()
        screen.ui.size.columns = 40
        screen.press(.char("?"), rows: 12)
        var seen = Set<String>()
        for _ in 0..<40 {
            let text = screen.lines(columns: 40, rows: 12).joined(separator: "\n")
            for (_, help) in KeyTable.helpLines where text.contains(help) { seen.insert(help) }
            screen.press(.down, rows: 12)
        }
        #expect(seen.count == KeyTable.helpLines.count)
        #expect(screen.ui.overlay == .help)
        screen.press(.home, rows: 12)
        #expect(screen.ui.overlayTop == 0)
    }

    /// B.1: overlays over Chinese text at both column parities leave whole glyphs only.
    @Test func everyScreenWithAnOverlayHoldsWholeGlyphs() throws {
        var model = try demoModel()
        model.apply(origin(50, "這是一個很長的句子，用來測試寬字元在方框邊緣的情況，好嗎？", start: "00:50"))
        model.apply(translation(50, "en-US", "A long sentence to test wide characters at the edge of a box."))
        for overlay: ViewerUI.Overlay? in [nil, .help, .announcements, .notices] {
            for (columns, rows) in [(120, 35), (121, 35), (80, 24), (81, 24), (40, 12), (41, 13), (100, 30), (101, 31)] {
                var ui = liveUI()
                if let overlay { ui.overlays.open(overlay) }
                ui.note("一則很長的通知：音訊裝置無法開啟，字幕繼續顯示。", level: .warning, now: 1)
                let grid = Renderer.render(model, ui, columns: columns, rows: rows, now: 2)
                #expect(grid.isConsistent, "\(String(describing: overlay)) at \(columns)×\(rows)")
            }
        }
    }

    @Test func fillingOverHalfAWideGlyphBlanksTheOtherHalf() {
        var grid = Grid(columns: 6, rows: 1)
        grid.put("大家好", row: 0, column: 0, role: .text)
        grid.fill(row: 0, from: 1, to: 3, role: .banner)
        #expect(grid.lines == ["    好"])
        #expect(grid.isConsistent)
        #expect(grid[0, 0].text == " " && grid[0, 3].text == " " && grid[0, 3].width == 1)
    }

    @Test func ctrlLRedraws() {
        var screen = Screen()
        screen.press(.ctrl("l"))
        #expect(screen.effects == [.redraw])
        screen.press(.char("?"), .ctrl("l"))
        #expect(screen.effects == [.redraw, .redraw])
        #expect(screen.ui.overlay == .help)
    }

    /// Found by a second new-user try-out.
    @Test func theHelpAndTheListsArePagesOverTheWholeScreen() throws {
        for overlay: ViewerUI.Overlay in [.help, .announcements, .notices] {
            var ui = liveUI()
            ui.overlays.open(overlay)
            let grid = Renderer.render(try demoModel(), ui, columns: 80, rows: 24, now: 0)
            for row in 0..<23 {
                #expect(grid[row, 0].role == .banner && grid[row, 79].role == .banner, "\(overlay) row \(row): \(grid.lines[row])")
            }
        }
    }
}

@Suite struct MessagesAreSeenTests {
    /// B.7: messages that were set with no time to be shown.
    @Test func noMoreMatchesAndPauseOnALiveBroadcastAreShown() throws {
        var screen = Screen()
        screen.model = try demoModel()
        screen.press(.char("p"))
        #expect(screen.status.contains("pause and speed are for replays"))
        screen.press(.char("/"), .char("p"), .char("r"), .char("i"), .char("c"), .char("e"), .enter)
        screen.press(.char("f"), .char("f"), .char("f"))
        #expect(screen.status.contains("no more matches below"))
    }

    @Test func aMessageLastsLongEnoughToReadAndThenGoes() {
        var screen = Screen()
        let long = String(repeating: "word ", count: 30)
        screen.ui.say(long, now: screen.now)
        #expect(NoticeBoard.readingTime(long) > NoticeBoard.readingTime("saved"))
        #expect(NoticeBoard.readingTime("saved") >= 4)
        screen.now += NoticeBoard.readingTime(long) - 0.1
        #expect(screen.ui.currentMessage(now: screen.now) != nil)
        screen.now += 0.2
        #expect(screen.ui.currentMessage(now: screen.now) == nil)
    }

    /// A message naming a file that is too long keeps its words and the file's name, its folders cut.
    @Test func aCutMessageKeepsTheFilesName() {
        var screen = Screen()
        screen.ui.say("autosaving to /tmp/some/very/long/folder/name/.local/state/vas-view/a3f9-2026-11-30.jsonl", now: screen.now)
        let status = screen.lines(columns: 60).last!
        #expect(status.contains("a3f9-2026-11-30.jsonl"), "\(status)")  // the file's name whole
        #expect(screen.lines(columns: 100).last!.contains("autosaving to …/a3f9-2026-11-30.jsonl"))
        screen.ui.say("the broadcast is live: and this message has no file in it, so it is cut at its end as before", now: screen.now)
        #expect(screen.lines(columns: 60).last!.contains("…"))
    }

    @Test func theNoticesListKeepsEveryNoticeWithItsTime() {
        var screen = Screen()
        screen.ui.board = NoticeBoard(clockOrigin: 1_764_507_600, utcOffset: 3600)  // 2025-11-30 13:00:00 UTC, UTC+1
        screen.send(.waiting(.network, retryIn: .seconds(2), detail: "the server closed the connection"))
        screen.send(.waiting(.network, retryIn: .seconds(2), detail: "the server closed the connection"))
        screen.ui.apply(.notice("speech fell more than 8 s behind: skipped 2 sentences to catch up"), now: 75)
        screen.press(.char("i"))
        let text = screen.text
        #expect(text.contains("14:00:10 ! connection lost: the server closed the connection; trying again in 2.0 s (×2)"))
        #expect(text.contains("14:01:15 ! speech fell more than 8 s behind"))
    }

    @Test func theOldestNoticesGoWithACount() {
        var ui = liveUI()
        for n in 0..<(NoticeBoard.kept + 5) { ui.note("notice \(n)", now: Double(n)) }
        #expect(ui.notices.count == NoticeBoard.kept)
        #expect(ui.forgottenNotices == 5)
        #expect(ui.notices.first?.text == "notice 5")
    }
}

@Suite struct SearchLikeLessTests {
    /// B.8: Enter jumps to the first match and the status counts them.
    @Test func enterJumpsAndTheStatusCounts() throws {
        var screen = Screen()
        screen.model = try demoModel()
        screen.press(.char("/"), .char("t"), .char("h"), .char("e"), .enter)
        guard case .anchored(let first, 0) = screen.ui.scroll else { Issue.record("did not jump: \(screen.ui.scroll)"); return }
        let count = try #require(screen.ui.searchHit?.count)
        #expect(count > 2)
        #expect(screen.status.contains("/the 1/\(count)"))
        screen.press(.char("f"))
        guard case .anchored(let second, 0) = screen.ui.scroll else { Issue.record("f did not move"); return }
        #expect(second > first)
        #expect(screen.status.contains("/the 2/\(count)"))
        screen.press(.char("F"))
        #expect(screen.ui.searchHit == ViewerUI.SearchHit(position: 1, count: count))
        screen.press(.escape)
        #expect(screen.ui.search.isEmpty && screen.ui.searchHit == nil)
    }

    @Test func nothingFoundIsSaid() throws {
        var screen = Screen()
        screen.model = try demoModel()
        screen.press(.char("/"), .char("z"), .char("q"), .char("x"), .enter)
        #expect(screen.status.contains("not found: zqx"))
        #expect(screen.ui.scroll == .follow)
    }
}

@Suite struct PasswordOnScreenTests {
    /// B.13: "wrong password (2 tries left)" goes once the stream opens.
    @Test func aWrongPasswordMessageGoesWhenTheStreamOpens() {
        var screen = Screen()
        screen.send(.passwordRejected(attemptsLeft: 2))
        #expect(screen.status.contains("wrong password (2 tries left)"))
        screen.send(.connected)
        #expect(!screen.status.contains("wrong password"))
        #expect(screen.ui.notices.contains { $0.text == "wrong password (2 tries left)" })
    }

    /// B.13: after three wrong passwords the status does not say CONNECTING.
    @Test func theStatusSaysHowItEnded() {
        var screen = Screen()
        screen.ui.connection = .connecting
        screen.send(.finished(.authenticationFailed("the password was wrong 3 times.")))
        #expect(screen.status.contains("NO ACCESS │ closed"))
        #expect(!screen.status.contains("CONNECTING"))
        #expect(screen.text.contains("The password was wrong 3 times"))
    }

    /// The password is typed into the viewer, over the transcript, as dots only.
    @Test func thePasswordIsTypedInTheViewer() throws {
        var screen = Screen()
        screen.send(live, origin(1, "一。"), translation(1, "en-US", "One."))
        let prompt = PasswordPrompt(reason: .changed, broadcast: "a3f9")
        screen.send(.passwordPrompt(prompt))
        screen.press(.char("o"), .char("p"), .char("x"), .backspace, .char("e"), .char("n"))
        #expect(screen.ui.overlay == nil && screen.ui.panes == .both)  // the keys went to the password
        let text = screen.text
        #expect(text.contains("The host changed the password"))
        #expect(text.contains("Password: ••••"))
        #expect(!text.contains("open"))
        #expect(text.contains("One."))  // the transcript stays in view
        screen.press(.enter)
        #expect(screen.effects == [.askPassword(prompt), .answerPassword(prompt, "open")])  // the box asks; Enter answers
        #expect(screen.ui.passwordEntry == nil)
        let second = PasswordPrompt(reason: .rejected(attemptsLeft: 2), broadcast: "a3f9")
        screen.send(.passwordPrompt(second))
        #expect(screen.text.contains("Wrong password (2 tries left)"))
        screen.press(.escape)
        #expect(screen.effects.last == .answerPassword(second, nil))
    }

    /// Found by a second new-user try-out.
    @Test func behindThePasswordBoxNothingMoves() {
        var ui = liveUI()
        ui.connection = .connecting
        var model = Broadcast()
        _ = ui.apply(.passwordPrompt(PasswordPrompt(reason: .required, broadcast: "a3f9")), to: &model, now: 1)
        let text = Renderer.render(model, ui, columns: 60, rows: 16, now: 1).lines.joined(separator: "\n")
        #expect(!text.contains("Connecting to"))
        #expect(text.contains("Broadcast a3f9 needs a password"))
        #expect(text.contains("password needed"))
        #expect(ui.secondsUntilChange(model: model, now: 1) == nil)  // no spinner to draw: idle
    }

    /// Found by a second new-user try-out.
    /// At 40 columns the password box takes the width: no slivers of cut transcript beside it.
    @Test func aNarrowScreensPasswordBoxTakesTheWidth() throws {
        var ui = liveUI()
        ui.passwordEntry = ViewerUI.PasswordEntry(prompt: PasswordPrompt(reason: .changed, broadcast: "a3f9"))
        let grid = Renderer.render(try demoModel(), ui, columns: 40, rows: 12, now: 0)
        let rows = (0..<11).filter { grid[$0, 20].role == .bannerAlert }
        #expect(!rows.isEmpty)
        for row in rows { #expect(grid[row, 0].role == .bannerAlert && grid[row, 39].role == .bannerAlert, "\(grid.lines[row])") }
    }
}

@Suite struct KeyAnswerTests {
    /// The answer to a key goes with the next key: "no more matches below" does not stay after F.
    @Test func aKeysAnswerGoesWithTheNextKey() throws {
        var screen = Screen()
        screen.model = try demoModel()
        screen.press(.char("/"), .char("t"), .char("h"), .char("e"), .enter, .end)
        for _ in 0..<10 { screen.press(.char("f")) }
        #expect(screen.status.contains("no more matches below"))
        screen.press(.char("F"))
        #expect(!screen.status.contains("no more matches"))
        screen.press(.char("o"))
        #expect(screen.status.contains("panes: the original only"))
        screen.press(.char("j"))
        #expect(!screen.status.contains("panes:"))
        // A session's message is not a key's answer: it stays its time.
        screen.send(.notice("the broadcast's details are unavailable"))
        screen.press(.ctrl("l"))  // a key that answers nothing
        #expect(screen.status.contains("the broadcast's details are unavailable"))
    }

    @Test func keysThatCannotActSaySo() {
        var screen = Screen()
        screen.send(live)
        screen.press(.char("3"))
        #expect(screen.status.contains("there is no language 3: this broadcast offers 2 (en-US, ja-JP)"))
        screen.ui.set(speech: .on)
        screen.press(.char("n"))
        #expect(screen.effects.isEmpty)
        #expect(screen.status.contains("nothing is being said"))
    }

    /// The instruction is not what gets cut: "— press q to leave" stays whole.
    @Test func anEndingBannerKeepsItsInstruction() {
        var ui = liveUI()
        ui.outcome = .failed("cannot reach http://127.0.0.1:9: Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server. Check the address (--server) and your network.")
        let top = Renderer.render(Broadcast(), ui, columns: 100, rows: 24, now: 0).lines[0]
        #expect(top.contains("… — press q to leave"))
        var waiting = liveUI()
        waiting.connection = .waiting(.unreachable, until: 3, detail: "http://127.0.0.1:9 (Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server)")
        let model = try! demoModel()
        let banner = Renderer.render(model, waiting, columns: 80, rows: 24, now: 0).lines[0]
        #expect(banner.hasPrefix(" ⟳ Cannot reach http://127.0.0.1:9"))
        #expect(banner.contains("— retrying in 3 s"))
    }

    /// A box that almost fills the width takes the edges too: no transcript shows beside it.
    @Test func aWideBoxLeavesNoTranscriptAtItsEdges() throws {
        var ui = liveUI()
        ui.overlays.open(.help)
        let grid = Renderer.render(try demoModel(), ui, columns: 40, rows: 12, now: 0)
        for row in 0..<11 where grid[row, 10].role == .banner {
            #expect(grid[row, 0].role == .banner && grid[row, 39].role == .banner, "row \(row): \(grid.lines[row])")
        }
        #expect(grid.lines.contains { $0.contains("Keys · ↑↓ scroll · q closes") })
    }

    /// How many sentences lie below the view is in the status bar, not drawn over the last line.
    @Test func whatLiesBelowIsCountedInTheStatusBar() throws {
        var screen = Screen()
        screen.model = try demoModel()
        screen.press(.char("g"))
        let lines = screen.lines(columns: 80, rows: 12)
        #expect(lines.last?.range(of: #"↓ \d+ more \(End\)"#, options: .regularExpression) != nil)
        #expect(!lines.dropLast().contains { $0.contains("↓") })
    }

    /// Muting does not hide that no sound can be played.
    @Test func noSoundShowsEvenWhenMuted() {
        var screen = Screen()
        screen.ui.set(speech: .muted)
        screen.ui.apply(.deviceUnavailable("audio unavailable: x — subtitles continue"), now: 1)
        #expect(screen.status.contains("TTS: no sound (i)"))
    }

    /// The ending replaces whatever message was up ("could not read the broadcast's details").
    @Test func theEndingClearsTheMessage() {
        var screen = Screen()
        screen.send(.notice("could not read the broadcast's details"))
        screen.send(.finished(.failed("cannot reach x.")))
        #expect(!screen.status.contains("could not read"))
    }
}

/// Found by a second new user: keys that did nothing, or did it without a word.
@Suite struct KeysSayWhatTheyDidTests {
    @Test func replayKeysAfterTheEndAndSpeedWhilePaused() {
        var screen = Screen()
        screen.send(.paced(ReplayPace(speed: 1, paused: true)))
        screen.press(.char("]"))
        #expect(screen.ui.message?.text == "×2 when resumed (p)")
        screen.send(.finished(.ended("end of the recording")))
        screen.effects = []
        screen.press(.char("]"))
        #expect(screen.effects.isEmpty)
        #expect(screen.ui.message?.text == "the replay has ended (q leaves)")
    }

    @Test func skippingAndTheVolumeLimitsAreSaid() {
        var screen = Screen()
        screen.send(live)
        screen.ui.set(speech: .on)
        screen.send(.speech(.started(SpeechQueue.Item(sid: 3, language: "en-US", text: "Hi.", durationMs: 900))))
        screen.press(.char("n"))
        #expect(screen.effects.last == .skipSpeech)
        #expect(screen.ui.message?.text == "skipped sentence 3")
        screen.press(.char("+"))
        #expect(screen.ui.message?.text == "volume 100% (the loudest)")
    }

    /// With speech on, switching language says why earlier sentences lack the new one.
    @Test func switchingLanguageWithSpeechSaysWhatTheStreamCarries() {
        var screen = Screen()
        screen.send(live)
        screen.ui.set(speech: .on)
        screen.press(.char("l"))
        #expect(screen.ui.message?.text == "ja-JP: with speech on, only the language shown is sent; sentences that came in another have none")
    }

    /// Found by a second new-user try-out.
    @Test func keysThatCannotActAfterTheEndOrWithoutAnAnnouncementSaySo() {
        var ui = liveUI()
        let model = Broadcast()
        _ = ui.handle(.char("x"), languages: [], model: model, now: 1)
        #expect(ui.message?.text == "no announcement to dismiss (a lists them)")
        ui.outcome = .ended(nil)
        #expect(ui.handle(.char("t"), languages: [], model: model, now: 1).isEmpty)
        #expect(ui.message?.text == "the broadcast is over: nothing more will be spoken")
        #expect(ui.speech == .off)
    }
}
