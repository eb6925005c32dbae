import Foundation
import Testing
@testable import BroadcastCore

/// Output paths are checked before anything starts.
@Suite struct OutputPathTests {
    /// Found by a new user: `--save /proc/talk.srt` passed the check (root may "access" anything),
    /// the broadcast was watched to its end, and only then did the save fail.
    @Test func aFolderWhereNoFileCanBeMadeIsSaidAtOnce() throws {
        try #require(FileManager.default.fileExists(atPath: "/proc/self"))
        let problem = try #require(OutputPath.problem("/proc/talk.srt"))
        #expect(problem.contains("'/proc'"))
    }

    @Test func aWritableFolderPassesAndKeepsNoProbe() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vas-out-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(OutputPath.problem(folder.appendingPathComponent("talk.srt").path) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        #expect(OutputPath.problem(folder.appendingPathComponent("missing/talk.srt").path)?.contains("does not exist") == true)
        #expect(OutputPath.problem(folder.path) == "it is a folder")
    }
}
