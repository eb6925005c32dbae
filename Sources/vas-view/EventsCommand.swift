import ArgumentParser
import BroadcastCore
import BroadcastModel
import ViewerTUI

/// `vas-view events`: the raw stream as JSON lines — for debugging, and the
/// conformance interface of the SSE parser.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print every event of a raw SSE stream as a JSON line.",
        discussion: """
            Each dispatched event prints {"type": T, "data": D, "id": I}, with I the last event id \
            after the event ("" when none). At the end, {"retry": N} if the stream set a reconnection time.
            """
    )

    @Argument(help: "The stream to read: a file, or - for standard input.", completion: .file())
    var file: String = "-"

    func run() async throws {
        let input = try InputFile(path: file)
        var parser = SSEParser()
        let output = StandardOutput()
        var dispatched = 0
        while let chunk = try input.read() {
            for item in chunk.withUnsafeBytes({ parser.feed($0) }) {
                switch item {
                case .event(let event):
                    dispatched += 1
                    output.write(event.jsonLine)
                case .comment: break
                case .diagnostic(let diagnostic): Diagnostics.warning(diagnostic.description)
                }
            }
        }
        parser.finish()
        guard dispatched > 0 || parser.reconnectionTime != nil else {
            throw UserFacingError(message: "'\(TextSanitizer.clean(file))' is not an event stream: it holds no SSE event (lines such as 'event: origin' and 'data: {…}').",
                                  code: ExitStatus.usage)
        }
        if let retry = parser.reconnectionTime {
            output.write(JSONText.object([("retry", String(retry))]))
        }
        output.flush()
    }
}
