import BroadcastCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The password typed at the controlling terminal with echo off — works even
/// when standard output is a pipe.
struct TerminalPassword: PasswordSource {
    let broadcast: String
    var canAskAgain: Bool { true }
    var name: String { "the password typed" }

    func password(_ reason: PasswordReason) async -> String? {
        let prompt: String = switch reason {
        case .required: "Password for broadcast \(broadcast): "
        case .rejected(let left): "Wrong password (\(left) \(left == 1 ? "try" : "tries") left). Password: "
        case .changed: "The host changed the password. New password: "
        }
        // While the full-screen viewer runs, its thread leaves curses to ask.
        if let inbox = PromptRouter.current { return await inbox.askPassword(prompt) }
        return Self.read(prompt: prompt)
    }

    /// Reads one line from /dev/tty without echo; nil when there is no terminal.
    static func read(prompt: String) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
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
        while Glibc.read(fd, &byte, 1) == 1 {
            if byte == 0x0A || byte == 0x0D { break }
            line.append(byte)
            if line.count > 4096 { break }
        }
        return String(decoding: line, as: UTF8.self)
    }
}

/// `--password-file FILE`: the first line of the file.
struct FilePassword: PasswordSource {
    let path: String
    var canAskAgain: Bool { false }
    var name: String { "the password in \(path)" }

    func password(_ reason: PasswordReason) async -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return Self.firstLine(data)
    }

    static func firstLine(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self)
        return String(text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).first ?? "")
    }
}

/// `--password-stdin`: one line of standard input per ask, so a script can
/// give the next password after a change.
final class StandardInputPassword: PasswordSource, @unchecked Sendable {
    private let lock = NSLock()
    var canAskAgain: Bool { true }
    var name: String { "the password from standard input" }

    func password(_ reason: PasswordReason) async -> String? {
        lock.withLock {
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
struct EnvironmentPassword: PasswordSource {
    let value: String
    var canAskAgain: Bool { false }
    var name: String { "the password in VAS_PASSWORD" }
    func password(_ reason: PasswordReason) async -> String? { value }
}
