import BroadcastCore
import BroadcastModel
import Dispatch
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C and SIGTERM: remembered, and handed to a callback, so that the
/// program can finish cleanly (print what it has, save) and exit 130 or 143.
public final class Interrupts: @unchecked Sendable {
    private let lock = Lock()
    private var signalNumber: Int32?
    private var sources: [any DispatchSourceSignal] = []

    /// The signal that arrived, if any.
    public var received: Int32? { lock.withLock { signalNumber } }
    public var isSet: Bool { received != nil }

    /// The exit code for the signal that arrived (128 + its number).
    public var exitCode: Int32 { 128 + (received ?? SIGINT) }

    /// `onSignal` is given the exit code (130, 143) the first time a signal arrives.
    public static func install(_ onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) -> Interrupts {
        let interrupts = Interrupts()
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let first = interrupts.lock.withLock { () -> Bool in
                    defer { if interrupts.signalNumber == nil { interrupts.signalNumber = number } }
                    return interrupts.signalNumber == nil
                }
                if first { onSignal(128 + number) }
            }
            source.resume()
            interrupts.sources.append(source)
        }
        return interrupts
    }
}
