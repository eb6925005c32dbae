import Foundation
import Testing

/// Two views, one story, on the real program: what plain mode printed and the full screen kept
/// to itself (issue "One update, two views"). Both views now say it, from one update function.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct TwoViewsTmuxTests {
    /// Details that name no languages yet (the broadcast had not started), then a stream that does.
    static let languagesLater = #"{"broadcast":{"name":"Not yet","recognition_mode":"multi_speaker","phase":"live","translation_languages":[]}}"# + "\n"
        + #"""
        {"at":0.1,"event":"connected","data":{"phase":"live","available_langs":["en-US","ja-JP"],"recognition_mode":"multi_speaker"}}
        {"at":0.2,"event":"origin","data":{"sid":1,"text":"大家好，歡迎。","is_final":true,"language":"zh-TW","speaker_id":"Guest-1","speaker_label":"Guest-1","start_time":"00:01"}}
        {"at":0.3,"event":"translation","data":{"sid":1,"language":"en-US","text":"Hello and welcome.","is_final":true}}
        {"at":0.3,"event":"translation","data":{"sid":1,"language":"ja-JP","text":"ようこそ。","is_final":true}}
        {"at":1.0,"event":"speaker_renamed","data":{"speaker_id":"Guest-1","new_label":"陳主任","affected_sids":[1]}}
        {"at":60,"event":"ended","data":{"message":"Broadcast has ended"}}
        """# + "\n"

    /// `--lang fr-FR`: the full screen showed "… (fr-FR)" for ever and said nothing; `l` skipped en-US.
    @Test func aLanguageNotOfferedIsSaidOnTheFullScreenAndLGoesToTheFirst() throws {
        let sim = try Simulator(["--scenario", try scenarioFile(Self.languagesLater)])
        let tmux = try Tmux(columns: 120, rows: 30, command: viewerCommand(sim, "--lang fr-FR --no-autosave"))
        tmux.waitFor("fr-FR is not offered by this broadcast")
        try tmux.keys("i")
        tmux.waitFor("Notices, newest first")
        #expect(tmux.screen.contains("! fr-FR is not offered by this broadcast (it offers en-US, ja-JP)"))
        try tmux.keys("q", "l")
        tmux.waitFor("Hello and welcome.")
        try tmux.keys("q")
        tmux.waitFor("EXIT=0")
    }

    /// A rename: plain mode printed it; the full screen changed the labels and said nothing, not even under `i`.
    @Test func aRenameIsSaidOnTheFullScreen() throws {
        let sim = try Simulator(["--scenario", try scenarioFile(Self.languagesLater)])
        let tmux = try Tmux(columns: 120, rows: 30, command: viewerCommand(sim, "--lang en-US --no-autosave"))
        tmux.waitFor("speaker Guest-1 is now 陳主任")
        try tmux.keys("i")
        tmux.waitFor("Notices, newest first")
        #expect(tmux.screen.contains("speaker Guest-1 is now 陳主任"))
        try tmux.keys("q", "q")
        tmux.waitFor("EXIT=0")
        // Plain mode says it in the same words.
        let quick = Self.languagesLater.replacingOccurrences(of: #"{"at":60,"#, with: #"{"at":1.2,"#)
        let plain = try viewer(["a3f9", "--lang", "en-US", "--no-autosave"], against: try Simulator(["--scenario", try scenarioFile(quick)]))
        #expect(plain.stdout.contains("# speaker Guest-1 is now 陳主任\n"))
    }
}
