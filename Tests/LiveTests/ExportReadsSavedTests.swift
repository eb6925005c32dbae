import Foundation
import Testing
import TestSupport

/// `vas-view export` reads what vas-view writes (issue "Nothing lost", A6): a transcript saved as
/// .json or .jsonl turns into subtitles exactly as the viewing that saved it would have written them.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct ExportReadsSavedTests {
    let demo = Fixtures.url("demo-broadcast.sse").path

    /// The demo replayed, saved to `name`.
    func save(_ name: String, in folder: TemporaryFolder) throws -> String {
        let run = try runViewer(["replay", demo, "--instant", "--save", folder.path(name)])
        #expect(run.status == 0, "\(name): \(run.stderr)")
        return try String(contentsOfFile: folder.path(name), encoding: .utf8)
    }

    @Test func aSavedTranscriptExportsAsTheViewingWouldHaveSavedIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try save("x.json", in: folder)
        _ = try save("x.jsonl", in: folder)
        let srt = try save("y.srt", in: folder)
        let vtt = try save("y.vtt", in: folder)
        #expect(srt.replacingOccurrences(of: "\n", with: " ").contains("王經理: Hello everyone, welcome to today's presentation."))
        for (input, format, expected) in [("x.json", "srt", srt), ("x.jsonl", "vtt", vtt), ("x.json", "vtt", vtt), ("x.jsonl", "srt", srt)] {
            let run = try runViewer(["export", folder.path(input), "--format", format])
            #expect(run.status == 0, "\(input) → \(format)")
            #expect(run.stderr == "", "\(input) → \(format)")
            #expect(run.stdout == expected, "\(input) → \(format)")
        }
        // To a file, and the saved JSON itself again.
        let written = try runViewer(["export", folder.path("x.jsonl"), "-o", folder.path("z.json")])
        #expect(written.status == 0)
        #expect(written.stderr == "vas-view: written to \(folder.path("z.json"))\n")  // says where
        #expect(try String(contentsOfFile: folder.path("z.json"), encoding: .utf8) == (try String(contentsOfFile: folder.path("x.json"), encoding: .utf8)))
    }

    @Test func aSavedTextTranscriptIsRefusedNamingWhatExportReads() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        _ = try save("x.txt", in: folder)
        let run = try runViewer(["export", folder.path("x.txt"), "--format", "srt"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("export reads a journal"))
        #expect(run.stderr.contains("what --record-raw kept"))
        #expect(run.stderr.contains("a transcript vas-view saved as .json or .jsonl"))
    }
}
