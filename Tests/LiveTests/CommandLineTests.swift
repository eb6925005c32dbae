import Foundation
import Testing

/// Wrong input on the command line — a file of the wrong kind, a folder, an empty password
/// file, a number out of range — is refused with one sentence, exit 2.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct CommandLineTests {
    /// Issue "Nothing silent", B.10: a file that is not a journal or a recording is refused with one sentence.
    @Test func wrongFilesAreRefused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try "[00:01] 大家好\n  → Hello\n".write(toFile: folder.path("talk.txt"), atomically: true, encoding: .utf8)
        try "1\n00:00:01,000 --> 00:00:04,000\nHello\n\n".write(toFile: folder.path("talk.srt"), atomically: true, encoding: .utf8)
        for (arguments, says) in [(["export", folder.path("talk.txt")], "is neither an autosave journal nor a recording"),
                                  (["replay", folder.path("talk.srt"), "--instant"], "is not a vas-view recording"),
                                  (["events", folder.path("talk.txt")], "is not an event stream"),
                                  (["export", folder.path("talk.srt"), "-o", folder.path("out.vtt")], "is neither an autosave journal nor a recording")] {
            let run = try runViewer(arguments)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains(says), "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path("out.vtt")))
        // A subtitle language the transcript lacks: exit 2, listing what it has.
        let recording = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/demo-broadcast.sse").path
        let french = try runViewer(["export", recording, "--format", "srt", "--subtitle-lang", "fr-FR"])
        #expect(french.status == 2)
        #expect(french.stderr == "vas-view: --subtitle-lang fr-FR: the transcript has no such translation; it has: en-US, ja-JP.\n")
    }

    /// Found by a new user: a folder, an empty password file, a negative number, a save onto a folder.
    @Test func moreWrongInputIsSaidInOneSentence() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for command in ["export", "replay", "events"] {
            let run = try runViewer([command, folder.path("")])
            #expect(run.status == 2, "\(command)")
            #expect(run.stderr == "vas-view: '\(folder.path(""))' is a folder: give a file in it.\n", "\(command)")
        }
        try "".write(toFile: folder.path("empty-pw"), atomically: true, encoding: .utf8)
        let empty = try runViewer(["a3f9", "--password-file", folder.path("empty-pw")])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("the --password-file '\(folder.path("empty-pw"))' is empty: its first line is the password."))
        let negative = try runViewer(["a3f9", "--tts", "--tts-max-lag", "-3"])
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--tts-max-lag must be a number of seconds, more than 0 and at most 600"))
        let ontoFolder = try runViewer(["a3f9", "--save", folder.path("")])
        #expect(ontoFolder.status == 2)
        #expect(ontoFolder.stderr.contains("it is a folder"))
        try "hello\n".write(toFile: folder.path("notes.txt"), atomically: true, encoding: .utf8)
        let export = try runViewer(["export", folder.path("notes.txt")])
        #expect(export.stderr.contains("is neither an autosave journal nor a recording"))
    }
}
