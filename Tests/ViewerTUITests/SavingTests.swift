import Foundation
import Testing
import TestSupport
import BroadcastModel
@testable import ViewerTUI

/// Found by a new user: a stream asked for en-US offers ja-JP but carries none of it;
/// `export --subtitle-lang ja-JP` wrote the originals as if they were Japanese, and said nothing.
@Suite struct OfferedIsNotHeldTests {
    func enOnly() -> Broadcast {
        var model = Broadcast()
        model.apply(.connected(Connected(availableLanguages: ["en-US", "ja-JP"], phase: .live, recognitionMode: .single)))
        model.apply(origin(1, "大家好。"))
        model.apply(translation(1, "en-US", "Hello."))
        return model
    }

    @Test func aLanguageOnlyOfferedIsRefusedSayingWhatIsHeld() {
        let model = enOnly()
        #expect(model.transcript.translatedLanguages == ["en-US"])
        #expect(throws: UserFacingError(message: "--subtitle-lang ja-JP: the transcript has no such translation; it has: en-US.", code: ExitStatus.usage)) {
            try TranscriptShape(subtitleLang: "ja-JP").checkLanguage(in: model)
        }
        #expect(throws: Never.self) { try TranscriptShape(subtitleLang: "en").checkLanguage(in: model) }
    }

    @Test func aRecordingHoldsOnlyWhatWasTranslated() {
        let connected = #"event: connected\#ndata: {"available_langs":["en-US","ja-JP"],"phase":"live"}\#n\#n"#
        let sentence = #"event: origin\#ndata: {"sid":1,"text":"大家好。","is_final":true}\#n\#nevent: translation\#ndata: {"sid":1,"language":"en-US","text":"Hello.","is_final":true}\#n\#n"#
        var model = Broadcast()
        for item in RecordingReader.items(Array((connected + sentence).utf8)) { model.apply(item) }
        #expect(model.transcript.translatedLanguages == ["en-US"])
    }
}

/// Found by a new user: two presses of s in one second wrote one file twice.
@Suite struct SaveKeyPathTests {
    @Test func aSecondSaveInTheSameSecondMakesASecondFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vas-s-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        let target = SaveTarget()
        let first = target.pathForKey(token: "a3f9", date: date, folder: folder)
        #expect(first.hasSuffix(".txt") && !first.hasSuffix("-2.txt"))
        #expect(FileManager.default.createFile(atPath: first, contents: Data()))
        let second = target.pathForKey(token: "a3f9", date: date, folder: folder)
        #expect(second == String(first.dropLast(4)) + "-2.txt")
    }
}

/// Found by trying it as a new user: two broadcasts under one token, the same day, were merged
/// sentence by sentence into one made-up transcript.
@Suite struct JournalKeepsBroadcastsApartTests {
    func journal(_ sessions: [(broadcast: String?, events: [BroadcastEvent])]) -> String {
        let date = UTCTime(secondsSince1970: 1_764_500_000)
        return sessions.flatMap { session in
            [Journal.header(token: "a3f9", server: "https://vas.test", broadcast: session.broadcast, date: date)]
                + session.events.compactMap { Journal.line(for: $0, at: date) }
        }.joined(separator: "\n") + "\n"
    }

    @Test func twoBroadcastsUnderOneTokenStayApart() {
        let contents = Journal.read(journal([
            ("A", [origin(1, "一。"), translation(1, "en-US", "One.")]),
            ("B", [origin(1, "壹。"), translation(1, "ja-JP", "いち。")]),
        ]))
        let segments = contents.model.transcript.segments
        #expect(segments.count == 2)
        #expect(segments.first?.sentences[1]?.original == "一。")
        #expect(segments.first?.sentences[1]?.translations["ja-JP"] == nil)
        #expect(segments.last?.sentences[1]?.original == "壹。")
        #expect(segments.last?.sentences[1]?.translations["en-US"] == nil)
    }

    @Test func theSameBroadcastWatchedTwiceIsMergedNotDoubled() {
        let again = [origin(1, "一。"), translation(1, "en-US", "One.")]
        for ids in [("A", "A"), (nil, nil)] as [(String?, String?)] {
            let contents = Journal.read(journal([(ids.0, again), (ids.1, again + [origin(2, "二。")])]))
            #expect(contents.model.transcript.segments.count == 1)
            #expect(Array(contents.model.transcript.current.sentences.keys) == [1, 2])
        }
    }
}

/// One recording of a transcript taken alone (`export --recording`).
@Suite struct TranscriptRecordingTests {
    /// Found by a second new-user try-out.
    @Test func oneRecordingCanBeTakenAlone() {
        var transcript = Transcript()
        transcript.apply(origin(1, "一。"))
        transcript.apply(.recordingStarted)
        transcript.apply(origin(1, "壹。"))
        #expect(transcript.recordingCount == 2)
        #expect(transcript.only(recording: 2)?.current.sentences[1]?.original == "壹。")
        #expect(transcript.only(recording: 2)?.segments.count == 1)
        #expect(transcript.only(recording: 3) == nil)
    }
}
