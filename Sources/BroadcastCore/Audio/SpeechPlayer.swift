import FoundationEssentials
import BroadcastModel

/// Spoken translation: `tts_ready` in, sound out, on a thread of its own.
///
/// `offer` and the controls only take a lock and signal, so neither the UI nor
/// the stream ever waits for audio. The player thread decodes a sentence when
/// its turn comes, writes it to the device in short chunks (so skip, mute and
/// volume act within a chunk), and reports what it does through `onEvent`.
///
/// No sound is not an error: the device is opened off the caller's path with a
/// timeout; a failure is one notice ("audio unavailable: … — subtitles
/// continue"), speech is dropped meanwhile, and the device is tried again at
/// most every `retryInterval` seconds.
public final class SpeechPlayer: @unchecked Sendable {
    public struct Settings: Sendable {
        /// `--tts-max-lag`: the most speech allowed to wait, in seconds.
        public var maxLag = SpeechQueue.defaultMaxLag
        /// How long opening the device may take before it counts as unavailable.
        public var openTimeout = 3.0
        /// After a failure, the device is not tried again for this long (seconds).
        public var retryInterval = 30.0
        /// `--tts-wav`: also write everything played to this file.
        public var wavPath: String?
        /// Samples are written in chunks this long (seconds): skip, mute and volume act within one.
        public var chunkSeconds = 0.04
        /// Never run more than this far ahead of the sound. A real device blocks on its own;
        /// one that takes audio faster than it plays (ALSA's null or file PCM, a network sink)
        /// would otherwise make the highlight, the lag cap and "speaking" race ahead.
        /// `nil` turns pacing off (tests with a fake device).
        public var paceAhead: Double? = 0.3

        public init() {}
    }

    public enum Event: Equatable, Sendable {
        /// The first sound of a sentence went to the device (the item's `audio` is emptied).
        case started(SpeechQueue.Item)
        /// The sentence ended: played, skipped, flushed or failed.
        case finished(sid: Int)
        /// Something the viewer should read (a bad item, the lag cap, the WAV file).
        case notice(String)
        /// No sound can be played, and why ("audio unavailable: …"); speech is dropped meanwhile.
        case deviceUnavailable(String)
        /// The device works again.
        case deviceBack
    }

    /// Counters, for tests and `make bench`.
    public struct Statistics: Equatable, Sendable {
        public var played = 0
        public var failed = 0
        /// Dropped by the lag cap, mute, a flush, or while the device is unavailable.
        public var dropped = 0
        public var bytesWritten = 0
        public var deviceOpens = 0
        /// Seconds from `offer` to the first sound written, per sentence played.
        public var firstSoundLatencies: [Double] = []
    }

    private let settings: Settings
    private let openOutput: AudioOutputFactory
    private let onEvent: @Sendable (Event) -> Void
    private let clock: @Sendable () -> Double

    private let condition = Condition()
    // Everything below is guarded by `condition`.
    private var queue: SpeechQueue
    private var enabled = true
    private var language: String?
    private var volume = 100
    /// Bumped by skip, flush and mute: the sentence playing stops at its next chunk.
    private var generation = 0
    private var stopping = false
    private var drainOnStop = false
    private var threadDone = false
    private var statistics = Statistics()
    // The device: owned by the player thread, except for the hand-over from the opener.
    private var output: (any AudioOutput)?
    private var opening = false
    private var opened: Result<any AudioOutput, AudioError>?
    private var failedAt: Double?
    private var failureAnnounced = false
    private var wav: WAVWriter?
    private var wavFailed = false
    private var wavPlaced = false
    /// Player thread only: when the sound written so far will have been heard (system uptime).
    private var soundEnd = 0.0

