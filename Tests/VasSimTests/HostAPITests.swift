import Foundation
import Testing
import SimWire
import HTTPTypes
@testable import vas_sim

/// vas-sim's host side without sockets: tickets, tokens, the actions and what they cause.
@Suite struct HostAPITests {
    let key = "vas_" + String(repeating: "ab", count: 16)

    @Test func aTicketWorksOnceAndExpires() async throws {
        let tickets = Tickets(apiKey: key, lifetime: 60)
        let ticket = try await tickets.issue(key: key)
        #expect(ticket.count == 32)
        #expect(await tickets.redeem(ticket) == nil)
        #expect(await tickets.redeem(ticket) == .ticketAlreadyUsed)
        #expect(await tickets.redeem("unknown") == .ticketInvalid)
        #expect(await tickets.redeem(nil) == .noTicket && Tickets.Refusal.noTicket.code == "ticket_invalid")
        let stale = Tickets(apiKey: key, lifetime: -1)  // born expired: no clock to wait for
        let old = try await stale.issue(key: key)
        #expect(await stale.redeem(old) == .ticketExpired)
    }

    @Test func keysAreCheckedInOrder() async {
        let tickets = Tickets(apiKey: key, lifetime: 60)
        for (given, refusal) in [(nil, Tickets.Refusal.missingKey), ("", .missingKey), ("vas_short", .badKeyFormat),
                                 ("key_" + String(repeating: "ab", count: 16), .badKeyFormat),
                                 ("vas_" + String(repeating: "cd", count: 16), .unknownKey)] as [(String?, Tickets.Refusal)] {
            await #expect(throws: refusal) { try await tickets.issue(key: given) }
        }
        #expect(Tickets.ticket(inProtocols: "chat, ticket.abc") == "abc")
        #expect(Tickets.ticket(inProtocols: "chat") == nil)
    }

