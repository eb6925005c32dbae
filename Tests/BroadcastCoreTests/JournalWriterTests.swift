import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel

/// The autosave journal on disk (its format is tested in BroadcastModelTests).
@Suite struct JournalWriterTests {
    @Test func theWriterAppendsSyncsAndNeverTruncates() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vas-journal-\(UUID())/a3f9-2026-11-22.jsonl").path
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        for run in 0..<2 {
            let writer = try JournalWriter(path: path, header: Journal.header(token: "a3f9", server: "http://x", date: .now))
            writer.record([.origin(Origin(sid: run * 2 + 1, text: "partial", isFinal: false)),
                           .origin(Origin(sid: run * 2 + 1, text: "final \(run)"))])
            writer.flush()
            // On disk already, before closing: a crash now loses nothing said so far.
            let now = Journal.read(try String(contentsOfFile: path, encoding: .utf8))
            #expect(now.model.transcript.allSentences.last?.sentence.original == "final \(run)")
            writer.record([.speakerRenamed(SpeakerRenamed(speakerID: "G1", newLabel: "Ann"))])
            #expect(writer.close() == nil)
            #expect(writer.linesWritten == 3)
        }
        let read = Journal.read(try String(contentsOfFile: path, encoding: .utf8))
        #expect(read.model.transcript.allSentences.map(\.sentence.original) == ["final 0", "final 1"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func theDefaultPathFollowsXDG() {
        let date = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
        #expect(JournalWriter.defaultPath(token: "a3f9", date: date, environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"])
                    .hasPrefix("/s/vas-view/a3f9-2026-11-"))
        #expect(JournalWriter.defaultPath(token: "a3f9", date: date, environment: ["HOME": "/h"]).hasPrefix("/h/.local/state/vas-view/a3f9-"))
    }

    /// Found by a new user: two viewers of one broadcast at once appended to one journal, and
    /// its sentences came back interleaved. A journal being written is another's no more.
    @Test func twoViewersAtOnceKeepTwoJournals() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vas-journal-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("a3f9-2026-11-30.jsonl").path
        let header = Journal.header(token: "a3f9", server: "http://x", date: .now)
        let first = try JournalWriter.openOwn(path, header: header)
        let second = try JournalWriter.openOwn(path, header: header)
        #expect(first.path == path)
        #expect(second.path == folder.appendingPathComponent("a3f9-2026-11-30-2.jsonl").path)
        #expect(first.close() == nil)
        let third = try JournalWriter.openOwn(path, header: header)
        #expect(third.path == path)  // closed, it is free again
        #expect(second.close() == nil && third.close() == nil)
    }
}