    /// - Parameters:
    ///   - language: only `tts_ready` for this language is spoken (nil: any).
    ///   - openOutput: opens the sound device (`AudioDevice.factory`); a fake in tests.
    ///   - clock: seconds, for the lag cap and the retry interval; a fake in tests.
    public init(settings: Settings = Settings(), language: String?, openOutput: @escaping AudioOutputFactory,
                clock: (@Sendable () -> Double)? = nil, onEvent: @escaping @Sendable (Event) -> Void) {
        self.settings = settings
        self.openOutput = openOutput
        self.onEvent = onEvent
        self.language = language
        queue = SpeechQueue(maxLag: settings.maxLag)
        if let clock {
            self.clock = clock
        } else {
            let start = ContinuousClock.now
            self.clock = { (ContinuousClock.now - start).inSeconds }
        }
        let thread = Thread { [self] in run() }
        thread.name = "vas-view speech"
        thread.start()
    }

    // MARK: - From any thread, never blocking

    /// A `tts_ready` from the stream. Other languages, and anything while speech is off or muted, are dropped.
    public func offer(_ event: TTSReady) {
        var notice: String?
        condition.withLock {
            guard enabled, !stopping, language.map({ LanguageTag.bestMatch(for: event.language, among: [$0]) != nil }) ?? true else {
                return
            }
            if queue.muted { statistics.dropped += 1; return }
            let item = SpeechQueue.Item(event, queuedAt: clock())
            let dropped = queue.enqueue(item, now: clock())
            if dropped > 0 {
                statistics.dropped += dropped
                notice = "speech fell more than \(Self.seconds(settings.maxLag)) behind: skipped \(dropped) sentence\(dropped == 1 ? "" : "s") to catch up"
            }
            condition.broadcast()
        }
        if let notice { onEvent(.notice(notice)) }
    }

    /// Turns speech on or off; off forgets everything queued and stops the sentence playing.
    public func setEnabled(_ value: Bool) {
        condition.withLock {
            enabled = value
            if !value { flushLocked() }
        }
    }

    /// Another language: nothing queued in the old one is said.
    public func setLanguage(_ value: String?) {
        condition.withLock {
            guard value != language else { return }
            language = value
            flushLocked()
        }
    }

    /// Muted, speech is dropped as it arrives (nothing piles up for later).
    public func setMuted(_ value: Bool) {
        condition.withLock {
            if value, !queue.muted { statistics.dropped += queue.waiting.count; generation += 1 }
            queue.setMuted(value)
            condition.broadcast()
        }
    }

    /// 0–100 (perceived loudness: the gain is the square of the fraction).
    public func setVolume(_ value: Int) {
        condition.withLock { volume = min(100, max(0, value)) }
    }

    /// Stops the sentence being said; the next one starts.
    public func skip() {
        condition.withLock {
            generation += 1
            condition.broadcast()
        }
    }

    public var stats: Statistics { condition.withLock { statistics } }
    /// Sentences still to be said: waiting, and the one being said.
    public var pending: Int { condition.withLock { queue.waiting.count + (queue.playing == nil ? 0 : 1) } }

    // MARK: - Ending

