import BroadcastCore
import BroadcastModel

/// What a key does: the state changes here, and what the world must do is returned
/// (`ViewerEffect`). Keys only ask of the source what it owns (the language, speech, a
/// replay's pace): the screen shows it once the source says so (`SourceControls`).
extension ViewerUI {
    /// A key press: the new state and what to do. `languages` are those the broadcast offers.
    public mutating func handle(_ key: Key, languages: [String], model: Broadcast, now: Double = 0) -> [ViewerEffect] {
        // The answer to the last key goes: it may no longer be true ("no more matches", a layout).
        board.dropAnswerToKey()
        board.answeringKey = true
        defer { board.answeringKey = false }
        if passwordEntry != nil { return editPassword(key) }
        if searching { return editSearch(key, model: model, now: now) }
        if let overlay { return handleOverlay(overlay, key: key, model: model) }
        guard let action = KeyTable.action(for: key) else {
            // Said the first time, so that a key that does nothing is not a mystery; then quiet.
            if !board.unknownKeyHinted {
                board.unknownKeyHinted = true
                say("\(key.name) does nothing here: ? lists the keys", now: now)
            }
            return []
        }
        // Too small to draw: only leaving, suspending and redrawing do anything (nothing unseen opens).
        if !fitsScreen, ![.quit, .suspend, .redraw].contains(action) { return [] }
        let count = model.transcript.current.sentences.count
        switch action {
        case .quit:
            // Quitting a live broadcast is a normal end (0); after an ending, its own code and words.
            let farewell: String? = if case .ended = outcome { nil } else { outcome?.message }
            return [.exit(code: outcome?.exitCode ?? ExitStatus.ended, farewell: farewell)]
        case .help: overlays.open(.help)
        case .showAnnouncements: overlays.open(.announcements)
        case .showNotices: overlays.open(.notices)
        case .dismissAnnouncement:
            guard model.viewer.announcements.count > dismissedAnnouncements else {
                say(model.viewer.announcements.isEmpty ? "no announcement to dismiss (a lists them)" : "the announcement is already dismissed (a lists them)", now: now)
                return []
            }
            overlays.dismissAnnouncements(upTo: model.viewer.announcements.count)
        case .save: return [.save(language: model.language(for: language))]
        case .toggleLayout:
            layout = switch layout { case .auto: .sideBySide; case .sideBySide: .stacked; case .stacked: .auto }
            let chosen = layout == .auto ? "auto (\(effectiveLayout == .sideBySide ? "side by side" : "stacked") at this width)"
                : layout == .sideBySide ? "side by side" : "stacked"
            say("layout: \(chosen)", now: now)
        case .cyclePanes:
            panes = panes == .both ? .original : panes == .original ? .translation : .both
            say(panes == .both ? "panes: both" : panes == .original ? "panes: the original only" : "panes: the translation only", now: now)
        case .nextLanguage, .previousLanguage, .pickLanguage:
            return languageKey(action, languages: languages, model: model, now: now)
        case .toggleSpeech, .mute, .skipSpeech, .volumeUp, .volumeDown:
            return speechKey(action, model: model, now: now)
        case .scrollUp: scroll(by: -1, model: model, now: now)
        case .scrollDown: scroll(by: 1, model: model, now: now)
        case .pageUp: scroll(by: -max(1, page - 1), model: model, now: now)
        case .pageDown: scroll(by: max(1, page - 1), model: model, now: now)
        case .halfPageUp: scroll(by: -max(1, page / 2), model: model, now: now)
        case .halfPageDown: scroll(by: max(1, page / 2), model: model, now: now)
        case .top: if count > 0 { scrolling.anchor(at: 0) } else { scrolling.follow() }
        case .bottom: scrolling.follow()
        case .search: find.start()
        case .nextMatch, .previousMatch:
            jumpToMatch(forward: action == .nextMatch, model: model, now: now)
        case .clearSearch: find.clear()
        case .redraw: return [.redraw]
        case .suspend: return [.suspend]
        case .pause, .faster, .slower:
            return paceKey(action, now: now)
        }
        return []
    }

    /// The height the transcript pages by: the screen's rows less two.
    var page: Int { size.rows - 2 }

    /// The screen is large enough to draw the viewer (else it asks for room, and keys wait);
    /// a size not yet known (0 columns, before the first `resized`) counts as large enough.
    var fitsScreen: Bool { size.columns == 0 || (size.columns >= Renderer.minColumns && size.rows >= Renderer.minRows) }

