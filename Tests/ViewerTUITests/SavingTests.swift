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
