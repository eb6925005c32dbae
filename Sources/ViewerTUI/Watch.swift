import ArgumentParser
import BroadcastCore

/// Watch a live broadcast (the default command).
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a live broadcast (the default: `vas-view TOKEN` is `vas-view watch TOKEN`)."
    )

    @Argument(help: "The broadcast's share token: four characters, a-z and 0-9 (e.g. a3f9).")
    var token: String

    @Option(help: "The translation language to show, e.g. en-US.")
    var lang: String?

    func validate() throws {
        guard VASAssumptions.isValidToken(token) else {
            throw ValidationError("'\(TextSanitizer.clean(token))' is not a broadcast token: a token is four characters, a-z and 0-9, like a3f9.")
        }
    }

    func run() async throws {
        Diagnostics.error("live viewing is not available in this build yet; try `vas-view replay FILE` on a recorded stream.")
        throw ArgumentParser.ExitCode(ExitCode.failure)
    }
}