    private mutating func languageKey(_ action: Action, languages: [String], model: Broadcast, now: Double) -> [ViewerEffect] {
        let current = asked.language ?? model.language(for: language)
        guard let next = Self.language(after: action, current: current, in: languages) else {
            if case .pickLanguage(let n) = action {
                say(languages.isEmpty ? "no translation languages are known yet"
                    : "there is no language \(n): this broadcast offers \(languages.count) (\(languages.joined(separator: ", ")))", now: now)
            }
            return []
        }
        if outcome != nil {
            // The source has ended and says nothing more: the language is the viewer's own now.
            source.chooseAfterEnd(next)
            return []
        }
        // The source owns the language: it is shown once the source says `languageSelected`.
        if speech != .off {
            if let missing = noSpeech(in: next, model: model) { note(missing, level: .warning, now: now) }
            // With speech, the stream is asked for one language: what came meanwhile has no other.
            // Said the first time (and kept in the notices), not at every switch.
            if source.explainSpeechLanguageOnce() {
                say("\(next): with speech on, only the language shown is sent; sentences that came in another have none",
                    keep: true, now: now)
            }
        }
        source.ask(language: next)
        return [.selectLanguage(next)]
    }

    private mutating func paceKey(_ action: Action, now: Double) -> [ViewerEffect] {
        guard var pace = asked.pace ?? replay else {
            say("pause and speed are for replays (vas-view replay FILE)", now: now)
            return []
        }
        guard outcome == nil else {
            say("the replay has ended (q leaves)", now: now)
            return []
        }
        let before = pace
        switch action {
        case .pause: pace.paused.toggle()
        case .faster: pace.speed = min(ReplayPace.range.upperBound, pace.speed * 2)
        default: pace.speed = max(ReplayPace.range.lowerBound, pace.speed / 2)
        }
        guard pace != before else {
            say(action == .faster ? "already the fastest: ×\(pace.speedText)" : "already the slowest: ×\(pace.speedText)", now: now)
            return []
        }
        source.ask(pace: pace)
        if pace.paused, action != .pause { say("×\(pace.speedText) when resumed (p)", now: now) }
        return [.pace(pace)]  // the replay owns its pace: it says `paced`
    }

    /// In an overlay: Esc, q and its own key close it, the scroll keys scroll it, Ctrl-L
    /// redraws; any other key closes it without doing anything else.
    private mutating func handleOverlay(_ overlay: Overlay, key: Key, model: Broadcast) -> [ViewerEffect] {
        let action = KeyTable.action(for: key)
        if action == .redraw { return [.redraw] }
        let lines = Box.overlayRowCount(overlay, model, self, columns: max(columns, Renderer.minColumns), rows: size.rows)
        if !overlays.scroll(action, lines: lines, visible: Box.overlayRows(screenRows: size.rows)) {
            overlays.close()
        }
        return []
    }

    // MARK: - Speech

    /// Why there can be no speech in `language`, if there can't (nil while nothing is known).
    public func noSpeech(in language: String?, model: Broadcast) -> String? {
        model.speech(in: language).problem
    }

    private mutating func speechKey(_ action: Action, model: Broadcast, now: Double) -> [ViewerEffect] {
        if replay != nil {
            say("spoken translation is for live broadcasts", now: now)
            return []
        }
        if outcome != nil {
            say("the broadcast is over: nothing more will be spoken", now: now)
            return []
        }
        if action == .toggleSpeech {
            let on = !(asked.speech ?? (speech != .off))
            if on, let missing = noSpeech(in: model.language(for: language), model: model) {
                say(missing, level: .warning, now: now)
                return []
            }
            source.ask(speech: on)
            return [.setSpeech(on)]  // the session owns it: it says `speech(on:)`
        }
        guard speech != .off else {
            say("spoken translation is off (t turns it on)", now: now)
            return []
        }
        switch action {
        case .mute:
            let muted = speech != .muted
            source.mute(muted)
            if muted { speaking = nil }
            say(muted ? "speech muted (m unmutes)" : "speech unmuted", now: now)
            return [.mute(muted)]
        case .skipSpeech:
            guard let speaking else {
                say("nothing is being said (n skips the sentence being said)", now: now)
                return []
            }
            say("skipped sentence \(speaking.sid)", now: now)
            return [.skipSpeech]
        case .volumeUp, .volumeDown:
            volume = action == .volumeUp ? min(100, volume + 10) : max(0, volume - 10)
            let limit = volume == 100 ? " (the loudest)" : volume == 0 ? " (silent)" : ""
            say(speech == .muted ? "volume \(volume)%\(limit) (still muted: m unmutes)" : "volume \(volume)%\(limit)", now: now)
            return [.volume(volume)]
        default:
            return []
        }
    }

