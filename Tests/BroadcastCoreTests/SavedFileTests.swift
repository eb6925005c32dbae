import Foundation
import Testing
@testable import BroadcastCore
import TestSupport
@testable import BroadcastModel
#if canImport(Glibc)
import Glibc
#endif

/// How files are written, unit by unit: the saved file, the raw recording, the journal (make mutants runs these).
@Suite struct SavedFileTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vas-lost-\(UUID())").path

    init() throws { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o7777
    }

    func entries() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }

    @Test func aNewFileIsPrivateAndAReplacedOneKeepsItsMode() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fresh = folder + "/new.txt"
        try SavedFile.write(to: fresh) { $0("hello\n") }
        #expect(mode(fresh) == 0o600)
        let shared = folder + "/shared.txt"
        try "old".write(toFile: shared, atomically: true, encoding: .utf8)
        chmod(shared, 0o644)
        try SavedFile.write(to: shared) { $0("new\n") }
        #expect(mode(shared) == 0o644)
        #expect(try String(contentsOfFile: shared, encoding: .utf8) == "new\n")
        #expect(entries() == ["new.txt", "shared.txt"])  // no part file left
    }

    @Test func theSameFileIsFoundByDeviceAndInode() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/j.jsonl"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        symlink(file, folder + "/link")
        link(file, folder + "/hard")
        try "x".write(toFile: folder + "/other", atomically: true, encoding: .utf8)
        #expect(OutputPath.sameFile(file, file))
        #expect(OutputPath.sameFile(file, folder + "/link"))
        #expect(OutputPath.sameFile(folder + "/hard", file))
        #expect(OutputPath.sameFile(folder + "/./j.jsonl", file))
        #expect(!OutputPath.sameFile(file, folder + "/other"))  // same content, another file
        #expect(!OutputPath.sameFile(file, folder + "/missing"))
        #expect(OutputPath.isItsOwnInput(output: folder + "/link", input: file, what: "-o")?.contains("is the file being read") == true)
        #expect(OutputPath.isItsOwnInput(output: folder + "/other", input: file, what: "-o") == nil)
    }

    /// From the try-out: --save through a symlink replaced the link with a file and left its target.
    @Test func aLinkIsWrittenThroughAndStaysALink() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "old".write(toFile: folder + "/keep.json", atomically: true, encoding: .utf8)
        symlink("keep.json", folder + "/link.json")  // relative, as people make them
        try SavedFile.write(to: folder + "/link.json") { $0("new") }
        #expect(try String(contentsOfFile: folder + "/keep.json", encoding: .utf8) == "new")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.json")) == "keep.json")
        symlink("later.json", folder + "/dangling.json")  // a link to a file not made yet makes it
        try SavedFile.write(to: folder + "/dangling.json") { $0("made") }
        #expect(try String(contentsOfFile: folder + "/later.json", encoding: .utf8) == "made")
        #expect(entries() == ["dangling.json", "keep.json", "later.json", "link.json"])
    }

    @Test func partFilesOfAKilledRunAreNamedNeverRemoved() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dead: Int32 = 999_999  // above any pid_max: no such process
        let part = folder + "/keep.srt.vas-view-\(dead)-7.part"
        try "half".write(toFile: part, atomically: true, encoding: .utf8)
        try "mine".write(toFile: folder + "/keep.srt.vas-view-\(getpid())-1.part", atomically: true, encoding: .utf8)  // this run's own
        try "other".write(toFile: folder + "/other.srt.vas-view-\(dead)-1.part", atomically: true, encoding: .utf8)
        #expect(OutputPath.leftovers(beside: folder + "/keep.srt") == [part])
        #expect(FileManager.default.fileExists(atPath: part))
    }

    @Test func aLogIsNeverMixedIntoAnotherFile() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "1\n00:00:01,000 --> 00:00:02,000\nHi\n".write(toFile: folder + "/talk.srt", atomically: true, encoding: .utf8)
        try "2026-12-06T03:00:00Z INFO vas-view: watching\n".write(toFile: folder + "/old.log", atomically: true, encoding: .utf8)
        try "".write(toFile: folder + "/empty.log", atomically: true, encoding: .utf8)
        #expect(OutputPath.logProblem(folder + "/talk.srt")?.contains("not a vas-view log") == true)
        #expect(OutputPath.logProblem(folder + "/old.log") == nil)
        #expect(OutputPath.logProblem(folder + "/empty.log") == nil)
        #expect(OutputPath.logProblem(folder + "/new.log") == nil)
    }

    /// From the second try-out: `--save c.txt --record-raw ./c.txt` were two outputs.
    @Test func oneFileHoweverItIsSpelt() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/work", withIntermediateDirectories: true)
        #expect(OutputPath.samePlace(folder + "/work/c.txt", folder + "/work/./c.txt"))
        #expect(OutputPath.samePlace(folder + "/work/c.txt", folder + "/work/../work/c.txt"))
        symlink(folder + "/work", folder + "/link")
        #expect(OutputPath.samePlace(folder + "/link/c.txt", folder + "/work/c.txt"))
        #expect(!OutputPath.samePlace(folder + "/work/c.txt", folder + "/work/d.txt"))
    }

    @Test func aWAVReplacesOnlyAWAV() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #"{"format":"vas-view-transcript"}"#.write(toFile: folder + "/t.json", atomically: true, encoding: .utf8)
        try "RIFF....WAVE".write(toFile: folder + "/old.wav", atomically: true, encoding: .utf8)
        #expect(OutputPath.notA(wav: folder + "/t.json")?.contains("not a WAV file") == true)
        #expect(OutputPath.notA(wav: folder + "/old.wav") == nil)
        #expect(OutputPath.notA(wav: folder + "/new.wav") == nil)
    }

    @Test func aJournalIsNeverAnOutput() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let journal = folder + "/a3f9.jsonl"
        try (Journal.header(token: "a3f9", server: "http://x", date: UTCTime(secondsSince1970: 0)) + "\n").write(toFile: journal, atomically: true, encoding: .utf8)
        #expect(OutputPath.problem(journal)?.contains("autosave journal") == true)
        let transcript = folder + "/t.jsonl"
        try #"{"format":"vas-view-transcript-lines","version":1}"#.write(toFile: transcript, atomically: true, encoding: .utf8)
        #expect(OutputPath.problem(transcript) == nil)
    }

    @Test func aRawRecordingThatReceivedNothingLeavesTheEarlierOne() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/keep.sse"
        try "event: origin\ndata: {}\n\n".write(toFile: path, atomically: true, encoding: .utf8)
        let recorder = try RawRecorder(path: path)
        recorder.connectionEnded()
        recorder.connectionEnded()
        #expect(recorder.close() == .nothingReceived(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "event: origin\ndata: {}\n\n")
        #expect(entries() == ["keep.sse"])
    }

    @Test func aNewRawRecordingIsInPlaceAtItsFirstBytes() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/new.sse"
        let recorder = try RawRecorder(path: path)
        #expect(!FileManager.default.fileExists(atPath: path))
        recorder.received(Array("event: queued\ndata: {\"position\":3}\n\n".utf8))
        #expect(FileManager.default.fileExists(atPath: path))  // a kill -9 now leaves it where asked
        recorder.connectionEnded()
        recorder.received(Array("event: origin\ndata: {\"sid\":2}\n\n".utf8))
        #expect(recorder.close() == .kept(path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"position\":3") && text.contains(":@reconnect\n") && text.contains("{\"sid\":2}"))
        #expect(mode(path) == 0o600)
        #expect(entries() == ["new.sse"])
    }

    /// An earlier recording is replaced only by one that holds something said: a queue or a
    /// standby left before the start is not worth more than a talk.
    @Test func anEarlierRecordingIsReplacedOnlyOnceWordsArrive() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/keep.sse"
        try "an earlier talk".write(toFile: path, atomically: true, encoding: .utf8)
        let queue = try RawRecorder(path: path)
        queue.received(Array("event: queued\ndata: {\"position\":3}\n\n".utf8))
        queue.connectionEnded()
        #expect(queue.close() == .nothingReceived(path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "an earlier talk")
        let talk = try RawRecorder(path: path)
        talk.received(Array("event: origin\ndata: {\"sid\":1,\"text\":\"一\"}\n\n".utf8))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "an earlier talk")
        talk.wordsArrived()
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"sid\":1"))  // in place at once
        #expect(talk.close() == .kept(path))
        #expect(entries() == ["keep.sse"])
    }

    @Test func aNewRawRecordingThatReceivedNothingIsNeverMade() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/never.sse"
        let recorder = try RawRecorder(path: path)
        recorder.connectionEnded()
        #expect(recorder.close() == .nothingReceived(path))
        #expect(entries().isEmpty)
    }

    /// An existing file is replaced by a new one made beside it: its folder must take one.
    /// (/proc/self/comm is a file root may write, in a folder where no file can be made.)
    @Test func anExistingFileInAFolderThatTakesNoNewFileIsAProblem() {
        #expect(OutputPath.problem("/proc/self/comm")?.contains("in the folder '/proc/self'") == true)
    }

    @Test func aDeviceIsWrittenAsItIs() throws {
        let recorder = try RawRecorder(path: "/dev/null")
        recorder.received(Array("x".utf8))
        recorder.wordsArrived()
        #expect(recorder.close() == .kept("/dev/null"))
        var info = stat()
        stat("/dev/null", &info)
        #expect(info.st_mode & S_IFMT == S_IFCHR)  // still the device
    }
}

