import Testing
import TestSupport
@testable import BroadcastModel
@testable import ViewerTUI

/// The issue "Tests that bite", for the screen.
@Suite struct WideGlyphHalvesTests {
    /// Writing over the left half of a wide glyph blanks its right half (the row keeps four columns).
    @Test func overTheLeftHalf() {
        var grid = Grid(columns: 4, rows: 1)
        grid.put("大家", row: 0, column: 0, role: .text)
        grid.put("x", row: 0, column: 2, role: .text)
        #expect(grid.lines == ["大x "])
        #expect(grid.isConsistent)
        #expect(DisplayWidth.of(grid.lines[0]) == 4)
    }

    /// An overlay's box is measured in display columns: a Chinese message is whole.
    @Test func aChineseMessageIsWholeInItsBox() {
        var model = Broadcast()
        model.apply(.connected(Connected(availableLanguages: ["en-US"], phase: .live, recognitionMode: .single)))
        model.apply(origin(1, "一。"))
        model.apply(.paused(message: "主持人暫停了直播，請稍候片刻。"))
        let grid = Renderer.render(model, liveUI(), columns: 80, rows: 24, now: 0)
        #expect(grid.lines.contains { $0.contains("主持人暫停了直播，請稍候片刻。") })
        #expect(grid.isConsistent)
    }
}
