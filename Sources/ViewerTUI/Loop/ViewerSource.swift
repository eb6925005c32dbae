import BroadcastCore
import FoundationEssentials
import BroadcastModel

/// What the full-screen viewer watches: a live session, or a recording replayed.
public protocol ViewerSource: Sendable {
    /// Everything to show, in order; finishes after `.finished`.
    var updates: AsyncStream<SessionUpdate> { get }
    /// Runs until the end; cancel the calling task to stop.
    func run() async -> SessionOutcome
    func selectLanguage(_ language: String?) async
    func setSpeech(_ on: Bool) async
    /// A replay's pause and speed (live sources ignore it).
    func pace(_ pace: ReplayPace) async
    /// The front end has applied an update: a live session reads on if it waited for that
    /// (`FlowGate`). Every front end says it of every update it takes.
    func taken(_ update: SessionUpdate)
}

extension BroadcastSession: ViewerSource {
    public func pace(_ pace: ReplayPace) async {}
}

extension ReplaySource: ViewerSource {
    /// A replay reads its file at its own pace: nothing waits.
    public nonisolated func taken(_ update: SessionUpdate) {}
}
