import BroadcastCore
import BroadcastModel

/// What every session update passes through on its way to a front end, in both modes:
/// the log, speech (before the UI, so a frame never delays it), the autosave journal.
public struct UpdateTaps: Sendable {
    public let speech: SpeechControl?
    public let autosave: Autosave?

    /// Returns what happened to the journal, if anything did.
    public func see(_ update: SessionUpdate) -> Autosave.News? {
        Log.record(update)
        speech?.feed(update)
        return autosave?.see(update)
    }
}
