/// Keeps the exact bytes received, for `replay` and bug reports.
public protocol RawSink: Sendable {
    func received(_ bytes: [UInt8])
    /// One connection ended (its unfinished event must not merge with the next).
    func connectionEnded()
    /// Why keeping the bytes stopped (a full disk), once: the session says it at once.
    func takeNewFailure() -> String?
    /// What arrived carries something said (it makes the recording worth keeping).
    func wordsArrived()
}
