import BroadcastCore
import FoundationEssentials
import BroadcastModel
import Synchronization

/// Spoken translation for either front end: the player is made when speech is
/// first turned on (no thread, no device before), is offered every `tts_ready`
/// as it leaves the session — before the UI sees it, so speech never waits for
/// a frame — and follows the language shown.
public final class SpeechControl: Sendable {
    public struct Options: Sendable {
        public var maxLag = SpeechQueue.defaultMaxLag
        public var drivers = AudioDevice.defaultDrivers
        public var device: String?
        public var wavPath: String?
        /// Opens the sound device; nil: libout123 with `drivers` and `device` (tests give a fake).
        public var openOutput: AudioOutputFactory?

        public init(maxLag: Double = SpeechQueue.defaultMaxLag, drivers: String = AudioDevice.defaultDrivers, device: String? = nil,
                    wavPath: String? = nil, openOutput: AudioOutputFactory? = nil) {
            self.maxLag = maxLag
            self.drivers = drivers
            self.device = device
            self.wavPath = wavPath
            self.openOutput = openOutput
        }
    }

    private let options: Options
    private let onEvent: @Sendable (SpeechPlayer.Event) -> Void
    private let state: Mutex<State>

    private struct State {
        var player: SpeechPlayer?
        var enabled: Bool
        var language: String?
    }

    public init(options: Options, enabled: Bool, language: String?, onEvent: @escaping @Sendable (SpeechPlayer.Event) -> Void) {
        self.options = options
        state = Mutex(State(enabled: enabled, language: language))
        self.onEvent = { event in
            switch event {
            // Notices are logged by the front end that shows them (Diagnostics).
            case .started(let item): Log.audio.debug("speaking sentence \(item.sid) (\(item.language))")
            case .finished(let sid): Log.audio.debug("sentence \(sid) done")
            case .notice, .deviceUnavailable, .deviceBack: break
            }
            onEvent(event)
        }
        if enabled { _ = makePlayer() }
    }

    /// Every session update passes here first.
    public func feed(_ update: SessionUpdate) {
        switch update {
        case .items(let items):
            guard let player = state.withLock({ $0.enabled ? $0.player : nil }) else { return }
            for case .event(.ttsReady(let speech)) in items { player.offer(speech) }
        case .languageSelected(let language):
            let player = state.withLock { state in
                state.language = language
                return state.player
            }
            player?.setLanguage(language)
        case .speech(let on, _):
            setEnabled(on)
        default:
            break
        }
    }

    /// Turns speech on or off (the caller asks the session for `tts` to match).
    public func setEnabled(_ on: Bool) {
        let player = state.withLock { state in
            state.enabled = on
            return on ? makePlayer(&state) : state.player
        }
        player?.setEnabled(on)
    }

    public func setMuted(_ muted: Bool) { currentPlayer?.setMuted(muted) }
    public func skip() { currentPlayer?.skip() }
    public func setVolume(_ volume: Int) { currentPlayer?.setVolume(volume) }

    /// Plain mode's end: say what is queued (within the lag cap), then stop. Says first that
    /// it waits, and for how long at most, when anything is left to say.
    public func finish() {
        guard let player = currentPlayer else { return }
        let left = player.pending
        if left > 0 {
            Diagnostics.info("saying the \(left == 1 ? "sentence" : "\(left) sentences") still queued (at most \(Int(options.maxLag + 2)) s; Ctrl-C stops)")
        }
        player.finish(within: options.maxLag + 2)
    }

    /// Stops at once (quit, Ctrl-C).
    public func stop() { currentPlayer?.stop() }

    /// Where `--tts-wav` kept what was said, or that nothing was, for the last words.
    public func wavReport() -> String? {
        guard let path = options.wavPath else { return nil }
        if currentPlayer?.wavWritten == true { return "what was said is in \(path)" }
        return FileManager.default.fileExists(atPath: path) ? "nothing was spoken; \(path) left as it was"
            : "nothing was spoken, so \(path) was not written"
    }

    private var currentPlayer: SpeechPlayer? { state.withLock { $0.player } }

    private func makePlayer() -> SpeechPlayer {
        state.withLock { makePlayer(&$0) }
    }

    /// Call with the lock held.
    private func makePlayer(_ state: inout State) -> SpeechPlayer {
        if let player = state.player { return player }
        var settings = SpeechPlayer.Settings()
        settings.maxLag = options.maxLag
        settings.wavPath = options.wavPath
        let made = SpeechPlayer(settings: settings, language: state.language,
                                openOutput: options.openOutput ?? AudioDevice.factory(drivers: options.drivers, device: options.device),
                                onEvent: onEvent)
        state.player = made
        return made
    }
}
