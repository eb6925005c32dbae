import BroadcastCore
import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Buffered standard output. A closed pipe (`| head`) is quiet; any other failure (a full
/// disk, `> /dev/full`) is said once on standard error. A short command ends there (exit 0 for
/// a closed pipe, 1 otherwise); a viewing (`endsProgram: false`) looks at `failure` and stops
/// the way it stops for Ctrl-C, so that `--save`, the journal and the recording are kept.
public final class StandardOutput: BufferedWriter {
    private let endsProgram: Bool
    private var said = false

    public init(endsProgram: Bool = true) {
        self.endsProgram = endsProgram
        signal(SIGPIPE, SIG_IGN)
        super.init(fd: 1)
    }

    @discardableResult
    override public func flush() -> Int32? {
        guard let failure = super.flush() else { return nil }
        if failure != EPIPE, !said {
            said = true
            Diagnostics.error("cannot write to standard output: \(String(cString: strerror(failure))).")
        }
        if endsProgram { exit(Self.exitCode(for: failure)) }
        return failure
    }

    /// A reader that went away (`| head`) is not a failure; anything else is.
    public static func exitCode(for failure: Int32) -> Int32 {
        failure == EPIPE ? ExitStatus.ended : ExitStatus.failure
    }
}
