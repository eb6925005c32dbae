import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

@Suite struct SpeechPlayerTests {
    static let events = (try? MP3DecoderTests.ttsEvents()) ?? []

    func player(_ devices: FakeDevices, clock: FakeClock? = nil, configure: (inout SpeechPlayer.Settings) -> Void = { _ in })
        -> (SpeechPlayer, EventLog) {
        var settings = SpeechPlayer.Settings()
        settings.paceAhead = nil  // a fake device: no need to wait for real time
        configure(&settings)
        let log = EventLog()
        var now: (@Sendable () -> Double)?
        if let clock { now = { clock.now() } }
        let player = SpeechPlayer(settings: settings, language: "en-US", openOutput: devices.factory,
                                  clock: now, onEvent: { log.record($0) })
        return (player, log)
    }

    func decodedSamples(_ events: [TTSReady]) throws -> [Int16] {
        try events.flatMap { try MP3Decoder.decode(base64: $0.audio).samples }
    }

    @Test func playsRealSpeechInOrderAndEveryDecodedSampleReachesTheDevice() throws {
        let devices = FakeDevices()
        let (player, log) = player(devices)
        defer { player.stop() }
        let speech = Array(Self.events.prefix(2))
        try #require(speech.count == 2)
        for event in speech { player.offer(event) }
        player.waitUntilIdle()
        #expect(log.started == speech.map(\.sid))
        #expect(log.events.filter { if case .finished = $0 { true } else { false } }.count == 2)
        #expect(devices.opened.count == 1)  // kept open between sentences
        let same = devices.last?.written == (try decodedSamples(speech))
        #expect(same)
        #expect(log.notices.isEmpty)
        #expect(player.stats.played == 2)
    }

    @Test func corruptBase64CorruptMP3AndEmptyAudioAreNoticesAndTheNextPlays() throws {
        let devices = FakeDevices()
        let (player, log) = player(devices)
        defer { player.stop() }
        let good = try #require(Self.events.first)
        var bad = good
        bad.durationMs = 100
        bad.sid = 901; bad.audio = "!!not base64!!"
        player.offer(bad)
        bad.sid = 902; bad.audio = Data(repeating: 0x41, count: 3000).base64EncodedString()  // bytes, but no MPEG frame
        player.offer(bad)
        bad.sid = 903; bad.audio = ""
        player.offer(bad)
        player.offer(good)
        player.waitUntilIdle()
        let notices = log.notices
        #expect(notices.count == 3)
        #expect(notices[0].contains("901") && notices[0].contains("base64"))
        #expect(notices[1].contains("902") && notices[1].contains("could not be decoded"))
        #expect(notices[2].contains("903") && notices[2].contains("empty"))
        #expect(log.started == [good.sid])
        let same = devices.last?.written == (try decodedSamples([good]))
        #expect(same)
        #expect(player.stats.failed == 3)
    }

    @Test func noDeviceIsOneNoticeThenAQuietRetryAtMostEveryThirtySeconds() throws {
        let devices = FakeDevices()
        devices.set(failure: "No such file or directory")
        let clock = FakeClock()
        let (player, log) = player(devices, clock: clock)
        defer { player.stop() }
        var speech = try #require(Self.events.first)
        speech.durationMs = 500  // four of them stay within the lag cap
        for _ in 0..<4 { player.offer(speech) }
        player.waitUntilIdle()
        #expect(log.notices == ["audio unavailable: No such file or directory — subtitles continue"])
        #expect(player.stats.deviceOpens == 1)
        #expect(player.stats.dropped == 4)  // the one that found no device, and three while resting
        clock.advance(29)
        player.offer(speech)
        player.waitUntilIdle()
        #expect(player.stats.deviceOpens == 1)  // not yet
        clock.advance(2)
        player.offer(speech)
        player.waitUntilIdle()
        #expect(player.stats.deviceOpens == 2)
        #expect(log.notices.count == 1)  // still failing: no second notice
        devices.set(failure: nil)
        clock.advance(31)
        player.offer(speech)
        player.waitUntilIdle()
        #expect(log.notices.last == "audio is back")
        #expect(log.deviceEvents == [.deviceUnavailable("audio unavailable: No such file or directory — subtitles continue"), .deviceBack])
        #expect(player.stats.played == 1)
    }