    /// Blocks until everything queued has been said (or `seconds` have passed),
    /// then until the device has played it; then stops. For plain mode's end.
    public func finish(within seconds: Double) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.withLock {
            while (queue.playing != nil || !queue.waiting.isEmpty), !stopping, Date() < deadline {
                _ = condition.wait(until: deadline)
            }
            drainOnStop = Date() < deadline
        }
        stop()
    }

    /// Blocks until nothing is queued or playing (tests, and `finish`).
    public func waitUntilIdle() {
        condition.withLock {
            while queue.playing != nil || !queue.waiting.isEmpty { condition.wait() }
        }
    }

    /// Stops at once: the sentence playing is cut, the device closed, the WAV completed. Idempotent.
    public func stop() {
        condition.withLock {
            stopping = true
            generation += 1
            condition.broadcast()
            while !threadDone { condition.wait() }
        }
    }

    // MARK: - The player thread

    private func run() {
        condition.lock()
        while !stopping {
            guard let item = queue.start(now: clock()) else {
                condition.wait()
                continue
            }
            let turn = generation
            condition.unlock()
            let played = play(item, generation: turn)
            onEvent(.finished(sid: item.sid))
            condition.lock()
            if played { statistics.played += 1 }
            queue.finished()
            condition.broadcast()
        }
        let device = output
        let drain = drainOnStop
        output = nil
        condition.unlock()
        if drain { device?.drain() }
        wav?.commit()
        condition.withLock {
            if wav?.placed == true { wavPlaced = true }
            threadDone = true
            condition.broadcast()
        }
    }

    /// Says one sentence; false when it was not heard (bad audio, no device, cut short).
    private func play(_ item: SpeechQueue.Item, generation turn: Int) -> Bool {
        let keepsWAV = settings.wavPath != nil
        // Within the retry interval of a device failure nothing is tried — unless the WAV copy
        // wants the words: then the sentence is decoded and kept even with no sound.
        if !keepsWAV, condition.withLock({ isResting() }) {
            condition.withLock { statistics.dropped += 1 }
            return false
        }
        let pcm: PCM
        do {
            pcm = try MP3Decoder.decode(base64: item.audio)
        } catch {
            condition.withLock { statistics.failed += 1 }
            onEvent(.notice("sentence \(item.sid) was not spoken: \(error)"))
            return false
        }
        var sound = condition.withLock({ isResting() }) ? nil : self.device(rate: pcm.rate, channels: pcm.channels)
        let wav = wavFile(for: pcm)
        guard sound != nil || wav != nil else {
            condition.withLock { statistics.dropped += 1 }
            return false
        }
        let chunk = max(pcm.channels, Int(Double(pcm.rate) * settings.chunkSeconds) * pcm.channels)
        var scratch = [Int16](repeating: 0, count: chunk)
        var offset = 0
        var first = true
        while offset < pcm.samples.count {
            let gain: Double? = condition.withLock {
                guard generation == turn, !stopping else { return nil }
                let fraction = Double(volume) / 100
                return fraction * fraction
            }
            guard let gain else {
                sound?.drop()
                soundEnd = 0
                return false
            }
            let count = min(chunk, pcm.samples.count - offset)
            pcm.samples.withUnsafeBufferPointer { source in
                for i in 0..<count { scratch[i] = Int16(Double(source[offset + i]) * gain) }
            }
            if let output = sound {
                let written = scratch.withUnsafeBufferPointer { output.write(UnsafeBufferPointer(rebasing: $0[0..<count])) }
                if written < count * 2 {
                    deviceFailed("the sound device stopped taking audio")
                    sound = nil
                    if wav == nil { return false }
                } else {
                    condition.withLock { statistics.bytesWritten += written }
                    if first {
                        first = false
                        var started = item
                        started.audio = ""
                        let latency = clock() - item.queuedAt
                        condition.withLock { statistics.firstSoundLatencies.append(latency) }
                        onEvent(.started(started))
                    }
                }
            }
            scratch.withUnsafeBufferPointer { wav?.append(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            offset += count
            pace(seconds: Double(count / pcm.channels) / Double(pcm.rate), generation: turn)
        }
        wav?.commit()
        if wav?.placed == true { condition.withLock { wavPlaced = true } }
        return sound != nil
    }

    /// Whether `--tts-wav`'s file holds what was said (nothing said: an earlier file is as it was).
    public var wavWritten: Bool { condition.withLock { wavPlaced } }

    /// Sleeps while the sound written is more than `paceAhead` ahead of the listener;
    /// skip, mute, flush and stop wake it.
    private func pace(seconds: Double, generation turn: Int) {
        guard let paceAhead = settings.paceAhead else { return }
        let now = ProcessInfo.processInfo.systemUptime
        soundEnd = max(soundEnd, now) + seconds
        let ahead = soundEnd - now - paceAhead
        guard ahead > 0 else { return }
        let deadline = Date(timeIntervalSinceNow: ahead)
        condition.withLock {
            while generation == turn, !stopping, Date() < deadline { _ = condition.wait(until: deadline) }
        }
    }

    /// Within `retryInterval` of a failure: speech is dropped without trying the device.
    private func isResting() -> Bool {
        guard output == nil, let failedAt else { return false }
        return clock() - failedAt < settings.retryInterval || opening
    }

    /// The open device for this format: kept between sentences, reopened when the format changes.
    private func device(rate: Int, channels: Int) -> (any AudioOutput)? {
        condition.lock()
        defer { condition.unlock() }
        if let output, output.rate == rate, output.channels == channels { return output }
        if let current = output {
            condition.unlock()
            current.drain()
            condition.lock()
            output = nil
        }
        if isResting() { return nil }
        // A device that answered after its timeout is used now.
        if opened == nil, !opening {
            opening = true
            statistics.deviceOpens += 1
            let open = openOutput
            let thread = Thread { [self] in
                let result: Result<any AudioOutput, AudioError>
                do throws(AudioError) { result = .success(try open(rate, channels)) } catch { result = .failure(error) }
                condition.withLock {
                    opened = result
                    opening = false
                    condition.broadcast()
                }
            }
            thread.name = "vas-view audio open"
            thread.start()
        }
        let deadline = Date(timeIntervalSinceNow: settings.openTimeout)
        while opened == nil, !stopping, Date() < deadline { _ = condition.wait(until: deadline) }
        let result = opened
        opened = nil
        switch result {
        case .success(let device) where device.rate == rate && device.channels == channels:
            output = device
            failedAt = nil
            if failureAnnounced {
                failureAnnounced = false
                announce(.deviceBack)
            }
            return device
        case .success:
            // Opened late for another format: close it, open again next time.
            return nil
        case .failure(let error):
            markFailed(reason(error))
            return nil
        case nil:
            markFailed("the sound device did not answer within \(Self.seconds(settings.openTimeout))")
            return nil
        }
    }

    private func deviceFailed(_ why: String) {
        condition.withLock {
            output = nil
            markFailed(why)
        }
    }

    /// Call with the lock held.
    private func markFailed(_ why: String) {
        failedAt = clock()
        guard !failureAnnounced else { return }
        failureAnnounced = true
        let kept = settings.wavPath.map { "; what is said still goes to \($0)" } ?? ""
        announce(.deviceUnavailable("audio unavailable: \(why) — subtitles continue\(kept)"))
    }

    /// Call with the lock held: the event goes out from another thread, so no lock is held while it is handled.
    private func announce(_ event: Event) {
        let onEvent = onEvent
        condition.unlock()
        onEvent(event)
        condition.lock()
    }

    private func reason(_ error: AudioError) -> String {
        if case .device(let why) = error { return why }
        return "\(error)"
    }

    private func wavFile(for pcm: PCM) -> WAVWriter? {
        guard let path = settings.wavPath, !wavFailed else { return nil }
        if let wav {
            if wav.rate == pcm.rate, wav.channels == pcm.channels { return wav }
            wavFailed = true
            onEvent(.notice("--tts-wav: the audio changed format (\(pcm.rate) Hz, \(pcm.channels) ch); the WAV keeps the first \(wav.dataBytes) bytes"))
            return nil
        }
        do {
            wav = try WAVWriter(path: path, rate: pcm.rate, channels: pcm.channels)
        } catch {
            wavFailed = true
            onEvent(.notice("--tts-wav: \(reason(error))"))
        }
        return wav
    }

    /// Call with the lock held.
    private func flushLocked() {
        statistics.dropped += queue.dropWaiting()
        generation += 1
        condition.broadcast()
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : Decimals.fixed(value, places: 1) + " s"
    }
}
