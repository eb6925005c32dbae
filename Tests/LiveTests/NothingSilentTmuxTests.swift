import Foundation
import Testing

/// Chinese sentences whose wide glyphs fall on both column parities (a one-column
/// "A" or "1" shifts the rest), then the end: a screen that stays still.
let wideScenario: String = {
    var lines = [#"{"broadcast":{"name":"寬字元測試","recognition_mode":"single","phase":"live","translation_languages":["en-US","ja-JP"]}}"#]
    let sentences = ["各位好，歡迎來到市立圖書館的數位服務說明會。", "A我是今天的主持人，負責推廣業務和讀者服務。",
                     "今天我們要介紹三項新服務，請大家仔細聽。", "1第一項是電子書借閱，現在可以直接用手機借書。",
                     "每位讀者一次最多可以借十本，期限二十一天。", "B第二項是線上預約自習座位，樓層空位一目了然。",
                     "預約後請在十五分鐘內報到，否則座位會釋出。", "2第三項是即時翻譯字幕，就像各位現在看到的畫面。"]
    for (index, text) in sentences.enumerated() {
        let sid = index + 1
        let at = 0.1 + Double(index) * 0.1
        lines.append(#"{"at":\#(at),"event":"origin","data":{"sid":\#(sid),"text":"\#(text)","is_final":true,"language":"zh-TW","start_time":"00:0\#(sid)"}}"#)
        lines.append(#"{"at":\#(at),"event":"translation","data":{"sid":\#(sid),"language":"en-US","text":"Sentence number \#(sid), long enough to reach across the box.","is_final":true}}"#)
    }
    lines.append(#"{"at":1.0,"event":"announcement","data":{"message":"五分鐘後結束","translations":{"en-US":"Ending in five minutes"}}}"#)
    lines.append(#"{"at":1.2,"event":"ended","data":{"message":"Broadcast has ended"}}"#)
    return lines.joined(separator: "\n") + "\n"
}()

@Suite(.timeLimit(.minutes(liveTimeLimit))) struct NothingSilentTmuxTests {
    /// B.1 and B.2: every overlay, closed with q or Esc, leaves the screen exactly as it was
    /// (wide glyphs straddling its edges included); Ctrl-L redraws the same; q then quits.
    @Test(arguments: [120, 121])
    func overlaysLeaveTheScreenAsItWas(columns: Int) throws {
        let sim = try Simulator(["--scenario", try scenarioFile(wideScenario)])
        let tmux = try Tmux(columns: columns, rows: 35, command: viewerCommand(sim, "--lang en-US --no-autosave"))
        tmux.waitFor("The broadcast has ended")
        // No message left in the status bar, so that nothing changes by itself.
        tmux.waitFor(20, "a status bar without a message") { $0.contains("│ TTS off") && $0.range(of: #"TTS off\s+\? help"#, options: .regularExpression) != nil }
        let before = tmux.screen
        try #require(before.contains("數位服務說明會"))
        for (open, title, close) in [("?", "Keys ·", "q"), ("a", "Announcements ·", "Escape"), ("i", "Notices, newest first", "q"),
                                     ("?", "Keys ·", "Escape")] {
            try tmux.keys(open)
            tmux.waitFor(title)
            try tmux.keys(close)
            tmux.waitFor(10, "the screen as it was after closing '\(open)' with \(close)") { $0 == before }
        }
        try tmux.keys("C-l")
        tmux.waitFor(10, "the same screen after Ctrl-L") { $0 == before }
        #expect(!tmux.screen.contains("EXIT="))  // q closed the overlays without quitting
        try tmux.keys("q")
        tmux.waitFor("EXIT=0")
    }

    /// Found by a new user: a resize while nothing else happens was drawn only at the next key.
    @Test func aResizeIsDrawnAtOnceEvenWhenIdle() throws {
        let sim = try Simulator(["--scenario", try scenarioFile(wideScenario)])
        let tmux = try Tmux(columns: 120, rows: 35, command: viewerCommand(sim, "--lang en-US --no-autosave"))
        tmux.waitFor("The broadcast has ended")
        try tmux.resize(columns: 60, rows: 20)
        tmux.waitFor(10, "the stacked layout at 60 columns") { $0.contains("── translation (en-US)") }
        try tmux.resize(columns: 30, rows: 8)
        tmux.waitFor("Terminal too small")
        try tmux.resize(columns: 120, rows: 35)
        tmux.waitFor(10, "side by side again") { $0.split(separator: "\n").contains { $0.contains("各位好") && $0.contains("Sentence number 1") } }
        try tmux.keys("q")
        tmux.waitFor("EXIT=0")
    }

    /// Found by a new user: the password was asked outside the viewer (the transcript gone); now it is
    /// typed into a box over the transcript, as dots, and the broadcast goes on.
    @Test func thePasswordIsTypedInTheViewer() throws {
        let sim = try Simulator(["--scenario", "password", "--speed", "0.5"])
        let tmux = try Tmux(columns: 100, rows: 30, command: viewerCommand(sim, "--lang en-US"))
        tmux.waitFor("Broadcast a3f9 needs a password")
        try tmux.keys("wrong", "Enter")
        tmux.waitFor("Wrong password (2 tries left)")
        try tmux.keys("open sesame")
        tmux.waitFor("Password: •••••••••••")
        #expect(!tmux.screen.contains("open sesame"))
        try tmux.keys("Enter")
        tmux.waitFor("Hello everyone, welcome.")
        tmux.waitFor("The host changed the password")
        #expect(tmux.screen.contains("Hello everyone, welcome."))  // the transcript stays in view
        try tmux.keys("new sesame", "Enter")
        tmux.waitFor("We go on after the password change.")
        try tmux.quitAfterTheEnd()
    }

    /// Found by a second try-out: with no autosave possible, leaving said nothing of it, and log
    /// lines (with logging off) came out on the terminal.
    @Test func noAutosaveIsSaidOnLeavingAndNoLogLineLeaks() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try "not a folder".write(toFile: folder.path("state"), atomically: true, encoding: .utf8)
        let sim = try Simulator(["--scenario", "short"])
        let tmux = try Tmux(columns: 100, rows: 30, command: "env XDG_STATE_HOME=\(folder.path("state")) XDG_CONFIG_HOME=\(folder.path("config")) TERM=screen \(Binaries.viewer.path) a3f9 --server \(sim.url) --lang en-US; echo EXIT=$?; sleep 60")
        try tmux.quitAfterTheEnd(exit: 1)  // nothing kept the words (issue "Nothing lost": not a success)
        let screen = tmux.joinedScreen
        #expect(screen.contains("vas-view: nothing was autosaved (autosave is off:"))
        #expect(!screen.contains(" info "))  // no raw log line
    }

    /// B.3: LANG=C no longer blanks Chinese.
    @Test func aCLocaleStillShowsChinese() throws {
        let sim = try Simulator(["--scenario", try scenarioFile(wideScenario)])
        let tmux = try Tmux(columns: 120, rows: 35, command: "env LANG=C LC_ALL=C " + viewerCommand(sim))
        tmux.waitFor("各位好，歡迎來到市立圖書館的數位服務說明會。")
        try tmux.quitAfterTheEnd()
    }

    /// B.14: leaving the full screen says where the words are kept.
    @Test func leavingSaysWhereTheWordsAreKept() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let sim = try Simulator(["--scenario", "short"])
        let tmux = try Tmux(columns: 100, rows: 30, command: "cd \(folder.path("")) && " + viewerCommand(sim, "--lang en-US --save \(folder.path("talk.srt"))"))
        tmux.waitFor("The broadcast has ended")
        try tmux.keys("s")
        tmux.waitFor("saved to")
        try tmux.keys("q")
        tmux.waitFor("EXIT=0")
        let screen = tmux.joinedScreen
        #expect(screen.range(of: #"vas-view: the transcript is kept in /\S+/vas-view/a3f9-\d{4}-\d\d-\d\d\.jsonl"#, options: .regularExpression) != nil)
        #expect(screen.contains("vas-view: saved to \(folder.path("talk.srt"))"))
        #expect(screen.components(separatedBy: "vas-view: saved to ").count == 2)  // s wrote the --save file: said once
        #expect(FileManager.default.fileExists(atPath: folder.path("talk.srt")))
    }

    /// B.13: a piped run's password prompt has a line of its own, after what was printed before it.
    @Test func aPipedRunsPasswordPromptHasItsOwnLine() throws {
        let sim = try Simulator(["--scenario", "password"])
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vas-state-\(UUID())").path
        let tmux = try Tmux(columns: 120, rows: 40, command: "env XDG_STATE_HOME=\(state) XDG_CONFIG_HOME=\(state)/config \(Binaries.viewer.path) a3f9 --server \(sim.url) --lang en-US | cat; echo EXIT; sleep 60")
        tmux.waitFor("Password for broadcast a3f9:")
        let first = tmux.screen.split(separator: "\n")
        #expect(first.contains { $0.hasPrefix("# broadcast: Members only") })
        #expect(first.contains { $0.hasPrefix("Password for broadcast a3f9:") })
        try tmux.keys("open sesame", "Enter")
        tmux.waitFor("The host changed the password. New password:")
        let second = tmux.screen.split(separator: "\n").map(String.init)
        let changed = try #require(second.firstIndex { $0.hasPrefix("# the host changed the password") })
        let prompt = try #require(second.firstIndex { $0.hasPrefix("The host changed the password. New password:") })
        #expect(changed < prompt)
        try tmux.keys("new sesame", "Enter")
        tmux.waitFor("We go on after the password change.")
        tmux.waitFor("EXIT")
    }

    /// Ctrl-C at plain mode's password prompt quits at once (130) and leaves what is typed
    /// next to the shell: the prompt's read used to go on until a line was typed, and took it.
    @Test func ctrlCAtThePlainPasswordPromptQuitsAtOnce() throws {
        let sim = try Simulator(["--scenario", "password"])
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vas-state-\(UUID())").path
        let tmux = try Tmux(columns: 120, rows: 40, command: "env XDG_STATE_HOME=\(state) XDG_CONFIG_HOME=\(state)/config \(Binaries.viewer.path) a3f9 --server \(sim.url) --plain; echo EXIT=$?; read -r line; echo \"SHELL GOT $line\"; sleep 60")
        tmux.waitFor("Password for broadcast a3f9:")
        try tmux.keys("C-c")
        tmux.waitFor("EXIT=130")
        try tmux.keys("after", "Enter")
        tmux.waitFor("SHELL GOT after")
    }

    /// Home and End work whatever TERM says: tmux sends ESC[1~ and ESC[4~, which the terminfo
    /// of xterm-256color does not list (the End the status bar asks for did nothing).
    @Test func homeAndEndWorkWithAMismatchedTerm() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vas-state-\(UUID())").path
        let recording = repository.appendingPathComponent("Tests/Fixtures/demo-broadcast.sse").path
        let tmux = try Tmux(columns: 80, rows: 12, command: "env XDG_STATE_HOME=\(state) XDG_CONFIG_HOME=\(state)/config TERM=xterm-256color \(Binaries.viewer.path) replay \(recording) --speed 64; echo EXIT=$?; sleep 60")
        tmux.waitFor("ENDED")
        #expect(!tmux.screen.contains("more (End)"))
        try tmux.keys("Home")
        tmux.waitFor("more (End)")
        try tmux.keys("End")
        #expect(tmux.waitFor(10, "the end again") { !$0.contains("more (End)") })
        try tmux.keys("q")
        tmux.waitFor("EXIT=0")
    }

    /// A.1 in the viewer: --tts without --lang speaks the language on screen.
    @Test func speechWithoutALanguageSpeaksTheLanguageShown() throws {
        let audio = try Data(contentsOf: AudioTests.fixtures.appendingPathComponent("sid1-en.mp3")).base64EncodedString()
        let scenario = #"{"broadcast":{"name":"Spoken","recognition_mode":"single","phase":"live","translation_languages":["en-US","ja-JP"],"tts_languages":["en-US"]}}"# + "\n"
            + #"{"at":0.1,"event":"origin","data":{"sid":1,"text":"大家好。","is_final":true,"language":"zh-TW","start_time":"00:01"}}"# + "\n"
            + #"{"at":0.2,"event":"translation","data":{"sid":1,"language":"en-US","text":"Hello everyone.","is_final":true}}"# + "\n"
            + #"{"at":0.3,"event":"tts_ready","data":{"sid":1,"language":"en-US","text":"Hello everyone.","audio":"\#(audio)","format":"mp3","duration_ms":3400}}"# + "\n"
        let sim = try Simulator(["--scenario", try scenarioFile(scenario)])
        let capture = try CapturedAudio()
        let tmux = try Tmux(columns: 120, rows: 30, command: "env HOME=\(capture.home.path) " + viewerCommand(sim, "--tts --audio-driver alsa"))
        tmux.waitFor("TTS speaking")
        #expect(tmux.screen.contains("en-US 1/2"))
        tmux.waitFor("TTS on")
        #expect(capture.capturedBytes > 100_000)
        try tmux.keys("q")
        tmux.waitFor("EXIT=0")
    }
}
