import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A program driven line by line: what it prints is read as it comes (a thread of its own
/// reads the pipe), and a test waits for the line it expects, not for time.
final class LineProcess: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var ended = false
    private var next = 0

    init(_ program: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = program
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        // Our ends of the pipes are not inherited by programs started later (a tmux server
        // holding the write end would keep this one from ever seeing the end of its input).
        for fd in [input.fileHandleForWriting.fileDescriptor, output.fileHandleForReading.fileDescriptor] {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        try process.run()
        let reading = output.fileHandleForReading
        Thread { [self] in
            var pending = Data()
            while true {
                let chunk = reading.availableData
                condition.lock()
                if chunk.isEmpty {
                    if !pending.isEmpty { lines.append(String(decoding: pending, as: UTF8.self)) }
                    ended = true
                    condition.broadcast()
                    condition.unlock()
                    return
                }
                pending += chunk
                while let newline = pending.firstIndex(of: 0x0A) {
                    lines.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending = Data(pending[(newline + 1)...])
                }
                condition.broadcast()
                condition.unlock()
            }
        }.start()
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// The next line (after those already taken) that `matches`, or nil after `seconds` or the end.
    func take(_ seconds: Double = 15, _ matches: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            while next < lines.count {
                let line = lines[next]
                next += 1
                if matches(line) { return line }
            }
            if ended || !condition.wait(until: deadline) { return nil }
        }
    }

    /// A refused connection says why: vas-host prints the handshake's JSON answer (seed 000: 401 and
    /// the error code) and exits 1.
    func refused(_ code: String) -> Bool {
        take { $0.contains("\"error_code\":\"\(code)\"") } != nil && take { $0.contains("refused the connection: HTTP 401 \(code)") } != nil
    }

    /// The next server message of this `type` and `action` (or error code), as a dictionary.
    func message(_ key: String, _ value: String, seconds: Double = 15) -> [String: Any]? {
        take(seconds) { line in
            guard let object = Self.object(line), let data = object["data"] as? [String: Any] else { return false }
            return object["type"] as? String == value || data[key] as? String == value
        }.flatMap(Self.object).flatMap { $0["data"] as? [String: Any] }
    }

    var everything: String { condition.withLock { lines.joined(separator: "\n") } }

    static func object(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

let hostKey = "vas_" + String(repeating: "k3", count: 16)
let jwtSecret = "local-secret"

/// vas-sim as a local VAS: a host (vas-host) drives a broadcast over the WebSocket API (seed 000) that
/// real viewers watch, and the notification service (seed 002) reports it.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct HostTests {
    func liveSim(_ extra: [String] = []) throws -> Simulator {
        try Simulator(["--scenario", "live", "--api-key", hostKey, "--jwt-secret", jwtSecret] + extra)
    }

    func host(_ sim: Simulator, _ extra: [String] = []) throws -> LineProcess {
        try LineProcess(Binaries.host, ["--server", sim.url] + (extra.isEmpty ? ["--api-key", hostKey] : extra))
    }

    /// The whole path (vas-host, Swift on swift-websocket, as the host): ticket, connection, ping, start, standby, live, sentences, a rename, an
    /// announcement, stop — and a plain viewer and a full-screen one (tmux) show exactly that.
    @Test func aHostDrivesABroadcastThatViewersWatch() throws {
        let sim = try liveSim()
        let host = try host(sim)
        host.send("/ping")
        #expect(host.message("action", "pong") != nil)
        host.send("/start zh-TW en-US ja-JP --multi")
        let started = try #require(host.message("action", "session_started"))
        #expect(started["recording_type"] as? String == "broadcast")
        #expect(started["broadcast_token"] as? String == "a3f9")
        host.send("/standby 即將開始 | en-US: Starting soon")
        #expect(host.message("status", "standby_message_set") != nil)

        // Two viewers: plain lines, and the full screen in tmux.
        let plain = try LineProcess(Binaries.viewer, ["a3f9", "--server", sim.url, "--plain", "--lang", "en-US", "--no-autosave",
                                                      "--backoff-initial", "0.1", "--backoff-cap", "0.5"])
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("vas-state-\(UUID())").path
        let tmux = try Tmux(columns: 100, rows: 30, command: "env XDG_STATE_HOME=\(state) XDG_CONFIG_HOME=\(state)/config TERM=screen \(Binaries.viewer.path) a3f9 --server \(sim.url) --lang en-US; echo EXIT=$?; sleep 60")
        #expect(plain.take { $0 == "# standby: Starting soon" } != nil)
        tmux.waitFor("Starting soon")

        host.send("/live")
        #expect(host.message("action", "broadcast_phase_changed")?["phase"] as? String == "live")
        host.send("/speaker Guest-1 陳主任")
        host.send("大家好，歡迎。 | en-US: Hello and welcome. | ja-JP: ようこそ。")
        #expect(host.message("action", "result")?["sid"] as? Int == 1)
        host.send("/speaker Guest-2")
        host.send("今天談測試。 | en-US: Today we talk about tests.")
        #expect(host.message("action", "result")?["sid"] as? Int == 2)
        host.send("/rename Guest-2 王經理")
        #expect(host.message("action", "speaker_renamed")?["affected_sids"] as? [Int] == [2])
        host.send("/announce 五分鐘後結束 | en-US: Ends in five minutes")
        #expect(host.message("status", "announcement_sent") != nil)

        #expect(plain.take { $0 == "# the broadcast is live: Broadcast has started" } != nil)
        #expect(plain.take { $0.contains("陳主任: 大家好，歡迎。") } != nil)
        #expect(plain.take { $0.contains("→ Hello and welcome.") } != nil)
        #expect(plain.take { $0.contains("今天談測試。") } != nil)
        #expect(plain.take { $0.contains("→ Today we talk about tests.") } != nil)
        #expect(plain.take { $0 == "# speaker Guest-2 is now 王經理" } != nil)
        #expect(plain.take { $0 == "# announcement: Ends in five minutes" } != nil)
        tmux.waitFor("Ends in five minutes")
        tmux.waitFor("王經理: 今天談測試。")
        let screen = tmux.screen
        for text in ["陳主任: 大家好，歡迎。", "Hello and welcome.", "Today we talk about tests.", "LIVE"] {
            #expect(screen.contains(text), "\(text)")
        }

        host.send("/stop")
        #expect(host.message("status", "stopped") != nil)
        #expect(plain.take { $0 == "# the broadcast has ended" } != nil)
        #expect(plain.finish() == 0)
        tmux.waitFor("The broadcast has ended")
        try tmux.keys("q")
        tmux.waitFor("EXIT=0")
        #expect(host.finish() == 0)
    }

    /// A host that drops (its connection closed without `stop`) pauses the broadcast; one that
    /// comes back with a new ticket and resumes carries it on. A viewer joining in standby is told
    /// so at once, and the host hears of its viewers.
    @Test func aHostThatDropsAndComesBack() throws {
        let sim = try liveSim(["--host-grace", "120"])
        let first = try host(sim)
        first.send("/start zh-TW en-US")
        #expect(first.message("action", "session_started") != nil)
        let viewer = try LineProcess(Binaries.viewer, ["a3f9", "--server", sim.url, "--plain", "--lang", "en-US", "--no-autosave",
                                                       "--backoff-initial", "0.1", "--backoff-cap", "0.5"])
        #expect(viewer.take { $0 == "# standby: The broadcast is about to begin" } != nil, "\(viewer.everything)")
        let joined = try #require(first.message("action", "viewer_joined"))
        // vas-view takes every language (it switches between them itself): no `lang`, so null.
        #expect(joined["language"] is NSNull && joined["tts"] as? Bool == false && joined["viewer_count"] as? Int == 1, "\(joined)")
        first.send("/live")
        first.send("你好 | en-US: Hello")
        #expect(viewer.take { $0.contains("→ Hello") } != nil)
        first.send("/quit")
        #expect(first.finish() == 0)
        #expect(first.everything.contains("# left without /stop: the server pauses the broadcast, and ends it unless a host comes back and sends /resume"))
        #expect(viewer.take { $0 == "# paused: Live stream is paused: the host disconnected" } != nil, "\(viewer.everything)")

        let second = try host(sim)
        #expect(second.message("action", "viewer_count")?["viewer_count"] as? Int == 1)  // told at once who watches
        second.send("/resume")
        #expect(second.message("status", "resumed") != nil)
        #expect(viewer.take { $0.hasPrefix("# resumed") || $0.contains("has resumed") } != nil, "\(viewer.everything)")
        second.send("再見 | en-US: Goodbye")
        #expect(viewer.take { $0.contains("→ Goodbye") } != nil)
        second.send("/stop")
        #expect(viewer.take { $0 == "# the broadcast has ended" } != nil)
        #expect(viewer.finish() == 0)
        #expect(second.finish() == 0)
    }

    /// With no host back within --host-grace, the paused broadcast ends, and its viewers are told.
    @Test func aBroadcastWhoseHostNeverComesBackEnds() throws {
        let sim = try liveSim(["--host-grace", "1"])
        let host = try host(sim)
        host.send("/start zh-TW en-US")
        #expect(host.message("action", "session_started") != nil)
        host.send("/live")
        #expect(host.message("action", "broadcast_phase_changed") != nil)
        let viewer = try LineProcess(Binaries.viewer, ["a3f9", "--server", sim.url, "--plain", "--no-autosave"])
        #expect(viewer.take { $0.hasPrefix("# connected") } != nil)
        #expect(host.message("action", "viewer_joined") != nil)
        #expect(host.finish() == 0)
        #expect(viewer.take { $0.hasPrefix("# paused") } != nil)
        #expect(viewer.take(10) { $0.hasPrefix("# the broadcast has ended (Broadcast has ended: the host did not come back)") } != nil, "\(viewer.everything)")
        #expect(viewer.finish() == 0)
    }

    /// Spoken translation in a live broadcast (seed 001): the host asks for it in `start`
    /// (`tts_config`), vas-sim speaks each final translation (espeak-ng, lame), and `tts_ready`
    /// reaches the viewers of that language who asked for speech, with MP3 audio that decodes and
    /// word boundaries inside it; a viewer who did not ask gets none.
    @Test func aLiveBroadcastSpeaksItsTranslation() throws {
        let sim = try liveSim()
        let host = try host(sim)
        host.send("/start zh-TW en-US ja-JP --tts en-US")
        #expect(host.message("action", "session_started")?["tts_languages"] as? [String] == ["en-US"])
        host.send("/live")
        #expect(host.message("action", "broadcast_phase_changed") != nil)
        let stream = sim.url + "/broadcast/a3f9/text?lang=en-US"
        let listening = try LineProcess(URL(fileURLWithPath: "/usr/bin/curl"), ["-sN", stream + "&tts=true"])
        let reading = try LineProcess(URL(fileURLWithPath: "/usr/bin/curl"), ["-sN", stream])
        #expect(listening.take { $0 == "event: connected" } != nil && reading.take { $0 == "event: connected" } != nil)
        #expect(host.message("action", "viewer_joined") != nil && host.message("action", "viewer_joined") != nil)
        let english = "Hello and welcome to the library."
        host.send("大家好，歡迎來到圖書館。 | en-US: \(english) | ja-JP: 図書館へようこそ。")
        #expect(host.message("action", "result") != nil)

        #expect(listening.take { $0 == "event: tts_ready" } != nil, "\(listening.everything)")
        let line = try #require(listening.take { $0.hasPrefix("data: ") })
        let ready = try #require(LineProcess.object(String(line.dropFirst(6))))
        #expect(ready["sid"] as? Int == 1 && ready["language"] as? String == "en-US" && ready["format"] as? String == "mp3")
        #expect(ready["text"] as? String == english && ready["transcript"] as? String == "大家好，歡迎來到圖書館。")
        // The audio decodes (mpg123), and lasts about what duration_ms says.
        let audio = try #require(Data(base64Encoded: ready["audio"] as? String ?? ""))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vas-tts-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try audio.write(to: folder.appendingPathComponent("s.mp3"))
        let decoded = try run("/usr/bin/mpg123", ["-q", "-w", folder.appendingPathComponent("s.wav").path, folder.appendingPathComponent("s.mp3").path])
        #expect(decoded.status == 0)
        let wav = try Data(contentsOf: folder.appendingPathComponent("s.wav"))
        let rate = wav[24..<28].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let channels = Int(wav[22])
        let decodedMs = (wav.count - 44) / 2 * 1000 / (rate * channels)
        let duration = try #require(ready["duration_ms"] as? Int)
        #expect(duration > 500 && abs(decodedMs - duration) < 300, "decoded \(decodedMs) ms, said \(duration) ms")
        // One boundary a word, in order, inside the audio, each naming its word in the text.
        let boundaries = try #require(ready["boundaries"] as? [[String: Any]])
        #expect(boundaries.compactMap { $0["text"] as? String } == english.split(separator: " ").map(String.init))
        var previousEnd = 0
        for boundary in boundaries {
            let offset = try #require(boundary["offset_ms"] as? Int), length = try #require(boundary["duration_ms"] as? Int)
            #expect(offset >= previousEnd && length > 0 && offset + length <= min(duration, decodedMs), "\(boundary)")
            previousEnd = offset + length
            let from = try #require(boundary["text_offset"] as? Int), count = try #require(boundary["word_length"] as? Int)
            let utf16 = Array(english.utf16)
            #expect(String(decoding: utf16[from..<(from + count)], as: UTF16.self) == boundary["text"] as? String)
        }

        host.send("/stop")
        #expect(reading.take { $0 == "event: ended" } != nil)
        _ = reading.finish()
        #expect(reading.everything.contains("event: translation") && !reading.everything.contains("tts_ready"))
        #expect(try sim.stats()["tts_ready"] == 1)
    }

    /// Without espeak-ng and lame, vas-sim says so at start, and a host that asks for speech is
    /// told it gets none (a warning), not silently nothing.
    @Test func withoutTheSpeechToolsItSaysSo() throws {
        let sim = try LineProcess(Binaries.simulator, ["--port", "0", "--scenario", "live", "--api-key", hostKey],
                                  environment: ["PATH": "/nonexistent"])
        #expect(sim.take { $0 == "vas-sim: no spoken translation: espeak-ng and lame are not installed (make deps installs them; Debian: apt-get install espeak-ng lame)" } != nil,
                "\(sim.everything)")  // said before it listens
        let listening = try #require(sim.take { $0.hasPrefix("vas-sim listening on ") })
        let host = try LineProcess(Binaries.host, ["--server", String(listening.dropFirst("vas-sim listening on ".count)), "--api-key", hostKey])
        host.send("/start zh-TW en-US --tts en-US")
        #expect(host.message("action", "session_started")?["tts_languages"] as? [String] == [])
        let warning = try #require(host.message("error_code", "tts_unavailable"))
        #expect(warning["severity"] as? String == "warning" && (warning["message"] as? String)?.contains("en-US will not be spoken") == true)
        sim.process.terminate()
    }

    /// The full screen, with speech on, in a live broadcast driven by vas-host: the translation is
    /// heard (ALSA to a file) and its words are underlined in turn as they are said.
    @Test func theViewerUnderlinesTheSpokenWordLive() throws {
        let sim = try liveSim()
        let host = try host(sim)
        host.send("/start zh-TW en-US --tts en-US")
        #expect(host.message("action", "session_started") != nil)
        host.send("/live")
        #expect(host.message("action", "broadcast_phase_changed") != nil)
        let capture = try CapturedAudio()
        let tmux = try Tmux(columns: 120, rows: 30,
                            command: "env HOME=\(capture.home.path) " + viewerCommand(sim, "--lang en-US --tts --audio-driver alsa"))
        #expect(host.message("action", "viewer_joined") != nil)
        let words = ["Welcome", "everyone", "to", "the", "city", "library", "briefing", "tonight"]
        host.send("歡迎大家今晚來到市立圖書館說明會 | en-US: \(words.joined(separator: " "))")
        tmux.waitFor("TTS speaking")
        tmux.waitForWordsUnderlinedInTurn(words)
        tmux.waitFor("TTS on")  // the sentence ended
        #expect(capture.capturedBytes > 50_000)
        try tmux.keys("q")
        tmux.waitFor("EXIT=0")
    }

    /// Tickets work once, expire, and must be real; each refusal names its code.
    @Test func refusedTicketsAndKeys() throws {
        let sim = try liveSim(["--ticket-ttl", "1"])
        let ticket = try takeTicket(sim, key: hostKey)
        let first = try host(sim, ["--ticket", ticket])
        first.send("/ping")
        #expect(first.message("action", "pong") != nil)
        let again = try host(sim, ["--ticket", ticket])
        #expect(again.refused("ticket_already_used"), "\(again.everything)")
        #expect(again.finish() == 1)  // a refused host does not exit 0
        let unknown = try host(sim, ["--ticket", "no-such-ticket"])
        #expect(unknown.refused("ticket_invalid"), "\(unknown.everything)")
        // A ticket lives --ticket-ttl seconds: one taken now is refused after that (waiting
        // for the clock is the behaviour under test here, not a synchronisation).
        let stale = try takeTicket(sim, key: hostKey)
        Thread.sleep(forTimeInterval: 1.3)
        let late = try host(sim, ["--ticket", stale])
        #expect(late.refused("ticket_expired"), "\(late.everything)")

        // The handshake itself is refused with 401 and the JSON error (seed 000), never upgraded.
        let handshake = ["-s", "-i", "--max-time", "5", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Version: 13",
                         "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="]
        let replay = try run("/usr/bin/curl", handshake + ["-H", "Sec-WebSocket-Protocol: ticket.\(ticket)", sim.url + "/ws"]).stdout
        #expect(replay.hasPrefix("HTTP/1.1 401"), "\(replay)")
        let body = try #require(LineProcess.object(String(replay[replay.range(of: "\r\n\r\n")!.upperBound...])))
        #expect(body["error_code"] as? String == "ticket_already_used")
        for field in ["message", "request_id", "timestamp"] { #expect(body[field] is String, "\(field)") }
        // Asked without a handshake, an unused ticket is not 'already used', and stays unused.
        let fresh = try takeTicket(sim, key: hostKey)
        let asked = try run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-H", "Sec-WebSocket-Protocol: ticket.\(fresh)", sim.url + "/ws"]).stdout
        #expect(asked.hasSuffix("\n426") && asked.contains("upgrade_required"), "\(asked)")
        let later = try host(sim, ["--ticket", fresh])
        later.send("/ping")
        #expect(later.message("action", "pong") != nil, "\(later.everything)")

        for (key, code) in [(nil, "auth_missing_api_key"), ("vas_short", "auth_invalid_key_format"),
                            ("vas_" + String(repeating: "x", count: 32), "auth_invalid_api_key")] as [(String?, String)] {
            let answer = try run("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-X", "POST"] + (key.map { ["-H", "X-API-Key: \($0)"] } ?? [])
                                 + [sim.url + "/api/v1/auth/ticket"]).stdout
            #expect(answer.hasSuffix("\n401"), "\(answer)")
            #expect(answer.contains("\"error_code\":\"\(code)\""), "\(answer)")
            #expect(answer.contains("\"request_id\":\"req_") && answer.contains("\"timestamp\":"), "\(answer)")
        }
    }

    /// A malformed or unknown message gets an `error` in seed 000's format, and the connection stays.
    @Test func badMessagesAreAnsweredAndTheConnectionStays() throws {
        let sim = try liveSim()
        let host = try host(sim)
        host.send("{not json")
        let error = try #require(host.message("error_code", "invalid_json"))
        for field in ["error_code", "severity", "message", "context", "request_id", "timestamp"] {
            #expect(error[field] is String, "\(field)")
        }
        host.send(#"{"type":"weather","data":{}}"#)
        #expect(host.message("error_code", "unknown_type") != nil)
        host.send(#"{"type":"voice-translation","data":{"action":"broadcast_go_live"}}"#)
        #expect(host.message("error_code", "session_not_started") != nil)
        host.send(#"{"type":"voice-translation","data":{"action":"start","type":"broadcast","broadcast_token":"a3f9","transcription_languages":["zh-TW","en-US"],"recognition_mode":"multi_speaker"}}"#)
        #expect(host.message("error_code", "diarization_multilang_conflict") != nil)
        host.send("/start zh-TW en-US")
        #expect(host.message("action", "session_started") != nil)
        host.send(#"{"type":"voice-translation","data":{"action":"dance"}}"#)
        #expect(host.message("error_code", "unknown_action") != nil)
        host.send("/audio")
        host.send("/ping")
        #expect(host.message("action", "pong") != nil)
        #expect(try sim.stats()["audio_frames"] == 1)
    }

    /// The notification service: a bad token is refused, `broadcast:TOKEN` is the only channel,
    /// and the broadcast's status and announcements arrive.
    @Test func notificationsReportTheBroadcast() throws {
        let sim = try liveSim()
        let wrong = try LineProcess(Binaries.host, ["listen", "--server", sim.url, "--jwt-secret", "not-the-secret"])
        #expect(wrong.refused("unauthorized"), "\(wrong.everything)")
        let expired = try LineProcess(Binaries.host, ["listen", "--server", sim.url, "--jwt-secret", jwtSecret, "--expired"])
        #expect(expired.refused("unauthorized"), "\(expired.everything)")

        let listener = try LineProcess(Binaries.host, ["listen", "--server", sim.url, "--jwt-secret", jwtSecret])
        listener.send(#"{"type":"ping"}"#)
        #expect(listener.message("type", "pong") != nil)
        listener.send(#"{"type":"subscribe","data":{"channel":"room:lobby"}}"#)
        #expect(listener.message("error_code", "subscription_failed") != nil)
        listener.send("not json")
        #expect(listener.message("error_code", "invalid_request") != nil)
        listener.send(#"{"type":"subscribe","data":{"channel":"broadcast:a3f9"}}"#)
        #expect(listener.message("type", "subscribed")?["channel"] as? String == "broadcast:a3f9")

        let host = try host(sim)
        host.send("/start zh-TW en-US")
        #expect(listener.message("type", "status_update")?["status"] as? String == "standby")
        host.send("/live")
        let live = try #require(listener.message("type", "status_update"))
        #expect(live["status"] as? String == "live" && live["entity_type"] as? String == "broadcast" && live["entity_id"] as? String == "a3f9")
        host.send("/announce Break in five minutes")
        let note = try #require(listener.message("type", "notification"))
        #expect(note["message"] as? String == "Break in five minutes")
        host.send("/stop")
        #expect(listener.message("type", "status_update")?["status"] as? String == "ended")
    }

    /// vas-host pings on the timer (seed 000: every 30 s; faster here), and when its connection
    /// drops it says so, takes a new ticket and connects again; the broadcast it paused goes on
    /// at /resume. With a given ticket and no key, it says why it cannot reconnect.
    @Test func theHostPingsAndReconnectsAfterADrop() throws {
        let sim = try liveSim()
        let host = try host(sim, ["--api-key", hostKey, "--health-interval", "0.2"])
        host.send("/start zh-TW en-US")
        #expect(host.message("action", "session_started") != nil)
        host.send("/live")
        #expect(host.message("action", "broadcast_phase_changed") != nil)
        // Polling a counter, bounded: the timer is the behaviour under test.
        let deadline = Date().addingTimeInterval(10)
        while (try sim.stats()["health_pings"] ?? 0) < 2, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect((try sim.stats()["health_pings"] ?? 0) >= 2)
        #expect(!host.everything.contains("pong"))  // the timer's pongs are not printed
        let viewer = try LineProcess(Binaries.viewer, ["a3f9", "--server", sim.url, "--plain", "--lang", "en-US", "--no-autosave"])
        #expect(viewer.take { $0.hasPrefix("# connected") } != nil)

        _ = try run("/usr/bin/curl", ["-s", "-X", "POST", sim.url + "/_sim/drop?who=hosts"])
        #expect(host.take { $0 == "# the connection dropped (the server went away, 1001: vas-sim dropped the connection); reconnecting in 1 s" } != nil,
                "\(host.everything)")
        #expect(host.take { $0.hasPrefix("# reconnected with a new ticket; a broadcast the drop paused is resumed") } != nil, "\(host.everything)")
        // The broadcast was running: vas-host resumes what the drop paused, by itself.
        #expect(host.message("status", "resumed") != nil, "\(host.everything)")
        #expect(viewer.take { $0 == "# paused: Live stream is paused: the host disconnected" } != nil)
        #expect(viewer.take { $0.hasPrefix("# resumed") || $0.contains("has resumed") } != nil, "\(viewer.everything)")
        host.send("再見 | en-US: Goodbye")
        #expect(viewer.take { $0.contains("→ Goodbye") } != nil)
        host.send("/stop")
        #expect(host.message("status", "stopped") != nil)
        #expect(host.finish() == 0)
        #expect(try sim.stats()["host_connections"] == 2)

        // A ticket works once: without a key, a drop ends it, and it says why.
        let other = try liveSim()
        let once = try self.host(other, ["--ticket", try takeTicket(other, key: hostKey)])
        once.send("/ping")
        #expect(once.message("action", "pong") != nil)
        _ = try run("/usr/bin/curl", ["-s", "-X", "POST", other.url + "/_sim/drop?who=hosts"])
        #expect(once.take { $0.contains("the connection dropped (the server went away, 1001: vas-sim dropped the connection), and a ticket works once: no API key was given to take a new one") } != nil,
                "\(once.everything)")
        #expect(!once.everything.contains("reconnecting in"))  // it cannot: it does not say it will
        #expect(once.finish() == 1)
    }

    /// The notification service: a subscribe without a channel is invalid_request, a binary frame
    /// gets an error, the host's chat message arrives as chat_message, and a listener whose
    /// connection drops reconnects and subscribes again (seed 002's advice).
    @Test func notificationsFollowSeed002() throws {
        let sim = try liveSim()
        let listener = try LineProcess(Binaries.host, ["listen", "--server", sim.url, "--jwt-secret", jwtSecret])
        listener.send(#"{"type":"subscribe","data":{}}"#)
        #expect(listener.message("error_code", "invalid_request") != nil)
        listener.send(#"{"type":"subscribe","data":{"channel":"no colon"}}"#)
        #expect(listener.message("error_code", "invalid_request") != nil)
        listener.send(#"{"type":"subscribe","data":{"channel":"conversation:conv-123"}}"#)
        #expect(listener.message("error_code", "subscription_failed") != nil)
        listener.send(#"{"type":"subscribe","data":{"channel":"broadcast:a3f9"}}"#)
        #expect(listener.message("type", "subscribed") != nil)

        let host = try host(sim)
        host.send("/start zh-TW en-US")
        #expect(host.message("action", "session_started") != nil)
        host.send("/chat Questions at the end, please")
        #expect(host.message("status", "chat_sent") != nil)
        let chat = try #require(listener.message("type", "chat_message"))
        #expect(chat["content"] as? String == "Questions at the end, please" && chat["conversation_id"] as? String == "broadcast:a3f9"
                && chat["sender_id"] as? String == "host")

        _ = try run("/usr/bin/curl", ["-s", "-X", "POST", sim.url + "/_sim/drop?who=listeners"])
        #expect(listener.take { $0.hasPrefix("# the connection dropped") } != nil, "\(listener.everything)")
        #expect(listener.take { $0.hasPrefix("# reconnected; subscribing again") } != nil)
        #expect(listener.message("type", "subscribed")?["channel"] as? String == "broadcast:a3f9")
        host.send("/live")
        #expect(listener.message("type", "status_update")?["status"] as? String == "live")

        // A binary frame, by hand (vas-host sends text only): answered with an error, not silence.
        let client = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/ws-binary-frame.py").path
        let answer = try run("/usr/bin/python3", [client, sim.url.replacingOccurrences(of: "http://", with: ""), jwtSecret]).stdout
        #expect(answer.contains("\"error_code\":\"invalid_request\"") && answer.contains("binary"), "\(answer)")
    }

    /// wss:// to a plain-HTTP server gets no answer at all: given up after 10 s, with the http://
    /// address to give instead (it hung, silent, for ever).
    @Test func aSecureAddressToAPlainServerIsSaid() throws {
        let sim = try liveSim()
        let port = sim.url.split(separator: ":").last.map(String.init) ?? ""
        let answer = try run(Binaries.host.path, ["listen", "--server", "https://localhost:\(port)", "--jwt-secret", jwtSecret], stdin: "")
        #expect(answer.status == 1)
        #expect(answer.stderr.contains("cannot connect to wss://localhost:\(port)/ws/notifications?token=…: no answer within 10 s. If it is a plain-HTTP server (as vas-sim is), give --server http://localhost:\(port)."),
                "\(answer.stderr)")
    }

    /// Piped input gets every answer, the pongs asked for included: the client leaves at the
    /// answer to its own last ping, not at the first pong (it printed nothing for this input).
    @Test func pipedInputGetsEveryAnswer() throws {
        let sim = try liveSim()
        let answer = try run(Binaries.host.path, ["--server", sim.url, "--api-key", hostKey],
                             stdin: "/ping\n/ping\n/start zh-TW en-US\nhello | bonjour\n")
        #expect(answer.status == 0)
        #expect(answer.stdout.components(separatedBy: #""action":"pong""#).count == 3, "\(answer.stdout)")
        #expect(answer.stdout.contains(#""action":"session_started""#))
        #expect(answer.stdout.contains("# 'bonjour' is not a translation"))
    }

    /// Ctrl-C or SIGTERM stops vas-sim at once, viewers watching or not (it waited for every
    /// stream to end, which a viewer's never does).
    @Test func aSignalStopsItWhileAViewerWatches() throws {
        let sim = try liveSim()
        let host = try host(sim)
        host.send("/start zh-TW en-US")
        #expect(host.message("action", "session_started") != nil)
        let viewer = try LineProcess(Binaries.viewer, ["a3f9", "--server", sim.url, "--plain", "--no-autosave"])
        #expect(viewer.take { $0.hasPrefix("# connected") } != nil)
        sim.process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while sim.process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }  // polling an exit, bounded
        #expect(!sim.process.isRunning)
    }

    func takeTicket(_ sim: Simulator, key: String) throws -> String {
        let answer = try run("/usr/bin/curl", ["-s", "-X", "POST", "-H", "X-API-Key: \(key)", sim.url + "/api/v1/auth/ticket"]).stdout
        return try #require(LineProcess.object(answer)?["ticket"] as? String)
    }
}