/// A full disk under the journal is said at once, once (the viewer keeps the transcript in memory).
@Suite struct JournalFullDiskTests {
    @Test func aWriteErrorIsTakenOnce() throws {
        let writer = try JournalWriter(path: "/dev/full", header: "{}")
        writer.record([origin(1, "一。")])
        let failure = writer.takeNewFailure()
        #expect(failure?.contains("No space left on device") == true)
        #expect(writer.takeNewFailure() == nil)
        #expect(writer.close() == failure)
    }
}

/// `--tts-wav`: an earlier WAV is replaced only once a sentence was played into the new one.
@Suite struct WAVWriterTests {
    @Test func anEarlierFileStaysUntilASentenceIsIn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vas-wav-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/said.wav"
        try "earlier audio".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o640)
        do {
            let silent = try WAVWriter(path: path, rate: 22050, channels: 1)
            silent.commit()
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier audio")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["said.wav"])  // its part file is gone
        let writer = try WAVWriter(path: path, rate: 22050, channels: 1)
        [Int16](repeating: 7, count: 100).withUnsafeBufferPointer { writer.append($0) }
        writer.commit()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(bytes.count == 44 + 200)
        #expect(bytes.prefix(4) == Data("RIFF".utf8))
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o640)
    }

    /// A WAV that cannot be made says why in one sentence (not the error's dump).
    @Test func aWAVThatCannotBeMadeSaysWhy() {
        do {
            _ = try WAVWriter(path: "/nonexistent-folder/said.wav", rate: 22050, channels: 1)
            Issue.record("made a WAV in a folder that does not exist")
        } catch {
            #expect(error == .device("cannot write 'said.wav': the folder '/nonexistent-folder' does not exist. Save into a folder you can write to."))
        }
    }

    /// `s` in a folder that takes no new file (/proc says "No such file or directory" for any):
    /// the folder is named as a whole path, with the real reason.
    @Test func aFolderThatTakesNoFileIsNamedWhole() throws {
        let error = SavedFile.failure("talk.txt", ENOENT)
        let here = FileManager.default.currentDirectoryPath
        #expect(error.message == "cannot write 'talk.txt': no file can be made in the folder '\(here)' (No such file or directory). Save into a folder you can write to.")
        #expect(SavedFile.failure("/proc/talk.txt", ENOENT).message.contains("no file can be made in the folder '/proc' (No such file or directory)"))
        #expect(SavedFile.failure("/a/b/c.txt", ENOSPC).message == "cannot write '/a/b/c.txt': No space left on device.")
    }
}