    @Test func aDeviceThatNeverAnswersTimesOut() throws {
        let gate = DispatchSemaphore(value: 0)
        let log = EventLog()
        var settings = SpeechPlayer.Settings()
        settings.openTimeout = 0.2
        let player = SpeechPlayer(settings: settings, language: nil, openOutput: { _, _ throws(AudioError) in
            gate.wait()
            throw AudioError.device("late")
        }, onEvent: { log.record($0) })
        defer { player.stop() }
        player.offer(try #require(Self.events.first))
        player.waitUntilIdle()
        #expect(log.notices == ["audio unavailable: the sound device did not answer within 0.2 s — subtitles continue"])
        gate.signal()
    }

    @Test func skipCutsTheSentenceAtTheNextChunkAndTheNextOnePlays() throws {
        let devices = FakeDevices()
        devices.gated = true
        let (player, log) = player(devices)
        defer { player.stop() }
        let speech = Array(Self.events.prefix(2))
        try #require(speech.count == 2)
        for event in speech { player.offer(event) }
        let output = devices.waitForOpen()
        output.waitForWrites(1)
        player.skip()
        output.allow()
        player.waitUntilIdle()
        let first = try decodedSamples([speech[0]])
        let second = try decodedSamples([speech[1]])
        let written = output.written
        #expect(output.drops == 1)
        #expect(written.count < first.count)  // cut short
        let whole = Array(written.suffix(second.count)) == second
        #expect(whole)  // the next one whole
        #expect(log.started == speech.map(\.sid))
    }

    @Test func volumeScalesTheSamples() throws {
        let devices = FakeDevices()
        let (player, _) = player(devices)
        defer { player.stop() }
        let speech = try #require(Self.events.first)
        player.setVolume(50)
        player.offer(speech)
        player.waitUntilIdle()
        let source = try decodedSamples([speech])
        let written = try #require(devices.last?.written)
        #expect(written.count == source.count)
        let scaled = written == source.map { Int16(Double($0) * 0.25) }
        #expect(scaled)
        #expect(source.contains { abs(Int($0)) > 1000 })  // the check above is not trivially true
    }

    @Test func muteDropsWhatArrivesAndUnmuteSpeaksTheNext() throws {
        let devices = FakeDevices()
        let (player, log) = player(devices)
        defer { player.stop() }
        let speech = Array(Self.events.prefix(2))
        player.setMuted(true)
        player.offer(speech[0])
        player.waitUntilIdle()
        #expect(devices.opened.isEmpty)
        #expect(player.stats.dropped == 1)
        player.setMuted(false)
        player.offer(speech[1])
        player.waitUntilIdle()
        #expect(log.started == [speech[1].sid])
    }

    @Test func otherLanguagesAreIgnoredAndSwitchingFlushes() throws {
        let devices = FakeDevices()
        devices.gated = true
        let (player, log) = player(devices)
        defer { player.stop() }
        var other = try #require(Self.events.first)
        other.language = "ja-JP"
        player.offer(other)
        player.waitUntilIdle()
        #expect(devices.opened.isEmpty)
        let speech = Array(Self.events.prefix(2))
        for event in speech { player.offer(event) }
        devices.waitForOpen().waitForWrites(1)
        player.setLanguage("ja-JP")
        devices.last?.allow()
        player.waitUntilIdle()
        #expect(log.started == [speech[0].sid])  // nothing queued in en-US is said after the switch
        #expect(player.stats.dropped == 1)
    }

    @Test func aBacklogBeyondTheLagSkipsTheOldestWithANotice() throws {
        let devices = FakeDevices()
        devices.gated = true
        let clock = FakeClock()
        let (player, log) = player(devices, clock: clock) { $0.maxLag = 8 }
        defer { player.stop() }
        var speech = try #require(Self.events.first)
        speech.durationMs = 3000
        for sid in 1...4 {
            speech.sid = sid
            player.offer(speech)  // 3 s each: the fourth makes 12 s > 8 s
            if sid == 1 { devices.waitForOpen().waitForWrites(1) }
        }
        #expect(log.notices == ["speech fell more than 8 s behind: skipped 1 sentence to catch up",
                                "speech fell more than 8 s behind: skipped 1 sentence to catch up"])
        devices.last?.allow()
        player.waitUntilIdle()
        #expect(log.started == [1, 4])
    }

    @Test func theWAVHoldsExactlyWhatWasPlayed() throws {
        let devices = FakeDevices()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-view-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (player, _) = player(devices) { $0.wavPath = path }
        let speech = Array(Self.events.prefix(2))
        for event in speech { player.offer(event) }
        player.finish(within: 60)
        let wav = try #require(FileManager.default.contents(atPath: path))
        let samples = try decodedSamples(speech)
        #expect(wav.count == 44 + samples.count * 2)
        #expect(String(decoding: wav.prefix(4), as: UTF8.self) == "RIFF")
        func u32(_ at: Int) -> Int { Int(wav[at]) | Int(wav[at + 1]) << 8 | Int(wav[at + 2]) << 16 | Int(wav[at + 3]) << 24 }
        #expect(u32(24) == 22050)  // sample rate
        #expect(u32(40) == samples.count * 2)  // data size
        let body = wav.dropFirst(44).withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let same = body == samples
        #expect(same)
        #expect(devices.last?.drains == 1)  // finish waits for the device to play it all
    }

    /// With no sound device at all, the WAV copy still keeps every word, and the notice says so.
    @Test func withoutADeviceTheWAVStillKeepsWhatWasSaid() throws {
        let devices = FakeDevices()
        devices.set(failure: "no sound card")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-view-\(UUID()).wav").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (player, log) = player(devices) { $0.wavPath = path }
        let speech = Array(Self.events.prefix(2))
        for event in speech { player.offer(event) }
        player.finish(within: 60)
        let wav = try #require(FileManager.default.contents(atPath: path))
        #expect(wav.count == 44 + (try decodedSamples(speech)).count * 2)
        #expect(log.notices == ["audio unavailable: no sound card — subtitles continue; what is said still goes to \(path)"])
        #expect(log.started.isEmpty)  // nothing was heard, so nothing is marked as being said
    }

    @Test func aDeviceThatTakesAudioAtOnceIsPacedToRealTime() throws {
        let devices = FakeDevices()
        let (player, log) = player(devices) { $0.paceAhead = 0.3 }
        defer { player.stop() }
        let speech = try #require(Self.events.first)
        let seconds = try MP3Decoder.decode(base64: speech.audio).durationMs / 1000
        let start = ProcessInfo.processInfo.systemUptime
        player.offer(speech)
        player.waitUntilIdle()
        // Not a speed goal: a lower bound. Unpaced, this takes milliseconds.
        #expect(ProcessInfo.processInfo.systemUptime - start >= seconds - 0.35)
        #expect(log.started == [speech.sid])
    }
}

/// Issue "Tests that bite": edges a mutation check found unguarded.
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
