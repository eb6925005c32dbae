import BroadcastCore
import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Buffered standard output. A closed pipe (`| head`) ends the program quietly.
public final class StandardOutput: BufferedWriter {
    public init() {
        signal(SIGPIPE, SIG_IGN)
        super.init(fd: 1)
    }

    @discardableResult
    override public func flush() -> Int32? {
        if let failure = super.flush() { exit(failure == EPIPE ? 0 : ExitStatus.failure) }
        return nil
    }
}
