import BroadcastCore
import BroadcastModel

/// The full-screen viewer's loop, on one thread: wait → update → perform → draw.
/// It sleeps on the screen (keys, resizes) and the inbox (everything else), gives each
/// message to `ViewerApp.update`, performs the effects, and draws one frame for all that
/// arrived — so a burst of a thousand events is a handful of frames, and an idle
/// broadcast costs nothing.
public struct ViewerLoop<Screen: ViewerScreen> {
    public let screen: Screen
    public let inbox: Inbox
    public let performer: EffectPerformer
    /// The seconds since the viewer started (the UI clock).
    public let now: () -> Double
    public var trace: LatencyTrace?

    public init(screen: Screen, inbox: Inbox, performer: EffectPerformer, now: @escaping () -> Double) {
        self.screen = screen
        self.inbox = inbox
        self.performer = performer
        self.now = now
    }

    /// The shortest time between two frames caused by events alone (60 frames a second).
    public static var frameInterval: Double { 0.016 }
    /// Event-driven frames this close together, this many in a row, make a flood (a pair does not).
    public static var floodFrames: Int { 3 }

    /// How the viewer was left.
    public struct End: Equatable, Sendable {
        public var code: Int32
        public var farewell: String?
    }

    /// Runs until an `exit` effect; the app keeps the final state (model, saved files).
    public func run(_ app: inout ViewerApp) -> End {
        var quickFrames = 0
        let size = screen.size
        _ = app.update(.resized(columns: size.columns, rows: size.rows), now: now())
        while true {
            let (arrivals, arrived) = inbox.drain()
            var messages = arrivals
            let keysRead = ContinuousClock.now
            let (keys, resized) = screen.readKeys()
            // The size is held once, in the state: a resize is a message like any other.
            let measured = screen.size
            if resized || measured != app.ui.size {
                messages.append(.resized(columns: measured.columns, rows: measured.rows))
            }
            messages += keys.map(ViewerMessage.key)
            var next = 0
            while next < messages.count {
                let message = messages[next]
                next += 1
                let effects = app.update(message, now: now())
                // What the update said is on screen; the log keeps it too.
                for case .notice(let notice) in app.takeSaid() { Diagnostics.record(notice, standardError: false) }
                for effect in effects {
                    if case .exit(let code, let farewell) = effect { return End(code: code, farewell: farewell) }
                    messages += performer.perform(effect, app: app, screen: screen)
                }
            }
            screen.draw(app.frame(now: now()))
            trace?.frame(eventsArrived: arrived, keysRead: keys.isEmpty ? nil : keysRead)
            let drawn = ContinuousClock.now
            let woke = screen.wait(inbox: inbox, seconds: app.secondsUntilChange(now: now()))
            // Under a flood of events, at most one frame per refresh period: wait out the rest
            // of it watching only the keyboard, then take everything that arrived at once.
            let sinceFrame = (ContinuousClock.now - drawn).inSeconds
            quickFrames = woke.inbox && !woke.keys && sinceFrame < Self.frameInterval ? quickFrames + 1 : 0
            if quickFrames >= Self.floodFrames { screen.waitForKey(seconds: Self.frameInterval - sinceFrame) }
        }
    }
}

/// Performs the effects of the update function: the source (session or replay), the
/// speech player, the saved files, the screen, the log.
public struct EffectPerformer: Sendable {
    public let commands: SourceCommands
    public let speech: SpeechControl?
    public let saving: SaveTarget
    public let token: String

    public init(commands: SourceCommands, speech: SpeechControl?, saving: SaveTarget, token: String) {
        self.commands = commands
        self.speech = speech
        self.saving = saving
        self.token = token
    }

    /// Does it; returns what it has to tell the app (a save's result).
    public func perform(_ effect: ViewerEffect, app: ViewerApp, screen: some ViewerScreen) -> [ViewerMessage] {
        switch effect {
        case .exit:
            break  // the loop's
        case .selectLanguage(let language):
            commands.send(.selectLanguage(language))
        case .setSpeech(let on):
            commands.send(.setSpeech(on))
        case .pace(let pace):
            commands.send(.pace(pace))
        case .save(let language):
            guard app.model.transcript.holdsWords else { return [.note("nothing has been received yet: there is nothing to save", .info)] }
            let path = saving.pathForKey(token: token)
            do {
                try saving.write(app.model, to: path, token: token, language: language)
                // As --save says on leaving: sentences missed are in it (or, in SRT, cannot be).
                let missed = SaveTarget.missedNote(app.model, format: saving.shape.format(for: path))
                return [.saved(path)] + (missed.map { [.note($0, .warning)] } ?? [])
            } catch let error as UserFacingError {
                return [.saveFailed(error.message)]
            } catch {
                return [.saveFailed("cannot save: \(error)")]
            }
        case .mute(let muted):
            speech?.setMuted(muted)
        case .skipSpeech:
            speech?.skip()
        case .volume(let volume):
            speech?.setVolume(volume)
        case .redraw:
            screen.invalidate()
        case .suspend:
            Log.viewer.info("suspended (Ctrl-Z)")
            screen.suspend()
            Log.viewer.info("continued")
            screen.invalidate()
        case .answerPassword(let prompt, let password):
            prompt.answer(password)
        case .askPassword:
            break  // the box is open (ViewerUI.passwordEntry): keys answer it
        }
        return []
    }
}

/// What the viewer asks of its source, in the order it asked: one task carries them out.
public final class SourceCommands: Sendable {
    public enum Command: Equatable, Sendable {
        case selectLanguage(String)
        case setSpeech(Bool)
        case pace(ReplayPace)
    }

    public let stream: AsyncStream<Command>
    private let continuation: AsyncStream<Command>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Command.self)
    }

    public func send(_ command: Command) { continuation.yield(command) }
    public func finish() { continuation.finish() }

    /// Carries the commands out on `source` until `finish`.
    public func forward(to source: any ViewerSource) async {
        for await command in stream {
            switch command {
            case .selectLanguage(let language): await source.selectLanguage(language)
            case .setSpeech(let on): await source.setSpeech(on)
            case .pace(let pace): await source.pace(pace)
            }
        }
    }
}