    // MARK: - Typing

    /// Typing a password (`LineEditor`): Enter sends, Esc gives up.
    private mutating func editPassword(_ key: Key) -> [ViewerEffect] {
        guard var entry = passwordEntry else { return [] }
        switch entry.editor.edit(key) {
        case .editing:
            passwordEntry = entry
            return []
        case .submitted(let typed):
            passwordEntry = nil
            return [.answerPassword(entry.prompt, typed)]
        case .cancelled:
            passwordEntry = nil
            return [.answerPassword(entry.prompt, nil)]
        }
    }

    private mutating func editSearch(_ key: Key, model: Broadcast, now: Double) -> [ViewerEffect] {
        guard case .submitted(let query) = find.edit(key), !query.isEmpty else { return [] }
        let hits = matches(in: model)
        guard let first = hits.first else {
            find.found(nil)
            say("not found: \(query)", level: .warning, now: now)
            return []
        }
        scrolling.anchor(at: first)
        find.found(SearchHit(position: 1, count: hits.count))
        return []
    }

    // MARK: - Scrolling and search

    /// Scrolls by lines, resolved at once against the layout the screen draws.
    private mutating func scroll(by lines: Int, model: Broadcast, now: Double) {
        guard model.transcript.current.sentences.count > 0 else { return }
        let before = scrolling.position
        scrolling.move(by: lines, in: TranscriptRegion.lines(model, self, now: now))
        // A key that cannot move the view says why, as less does at its ends.
        if scrolling.position == before {
            say(lines < 0 ? "already at the first sentence" : "already at the newest sentence", now: now)
        }
    }

    /// The sentences (indices in the current recording) whose text on screen contains the search.
    func matches(in model: Broadcast) -> [Int] {
        let shown = model.language(for: language)
        return model.transcript.current.sentences.values.indices.filter {
            Self.matches(model.transcript.current.sentences.values[$0], search, language: shown)
        }
    }

    private mutating func jumpToMatch(forward: Bool, model: Broadcast, now: Double) {
        guard !search.isEmpty else {
            say("no search yet (/ searches)", now: now)
            return
        }
        let hits = matches(in: model)
        guard !hits.isEmpty else {
            find.found(nil)
            say("not found: \(search)", level: .warning, now: now)
            return
        }
        let current: Int = if case .anchored(let index, _) = scroll { index } else { forward ? -1 : Int.max }
        let next = forward ? hits.first { $0 > current } : hits.last { $0 < current }
        guard let next else {
            say(forward ? "no more matches below (F goes back)" : "no more matches above (f goes on)", now: now)
            return
        }
        scrolling.anchor(at: next)
        find.found(SearchHit(position: (hits.firstIndex(of: next) ?? 0) + 1, count: hits.count))
    }

    /// The original or the translation shown contains the query (case folded).
    static func matches(_ sentence: Sentence, _ query: String, language: String?) -> Bool {
        if sentence.original?.range(ignoringCaseOf: query) != nil { return true }
        guard let language, let translated = sentence.translations[language] else { return false }
        return translated.text.range(ignoringCaseOf: query) != nil
    }

    static func language(after action: Action, current: String?, in languages: [String]) -> String? {
        guard !languages.isEmpty else { return nil }
        // A language the broadcast does not offer (asked with --lang): the next is its first, the previous its last.
        guard let index = current.flatMap({ languages.firstIndex(of: $0) }) else {
            switch action {
            case .nextLanguage: return languages[0]
            case .previousLanguage: return languages[languages.count - 1]
            case .pickLanguage(let n): return n >= 1 && n <= languages.count ? languages[n - 1] : nil
            default: return nil
            }
        }
        switch action {
        case .nextLanguage: return languages[(index + 1) % languages.count]
        case .previousLanguage: return languages[(index - 1 + languages.count) % languages.count]
        case .pickLanguage(let n): return n >= 1 && n <= languages.count ? languages[n - 1] : nil
        default: return nil
        }
    }
}

extension ReplayPace {
    /// `4`, `0.25`: the speed as the viewer says it (status bar, messages).
    var speedText: String {
        speed == speed.rounded() ? "\(Int(speed))" : String(speed)
    }
}
