import ArgumentParser
import BroadcastCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import BroadcastModel
import ViewerTUI

/// `vas-view`: live translated subtitles in the terminal.
@main
struct VasView: AsyncParsableCommand {
    /// The version and the commit it was built from: `0.1.0 (commit 1a2b3c4d5e)`.
    static let version = "\(Program.version) (commit \(BuildInfo.commit))"

    static let configuration = CommandConfiguration(
        commandName: "vas-view",
        abstract: "Watch a VAS broadcast's live subtitles and translation in the terminal.",
        discussion: """
            Examples:
              vas-view a3f9 --lang en-US         English subtitles for broadcast a3f9
              vas-view a3f9 --lang en-US --tts   ... and hear the translation spoken
              vas-view https://HOST/broadcast/a3f9   a share link: its server and token
              vas-view a3f9 --save talk.srt      subtitles of what was said, on exit
              vas-view a3f9 | tee talk.txt       plain lines, kept in a file too
              vas-view replay talk.sse           a --record-raw recording, replayed
              vas-view journals                  the autosave journals, newest first
              vas-view export a3f9 -o t.vtt      a3f9's newest journal as WebVTT
              vas-view config                    the settings and where they come from

            Options for watching: vas-view help watch (or man vas-view).
            Keys in the viewer: ? lists them all; q quits.
            Files: ~/.config/vas-view/config.toml (settings),
              ~/.local/state/vas-view/ (autosave journals, vas-view.log).
            Exit codes: 0 ended or quit, 1 other failure, 2 usage mistake,
              3 authentication, 4 broadcast not found / ended / revoked,
              5 removed by the host, 130 Ctrl-C.
            Manual: man vas-view.
            """,
        version: version,
        subcommands: [WatchCommand.self, ReplayCommand.self, ExportCommand.self, JournalsCommand.self, ConfigCommand.self, EventsCommand.self, SpeakCommand.self],
        defaultSubcommand: WatchCommand.self
    )

    /// ArgumentParser exits 64 on a usage error; vas-view documents 2.
    static func main() async {
        Program.started = .now
        // A closed pipe is an error to handle where it happens (EPIPE), never a signal that kills.
        signal(SIGPIPE, SIG_IGN)
        ProcessResources.useOneMallocArena()
        if let mistake = Typos.mistypedCommand(Array(CommandLine.arguments.dropFirst())) {
            // Before parsing: `vas-view wacth a3f9` would otherwise be "unexpected argument 'a3f9'".
            Diagnostics.error(mistake)
            Glibc.exit(ExitStatus.usage)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as UserFacingError {
            Diagnostics.error(error.message)
            Glibc.exit(error.code)
        } catch {
            if exitCode(for: error) == .validationFailure {
                // One sentence that says what to do, not a usage banner.
                Diagnostics.error(usageMessage(for: error))
                Glibc.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

extension VasView {
    /// ArgumentParser's message for a usage mistake, as a sentence, with where to look.
    static func usageMessage(for error: Error) -> String {
        var text = message(for: error).trimmed
        if text.hasPrefix("Error: ") { text.removeFirst(7) }
        if let first = text.first, first.isUppercase, !text.hasPrefix("Unknown"), !text.hasPrefix("Missing") {
            text = first.lowercased() + text.dropFirst()
        }
        if !text.hasSuffix("."), !text.hasSuffix("?") { text += "." }
        return text + " See 'vas-view --help'."
    }
}

extension TerminalApp {
    /// Runs the full screen to its end (a code other than 0 is thrown as the exit code);
    /// false when this terminal cannot be drawn on, after saying why: plain lines follow.
    func runFullScreen() async throws -> Bool {
        switch await run() {
        case .ran(let code):
            if code != 0 { throw ArgumentParser.ExitCode(code) }
            return true
        case .cannotDraw(let why):
            Diagnostics.warning(why)
            return false
        }
    }
}
