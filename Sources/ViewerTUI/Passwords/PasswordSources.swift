import BroadcastCore
import FoundationEssentials
import BroadcastModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The password typed at the controlling terminal with echo off — works even
/// when standard output is a pipe. The front ends call it when the session sends a
/// `PasswordPrompt` (the source is `ViewerPassword`).
public enum TerminalPassword {
    /// Reads one line from /dev/tty without echo; nil when there is no terminal.
    public static func read(prompt: String) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        waitForPipedOutput(terminal: fd)
        var original = termios()
        let isTerminal = tcgetattr(fd, &original) == 0
        if isTerminal {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            silent.c_lflag |= tcflag_t(ICANON)
            tcsetattr(fd, TCSAFLUSH, &silent)
        }
        defer {
            if isTerminal {
                var restore = original
                tcsetattr(fd, TCSAFLUSH, &restore)
                _ = "\n".withCString { Glibc.write(fd, $0, 1) }
            }
        }
        _ = prompt.withCString { Glibc.write(fd, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            // The terminal and the interrupt pipe: Ctrl-C (ignored as a signal, seen by
            // `Interrupts`) must end the question at once, not when a line is typed next.
            var watched = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: interruption.read, events: Int16(POLLIN), revents: 0)]
            guard poll(&watched, 2, -1) >= 0 || errno == EINTR else { return nil }
            if watched[1].revents != 0 { return nil }
            guard watched[0].revents != 0 else { continue }
            guard Glibc.read(fd, &byte, 1) == 1 else { break }
            if byte == 0x0A || byte == 0x0D { break }
            line.append(byte)
            if line.count > 4096 { break }
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// Ends a question being asked, and any asked after it: the viewer is leaving (Ctrl-C).
    public static func interrupt() {
        var byte: UInt8 = 1
        _ = Glibc.write(interruption.write, &byte, 1)
    }

    /// A pipe that `interrupt` writes to and `read` watches beside the terminal.
    private static let interruption: (read: Int32, write: Int32) = {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return (-1, -1) }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }()
}

extension TerminalPassword {
    /// The longest a prompt waits for the program reading our output (`| tee`) to show it.
    public static let pipeWait: Duration = .milliseconds(300)

    /// When standard output is a pipe to a program that writes to this same terminal
    /// (`vas-view a3f9 | tee talk.txt`), lines printed before the prompt must reach the
    /// screen before it, or they land on the prompt's line. The caller has flushed them
    /// into the pipe: wait (briefly) until the reader has taken them, then until the
    /// terminal has sent what was written to it.
    public static func waitForPipedOutput(terminal: Int32) {
        var info = stat()
        guard fstat(1, &info) == 0, info.st_mode & S_IFMT == S_IFIFO else { return }
        let deadline = ContinuousClock.now + pipeWait
        var unread: Int32 = 0
        while ioctl(1, UInt(FIONREAD), &unread) == 0, unread > 0, ContinuousClock.now < deadline {
            var none = pollfd(fd: -1, events: 0, revents: 0)
            _ = poll(&none, 0, 2)  // the reader is another process: nothing to wait on but time
        }
        tcdrain(terminal)
    }
}

/// `--password-file FILE`: the first line of the file.
public struct FilePassword: PasswordSource {
    public let path: String
    public var canAskAgain: Bool { false }
    public init(path: String) { self.path = path }
    public var name: String { "the password in \(path)" }

    public func password(_ reason: PasswordReason) async -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return Self.firstLine(data)
    }

    public static func firstLine(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self)
        return String(text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).first ?? "")
    }
}

/// `--password-stdin`: one line of standard input per ask, so a script can
/// give the next password after a change.
public final class StandardInputPassword: PasswordSource, Sendable {
    /// Held while a line is read, so that two asks never share one.
    private let reading = Mutex(())
    public var canAskAgain: Bool { true }
    public init() {}
    public var name: String { "the password from standard input" }

    public func password(_ reason: PasswordReason) async -> String? {
        reading.withLock { _ in
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while Glibc.read(0, &byte, 1) == 1 {
                if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
                if byte != 0x0D { line.append(byte) }
            }
            return line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
        }
    }
}

/// `VAS_PASSWORD`.
public struct EnvironmentPassword: PasswordSource {
    public let value: String
    public var canAskAgain: Bool { false }
    public init(value: String) { self.value = value }
    public var name: String { "the password in VAS_PASSWORD" }
    public func password(_ reason: PasswordReason) async -> String? { value }
}
