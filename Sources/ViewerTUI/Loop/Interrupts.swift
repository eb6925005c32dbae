import BroadcastCore
import BroadcastModel
import Dispatch
import FoundationEssentials
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C and SIGTERM: remembered, and handed to a callback, so that the
/// program can finish cleanly (print what it has, save) and exit 130 or 143.
public final class Interrupts: Sendable {
    private let signalNumber = Mutex<Int32?>(nil)
    /// Kept while the program runs; made inside the lock (a signal source is not Sendable,
    /// so it cannot be moved in from outside).
    private let sources = Mutex<[any DispatchSourceSignal]>([])

    /// The signal that arrived, if any.
    public var received: Int32? { signalNumber.withLock { $0 } }
    public var isSet: Bool { received != nil }

    /// The exit code for the signal that arrived (128 + its number).
    public var exitCode: Int32 { 128 + (received ?? SIGINT) }

    /// `onSignal` is given the exit code (130, 143) the first time a signal arrives.
    public static func install(_ onSignal: @escaping @Sendable (Int32) -> Void = { _ in }) -> Interrupts {
        let interrupts = Interrupts()
        interrupts.sources.withLock { sources in
            for number in [SIGINT, SIGTERM, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    let first = interrupts.signalNumber.withLock { signalNumber in
                        defer { if signalNumber == nil { signalNumber = number } }
                        return signalNumber == nil
                    }
                    if first { onSignal(128 + number) }
                }
                source.resume()
                sources.append(source)
            }
        }
        return interrupts
    }
}