    /// Our SHA-256 and HMAC against the standards' vectors (FIPS 180-2, RFC 4231).
    @Test func sha256AndHMACMatchTheStandards() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
        #expect(hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000))) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        // RFC 4231 test cases 1 and 2, and 6 (a key longer than a block).
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(hex(SHA256.hmac(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(hex(SHA256.hmac(key: [UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func tokensAreSignedCheckedAndExpire() throws {
        let jwt = JWTCheck(secret: "s3cret")
        try jwt.verify(jwt.sign(subject: "x", expiresIn: 60))
        #expect(throws: JWTCheck.Failure.expired) { try jwt.verify(jwt.sign(subject: "x", expiresIn: -60)) }
        #expect(throws: JWTCheck.Failure.badSignature) { try JWTCheck(secret: "other").verify(jwt.sign(subject: "x", expiresIn: 60)) }
        #expect(throws: JWTCheck.Failure.malformed) { try jwt.verify("not.a.jwt") }
        let none = JWTCheck.base64URL(Data(#"{"alg":"none"}"#.utf8)) + "." + JWTCheck.base64URL(Data("{}".utf8)) + "."
        #expect(throws: JWTCheck.Failure.wrongAlgorithm) { try jwt.verify(none) }
    }

    /// A refused handshake is answered 401 with the ticket's error code (seed 000), not upgraded;
    /// a good ticket is upgraded (once), with the ticket echoed back as the subprotocol.
    @Test func aRefusedHandshakeIs401WithItsCode() async throws {
        let sim = try live()
        let tickets = Tickets(apiKey: key, lifetime: 60)
        let jwt = JWTCheck(secret: "s3cret")
        let ticket = try await tickets.issue(key: key)
        func handshake(_ path: String, ticket: String? = nil) async -> Handshake {
            var fields = HTTPFields()
            if let ticket { fields[.secWebSocketProtocol] = "ticket.\(ticket)" }
            return await HostSockets.handshake(HTTPRequest(method: .get, scheme: nil, authority: "x", path: path, headerFields: fields),
                                               sim, tickets: tickets, jwt: jwt)
        }
        func refusal(_ handshake: Handshake) -> (Int, String?)? {
            guard case .refuse(let status, let json) = handshake else { return nil }
            return (status, HostSockets.parse(json)?["error_code"] as? String)
        }
        guard case .upgrade(let echo, _) = await handshake("/ws", ticket: ticket) else { Issue.record("a good ticket was refused"); return }
        #expect(echo[.secWebSocketProtocol] == "ticket.\(ticket)")
        let again = try #require(refusal(await handshake("/ws", ticket: ticket)))
        #expect(again.0 == 401 && again.1 == "ticket_already_used")
        let unknown = try #require(refusal(await handshake("/ws", ticket: "nope")))
        #expect(unknown.0 == 401 && unknown.1 == "ticket_invalid")
        let bad = try #require(refusal(await handshake("/ws/notifications?token=not.a.jwt")))
        #expect(bad.0 == 401 && bad.1 == "unauthorized")
        guard case .upgrade = await handshake("/ws/notifications?token=" + jwt.sign(subject: "x", expiresIn: 60)) else {
            Issue.record("a good token was refused"); return
        }
        guard case .dontUpgrade = await handshake("/broadcast/a3f9/text") else { Issue.record("another path was upgraded"); return }
    }

    func live() throws -> Simulation {
        Simulation(scenario: try Scenario.parse(ScenarioLibrary.live), settings: Simulation.Settings())
    }

    func action(_ simulation: Simulation, _ name: String, _ data: [String: Any] = [:]) async -> (replies: [[String: Any]], error: String?) {
        do {
            let replies = try await simulation.host(action: name, json: HostSockets.text(data))
            return (replies.compactMap { HostSockets.parse($0)?["data"] as? [String: Any] }, nil)
        } catch {
            return ([], error.code)
        }
    }

    @Test func theActionsFollowTheBroadcastsLife() async throws {
        let sim = try live()
        // Language codes only, one a list item.
        #expect(await action(sim, "start", ["type": "broadcast", "broadcast_token": "a3f9", "transcription_languages": ["klingon"]]).error == "invalid_parameter")
        #expect(await action(sim, "start", ["type": "broadcast", "broadcast_token": "a3f9", "transcription_languages": ["zh-TW"],
                                            "translation_languages": ["en-US,ja-JP"]]).error == "invalid_parameter")
        #expect(await action(sim, "broadcast_go_live").error == "session_not_started")
        #expect(await action(sim, "start", ["type": "broadcast", "broadcast_token": "a3f9", "transcription_languages": ["zh-TW", "en-US"],
                                            "recognition_mode": "multi_speaker"]).error == "diarization_multilang_conflict")
        #expect(await action(sim, "start", ["type": "transcribe", "broadcast_token": "a3f9", "transcription_languages": ["zh-TW"]]).error == "unsupported_recording_type")
        #expect(await action(sim, "start", ["type": "broadcast", "broadcast_token": "zzzz", "transcription_languages": ["zh-TW"]]).error == "broadcast_not_found")
        let started = await action(sim, "start", ["type": "broadcast", "broadcast_token": "a3f9", "transcription_languages": ["zh-TW"],
                                                  "translation_languages": ["en-US"], "recognition_mode": "multi_speaker"])
        #expect(started.replies.first?["action"] as? String == "session_started")
        #expect(await action(sim, "start", ["type": "broadcast"]).error == "session_already_started")
        #expect(await action(sim, "sim_transcript", ["text": "大家好"]).error == "broadcast_not_live")
        #expect(await action(sim, "broadcast_go_live").replies.first?["phase"] as? String == "live")
        #expect(await action(sim, "broadcast_go_live").error == "broadcast_already_live")
        let first = await action(sim, "sim_transcript", ["text": "大家好", "speaker_id": "Guest-1", "translations": ["en-US": "Hello"]])
        #expect(first.replies.first?["sid"] as? Int == 1)
        let second = await action(sim, "sim_transcript", ["text": "再見", "speaker_id": "Guest-2", "translations": ["fr-FR": "Au revoir"]])
        #expect(second.replies.first?["sid"] as? Int == 2)
        // Said, not dropped: fr-FR is not translated in this session, and en-US was not given.
        #expect(second.replies.first?["translations"] as? [String: String] == [:])
        let warning = try #require(second.replies.last)
        #expect(warning["error_code"] as? String == "translation_incomplete" && warning["severity"] as? String == "warning")
        #expect((warning["message"] as? String)?.contains("fr-FR") == true && (warning["message"] as? String)?.contains("en-US") == true)
        #expect(await action(sim, "sim_transcript", ["text": "x", "translations": ["en-US": 5]]).error == "invalid_parameter")
        #expect(await action(sim, "dance").error == "unknown_action")
        #expect(await action(sim, "rename_speaker", ["speaker_id": "Guest-9", "new_label": "X"]).error == "speaker_not_found")
        #expect(await action(sim, "rename_speaker", ["speaker_id": "Guest-2", "new_label": "a\nb"]).error == "invalid_parameter")
        let renamed = await action(sim, "rename_speaker", ["speaker_id": "Guest-2", "new_label": "王經理"])
        #expect(renamed.replies.first?["affected_sids"] as? [Int] == [2])
        // A current label names its speaker too.
        #expect(await action(sim, "rename_speaker", ["speaker_id": "王經理", "new_label": "王主任"]).replies.first?["speaker_id"] as? String == "Guest-2")
        let merged = await action(sim, "merge_speakers", ["source_speaker_id": "Guest-2", "target_speaker_id": "Guest-1"])
        #expect(merged.replies.first?["affected_sids"] as? [Int] == [2])
        // A sentence still tagged with the merged-away speaker is the target's.
        _ = await action(sim, "sim_transcript", ["text": "又是我", "speaker_id": "Guest-2", "translations": ["en-US": "Me again"]])
        let renamedAgain = await action(sim, "rename_speaker", ["speaker_id": "Guest-1", "new_label": "陳主任"])
        #expect(renamedAgain.replies.first?["affected_sids"] as? [Int] == [1, 2, 3])
        #expect(await action(sim, "reassign_speaker", ["sid": 7, "new_speaker_id": "Guest-1"]).error == "sentence_not_found")
        #expect(await action(sim, "audio", ["audio": "%%%"]).error == "invalid_audio")
        #expect(await action(sim, "audio", ["audio": Data(count: 10).base64EncodedString()]).error == nil)
        #expect(await sim.audioReceived == (1, 10))
        // An empty translation is none: not sent, said.
        let empty = await action(sim, "sim_transcript", ["text": "空", "speaker_id": "Guest-3", "translations": ["en-US": "  "]])
        #expect(empty.replies.first?["translations"] as? [String: String] == [:] && empty.replies.last?["error_code"] as? String == "translation_incomplete")
        #expect(await action(sim, "resume").error == "broadcast_not_paused")
        #expect(await action(sim, "pause").replies.first?["status"] as? String == "paused")
        #expect(await action(sim, "sim_transcript", ["text": "x"]).error == "broadcast_paused")
        #expect(await action(sim, "dance").error == "unknown_action")
        #expect(await action(sim, "stop").replies.map { $0["action"] as? String } == ["status", "task_complete"])
        #expect(await action(sim, "stop").error == "session_ended")
    }

    func started(_ settings: Simulation.Settings = Simulation.Settings()) async throws -> Simulation {
        let sim = Simulation(scenario: try Scenario.parse(ScenarioLibrary.live), settings: settings)
        _ = await action(sim, "start", ["type": "broadcast", "broadcast_token": "a3f9", "transcription_languages": ["zh-TW"],
                                        "translation_languages": ["en-US"]])
        return sim
    }

    /// The SSE events a viewer's stream carries, as (type, data), until `count` have come.
    func events(_ frames: AsyncStream<Frame>, _ count: Int) async -> [(String, [String: Any])] {
        var found: [(String, [String: Any])] = []
        var text = ""
        for await frame in frames {
            guard case .bytes(let bytes) = frame else { break }
            text += String(decoding: bytes, as: UTF8.self)
            while let end = text.range(of: "\n\n") {
                let block = text[..<end.lowerBound]
                text = String(text[end.upperBound...])
                let lines = block.split(separator: "\n")
                guard let type = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7) else { continue }
                let data = lines.filter { $0.hasPrefix("data: ") }.map { $0.dropFirst(6) }.joined(separator: "\n")
                found.append((String(type), HostSockets.parse(data) ?? [:]))
                if found.count == count { return found }
            }
        }
        return found
    }

    /// Seed 001: a viewer who connects in standby gets `standby` right after `connected`, with a
    /// default message when the host set none, and the host's once it set one.
    @Test func standbyComesRightAfterConnected() async throws {
        let sim = try await started()
        // A guard, not a wait: should an event never come, the streams end here later.
        let guardTask = Task { try await Task.sleep(for: .seconds(10)); await sim.apply(.drop) }
        defer { guardTask.cancel() }
        let (_, first) = try await sim.join(token: "a3f9", language: "en-US", tts: false, accessToken: nil)
        let told = await events(first, 2)
        #expect(told.map(\.0) == ["connected", "standby"])
        #expect(told.last?.1["message"] as? String == Simulation.defaultStandby)
        _ = await action(sim, "set_standby_message", ["message": "即將開始"])
        let (_, second) = try await sim.join(token: "a3f9", language: nil, tts: false, accessToken: nil)
        let again = await events(second, 2)
        #expect(again.map(\.0) == ["connected", "standby"] && again.last?.1["message"] as? String == "即將開始")
        _ = await action(sim, "broadcast_go_live")
        let (_, third) = try await sim.join(token: "a3f9", language: nil, tts: false, accessToken: nil)
        #expect(await events(third, 1).map(\.0) == ["connected"])
        #expect(await sim.phase == "live")
    }

    /// A host that drops without `stop` pauses the broadcast (seed 001: "host paused or
    /// disconnected"); with no host back within the grace, it ends.
    @Test func aHostThatDropsPausesThenEnds() async throws {
        var settings = Simulation.Settings()
        settings.hostGrace = 0
        let sim = try await started(settings)
        _ = await action(sim, "broadcast_go_live")
        let (news, outlet) = AsyncStream.makeStream(of: String.self)
        _ = news
        await sim.hostConnected(1, outlet)
        let (_, frames) = try await sim.join(token: "a3f9", language: "en-US", tts: false, accessToken: nil)
        await sim.hostDisconnected(1)
        // A guard, not a wait: should the broadcast never end by itself, the stream ends here later.
        let guardTask = Task { try await Task.sleep(for: .seconds(10)); await sim.apply(.drop) }
        defer { guardTask.cancel() }
        let told = await events(frames, 3)
        #expect(told.map(\.0) == ["connected", "paused", "ended"])
        #expect(told[1].1["message"] as? String == Simulation.pausedByDrop)
        #expect(await action(sim, "resume").error == "session_ended")
    }

    /// A host that comes back within the grace and resumes: the broadcast goes on; the wait for a
    /// host that came back ends nothing.
    @Test func aHostThatComesBackResumes() async throws {
        let sim = try await started()
        _ = await action(sim, "broadcast_go_live")
        let (_, first) = AsyncStream.makeStream(of: String.self)
        await sim.hostConnected(1, first)
        await sim.hostDisconnected(1)
        #expect(await sim.paused)
        let (told, second) = AsyncStream.makeStream(of: String.self)
        await sim.hostConnected(2, second)
        // The host that comes back is told where it stands, before it acts.
        var heard = told.makeAsyncIterator()
        let standing = await heard.next().flatMap(HostSockets.parse)?["data"] as? [String: Any]
        #expect(standing?["status"] as? String == "paused")
        #expect((standing?["message"] as? String)?.contains("send resume") == true)
        #expect(await action(sim, "resume").replies.first?["status"] as? String == "resumed")
        #expect(await !sim.paused)
        // A host that stops, then leaves, pauses nothing.
        _ = await action(sim, "stop")
        await sim.hostDisconnected(2)
        #expect(await !sim.paused)
    }

    /// The host hears of its viewers: viewer_joined, viewer_left and viewer_count.
    @Test func theHostHearsOfItsViewers() async throws {
        let sim = try await started()
        let (news, outlet) = AsyncStream.makeStream(of: String.self)
        await sim.hostConnected(1, outlet)
        let (id, _) = try await sim.join(token: "a3f9", language: "en-US", tts: true, accessToken: nil)
        await sim.leave(id)
        outlet.finish()
        var heard: [[String: Any]] = []
        for await text in news { heard.append(HostSockets.parse(text)?["data"] as? [String: Any] ?? [:]) }
        #expect(heard.map { $0["action"] as? String } == ["viewer_count", "viewer_joined", "viewer_count", "viewer_left", "viewer_count"])
        #expect(heard[1]["viewer_id"] as? String == "viewer-\(id)" && heard[1]["language"] as? String == "en-US" && heard[1]["tts"] as? Bool == true)
        #expect(heard[1]["viewer_count"] as? Int == 1 && heard[3]["viewer_count"] as? Int == 0)
        #expect(heard[2]["viewer_count"] as? Int == 1 && heard[4]["viewer_count"] as? Int == 0)
    }

    /// Words laid over the voiced audio: in order, inside it, in UTF-16 offsets of the text.
    @Test func wordBoundariesCoverTheVoicedAudio() {
        let english = SpeechTools.boundaries("Hello and welcome.", fromMs: 100, toMs: 1_100)
        #expect(english.map(\.text) == ["Hello", "and", "welcome."])
        #expect(english.map(\.textOffset) == [0, 6, 10] && english.map(\.wordLength) == [5, 3, 8])
        #expect(english.first?.offsetMs == 100 && english.last.map { $0.offsetMs + $0.durationMs } == 1_100)
        // In proportion to letters: 5, 3 and 7 of 15.
        #expect(english.map(\.offsetMs) == [100, 433, 633])
        let japanese = SpeechTools.boundaries("ようこそ、皆さん。今日は図書館の話です", fromMs: 0, toMs: 900)
        #expect(japanese.map(\.text) == ["ようこそ", "皆さん", "今日は図", "書館の話", "です"])
        #expect(japanese.map(\.textOffset) == [0, 5, 9, 13, 17])
        // A word without spaces is one word, its mark kept; a mark or an emoji alone is none.
        #expect(SpeechTools.boundaries("Congratulations!", fromMs: 0, toMs: 100).map(\.text) == ["Congratulations!"])
        #expect(SpeechTools.boundaries("1234567890", fromMs: 0, toMs: 100).map(\.text) == ["1234567890"])
        let emoji = SpeechTools.boundaries("👋 hi — there", fromMs: 0, toMs: 100)
        #expect(emoji.map(\.text) == ["hi", "there"] && emoji.map(\.textOffset) == [3, 8])
        // Chinese next to a Latin word: each its own.
        #expect(SpeechTools.boundaries("中文English混合", fromMs: 0, toMs: 100).map(\.text) == ["中文", "English", "混合"])
        #expect(SpeechTools.boundaries("", fromMs: 0, toMs: 100).isEmpty)
        #expect(SpeechTools.boundaries("hi", fromMs: 50, toMs: 50).isEmpty)
    }

    @Test func aLanguageHasAnEspeakVoice() {
        #expect(SpeechTools.voice(for: "en-US") == "en-us")
        #expect(SpeechTools.voice(for: "ja-JP") == "ja")
        #expect(SpeechTools.voice(for: "zh-TW") == "cmn")
        #expect(SpeechTools.voice(for: "zh-HK") == "yue")
        #expect(SpeechTools.voice(for: "de-DE") == "de")
    }

    /// A WAV as espeak-ng writes it (sizes left at 0x7fffffff when it cannot seek) is read.
    @Test func aWaveIsReadAndItsVoiceFound() throws {
        func le(_ value: Int, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8((value >> (8 * $0)) & 0xff) } }
        let samples: [Int16] = Array(repeating: 0, count: 2_205) + Array(repeating: 8_000, count: 4_410) + Array(repeating: 5, count: 2_205)
        let pcm = samples.flatMap { le(Int(UInt16(bitPattern: $0)), 2) }
        let header = Array("RIFF".utf8) + le(0x7fff_ffff, 4) + Array("WAVEfmt ".utf8) + le(16, 4) + le(1, 2) + le(1, 2)
            + le(22_050, 4) + le(44_100, 4) + le(2, 2) + le(16, 2) + Array("data".utf8) + le(0x7fff_ffff, 4)
        let wave = try #require(Wave(Data(header + pcm)))
        #expect(wave.durationMs == 400)
        #expect(wave.voicedSpan() == 100..<300)
        #expect(Wave(Data("RIFF....WAVE".utf8)) == nil)
    }

    /// tts_config: the languages among the translations, a voice for all or one each.
    @Test func ttsConfigIsCheckedAtStart() throws {
        let request = try SpeechRequest(["tts_config": ["languages": ["en-US"], "voice": "en-gb"]], translated: ["en-US", "ja-JP"])
        #expect(request.languages == ["en-US"] && request.voices == ["en-US": "en-gb"])
        #expect(try SpeechRequest(["tts_languages": ["ja-JP"]], translated: ["ja-JP"]).languages == ["ja-JP"])
        #expect(try SpeechRequest([:], translated: ["ja-JP"]).languages.isEmpty)
        for wrong in [["tts_config": ["languages": ["fr-FR"]]], ["tts_config": "en-US"], ["tts_config": ["languages": "en-US"]],
                      ["tts_config": ["languages": ["en-US"], "voice": 3]]] as [[String: Any]] {
            #expect(throws: HostError.self) { try SpeechRequest(wrong, translated: ["en-US"]) }
        }
    }

    /// Seed 001: `tts_ready` goes only to viewers of its language who asked for speech, in the
    /// live phase, not while paused.
    @Test func spokenTranslationGoesToItsSubscribersOnly() async throws {
        var settings = Simulation.Settings()
        settings.speech = SpeechTools(espeak: "/bin/false", lame: "/bin/false")  // not run here
        let sim = Simulation(scenario: try Scenario.parse(ScenarioLibrary.live), settings: settings)
        let started = await action(sim, "start", ["type": "broadcast", "broadcast_token": "a3f9", "transcription_languages": ["zh-TW"],
                                                  "translation_languages": ["en-US", "ja-JP"], "tts_config": ["languages": ["en-US"]]])
        #expect(started.replies.first?["tts_languages"] as? [String] == ["en-US"])
        let ready = { (language: String) in #"{"sid":1,"language":"\#(language)","text":"Hi","audio":"","format":"mp3","duration_ms":1,"boundaries":[]}"# }
        await sim.applyEvent("tts_ready", ready("en-US"))  // standby: nobody
        _ = await action(sim, "broadcast_go_live")
        let (_, speaking) = try await sim.join(token: "a3f9", language: "en-US", tts: true, accessToken: nil)
        let (_, silent) = try await sim.join(token: "a3f9", language: "en-US", tts: false, accessToken: nil)
        let (_, japanese) = try await sim.join(token: "a3f9", language: "ja-JP", tts: true, accessToken: nil)
        let (_, every) = try await sim.join(token: "a3f9", language: nil, tts: true, accessToken: nil)
        await sim.applyEvent("tts_ready", ready("en-US"))
        await sim.applyEvent("tts_ready", ready("ja-JP"))  // not a spoken language
        _ = await action(sim, "pause")
        await sim.applyEvent("tts_ready", ready("en-US"))
        _ = await action(sim, "stop")
        func spoken(_ frames: AsyncStream<Frame>) async -> Int { await events(frames, 99).filter { $0.0 == "tts_ready" }.count }
        #expect(await spoken(speaking) == 1)
        #expect(await spoken(silent) == 0)
        #expect(await spoken(japanese) == 0)
        #expect(await spoken(every) == 0)
    }

    /// One rule for channels: KIND:ID, and vas-sim has broadcast:TOKEN. Without a channel, or not
    /// of that form: invalid_request; another channel: subscription_failed.
    @Test func channelsFollowOneRule() async throws {
        let sim = try live()
        let connection = NotificationConnection(simulation: sim)
        let (_, outlet) = AsyncStream.makeStream(of: String.self)
        await sim.listen(1, outlet)
        func code(_ text: String) async -> String? {
            let reply = HostSockets.parse(await connection.answer(text, id: 1))
            return (reply?["data"] as? [String: Any])?["error_code"] as? String ?? reply?["type"] as? String
        }
        #expect(await code(#"{"type":"subscribe","data":{}}"#) == "invalid_request")
        #expect(await code(#"{"type":"subscribe"}"#) == "invalid_request")
        #expect(await code(#"{"type":"subscribe","data":{"channel":"broadcast"}}"#) == "invalid_request")
        #expect(await code(#"{"type":"subscribe","data":{"channel":"a:b:c"}}"#) == "invalid_request")
        #expect(await code(#"{"type":"subscribe","data":{"channel":"conversation:conv-123"}}"#) == "subscription_failed")
        #expect(await code(#"{"type":"subscribe","data":{"channel":"broadcast:zzzz"}}"#) == "subscription_failed")
        #expect(await code(#"{"type":"subscribe","data":{"channel":"broadcast:a3f9"}}"#) == "subscribed")
        #expect(await code(#"{"type":"unsubscribe","data":{"channel":"broadcast:a3f9"}}"#) == "unsubscribed")
        #expect(await code(#"{"type":"unsubscribe","data":{"channel":"broadcast:a3f9"}}"#) == "subscription_failed")
        #expect(await code(#"{"type":"unsubscribe","data":{}}"#) == "invalid_request")
    }

    /// A translation the host did not give is a sentence-level error for the viewers (seed 001),
    /// so they can mark it at once; it is sent again with the sentence to a viewer who joins later.
    @Test func aMissingTranslationIsASentenceError() async throws {
        let sim = try await started()
        _ = await action(sim, "broadcast_go_live")
        let (_, early) = try await sim.join(token: "a3f9", language: "en-US", tts: false, accessToken: nil)
        _ = await action(sim, "sim_transcript", ["text": "只有原文", "translations": [String: String]()])
        let (_, late) = try await sim.join(token: "a3f9", language: "en-US", tts: false, accessToken: nil)
        _ = await action(sim, "stop")
        for frames in [early, late] {
            let told = await events(frames, 99)
            let error = try #require(told.first { $0.0 == "error" }?.1)
            #expect(error["sid"] as? Int == 1 && error["translation_language"] as? String == "en-US" && error["severity"] as? String == "warning")
        }
    }

    @Test func aTypedLineBecomesAMessage() {
        var line = HostLine(token: "a3f9")
        guard case .send(let text) = line.message(for: "大家好 | en-US: Hello | ja-JP: こんにちは") else { Issue.record("not sent"); return }
        let data = HostSockets.parse(text)?["data"] as? [String: Any]
        #expect(data?["action"] as? String == "sim_transcript")
        #expect(data?["text"] as? String == "大家好")
        #expect(data?["translations"] as? [String: String] == ["en-US": "Hello", "ja-JP": "こんにちは"])
        #expect(line.message(for: "/speaker Guest-2 王 經理") == .note("speaker Guest-2 (王 經理)"))
        guard case .send(let start) = line.message(for: "/start zh-TW en-US --multi") else { Issue.record("not sent"); return }
        let startData = HostSockets.parse(start)?["data"] as? [String: Any]
        #expect(startData?["recognition_mode"] as? String == "multi_speaker")
        #expect(startData?["translation_languages"] as? [String] == ["en-US"])
        #expect(line.message(for: "/quit") == .quit)
        guard case .send(let spoken) = line.message(for: "/start zh-TW en-US ja-JP --tts en-US,ja-JP") else { Issue.record("not sent"); return }
        let spokenData = HostSockets.parse(spoken)?["data"] as? [String: Any]
        #expect((spokenData?["tts_config"] as? [String: Any])?["languages"] as? [String] == ["en-US", "ja-JP"])
        #expect(spokenData?["translation_languages"] as? [String] == ["en-US", "ja-JP"])
        guard case .note = line.message(for: "/start zh-TW en-US --tts") else { Issue.record("--tts without languages was sent"); return }
        // Languages by commas too; a language given twice, or an empty announcement, is said, not sent.
        guard case .send(let commas) = line.message(for: "/start zh-TW en-US,ja-JP") else { Issue.record("not sent"); return }
        #expect((HostSockets.parse(commas)?["data"] as? [String: Any])?["translation_languages"] as? [String] == ["en-US", "ja-JP"])
        #expect(line.message(for: "測試 | en-US: test | en-US: again") == .note("en-US is given twice: one translation a language, nothing was sent"))
        #expect(line.message(for: "/announce") == .note("/announce TEXT [| en-US: translation | …]"))
        // Half a line is not sent without a word.
        for wrong in ["hello | bonjour", "| en-US: only a translation", "A|B|C", "[1,2]"] {
            guard case .note = line.message(for: wrong) else { Issue.record("'\(wrong)' was sent"); continue }
        }
        #expect(line.message(for: "   ") == .nothing)
        #expect(line.message(for: #"{"type":"health"}"#) == .send(#"{"type":"health"}"#))
    }
}
