#!/usr/bin/env python3
"""make mutants: one-line changes of the product that the unit tests must catch.

Each mutant names a file, a piece of text that occurs exactly once in it, and what to put
in its place. The text, not a line number, finds it, so a mutant survives code moving
around; a mutant whose text is gone (or no longer unique) is reported as stale and fails
the run, so the list is kept true.

The run works on a scratch copy of the repository (outside it; its build folder is kept
between runs): a clean build first, then for each mutant: apply it, build the unit tests
and vas-view (the CLI tests run it), run the unit suites, restore the file. A mutant is
killed when a test fails, and survives when every test passes. A mutant that does not
compile is an error in this list. The run fails if any mutant survives or is broken.

    scripts/mutants.py              every mutant
    scripts/mutants.py grid export  only those whose name contains one of the words
    MUTANTS_DIR=/path               where the scratch copy lives (default: $TMPDIR/vas-view-mutants)

How to add one with a new feature: docs/testing.md.
"""
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = os.environ.get("MUTANTS_DIR") or os.path.join(os.environ.get("TMPDIR", "/tmp"), "vas-view-mutants")
SWIFT = os.environ.get("SWIFT") or shutil.which("swift") or "/opt/swift/usr/bin/swift"
UNIT = "BroadcastModelTests|BroadcastCoreTests|ViewerTUITests|VasViewTests|VasSimTests|SimWireTests|VasHostTests"

# (name, file, text found exactly once, replacement)
MUTANTS = [
    # The SSE parser
    ("parser: an LF after a CR at a chunk's end is a second line end",
     "Sources/BroadcastModel/SSE/SSEParser.swift",
     "if base[0] == Self.lf { index = 1 }", "if base[0] == Self.lf { index = 0 }"),
    ("parser: the word-at-a-time search steps over a byte",
     "Sources/BroadcastModel/SSE/SSEParser.swift",
     "            index += 8\n", "            index += 9\n"),
    ("calendar: January and February count in the year before",
     "Sources/BroadcastModel/Rules/UTCTime.swift",
     "return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)", "return (yearOfEra + era * 400 + (month <= 1 ? 1 : 0), month, day)"),
    ("parser: the space after a field's colon is kept",
     "Sources/BroadcastModel/SSE/SSEParser.swift",
     "if start < line.count, line[start] == space { start += 1 }", "if start < line.count, line[start] == space { start += 0 }"),
    ("parser: an id with NUL is taken",
     "Sources/BroadcastModel/SSE/SSEParser.swift",
     "if !value.contains(0) { lastEventIDBuffer = Self.string(value) }", "if value.contains(0) || true { lastEventIDBuffer = Self.string(value) }"),
    # The JSON reader
    ("json: a surrogate pair's high half shifted wrong",
     "Sources/BroadcastModel/JSON/JSONReader.swift",
     "let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)",
     "let value = 0x10000 + ((UInt32(unit) - 0xD800) << 11) + (UInt32(low) - 0xDC00)"),
    ("json: negative whole numbers lose their sign",
     "Sources/BroadcastModel/JSON/JSONReader.swift",
     "return negative ? -value : value", "return value"),
    ("json: \\n decodes as CR",
     "Sources/BroadcastModel/JSON/JSONReader.swift",
     'case 0x6E: return "\\n"', 'case 0x6E: return "\\r"'),
    # Event decoding
    ("events: an origin without is_final counts as partial",
     "Sources/BroadcastModel/Events/BroadcastEvent+Decoding.swift",
     "isFinal: f.isFinal ?? true, language: f.language, speaker: f.speaker, startTime: f.startTime)",
     "isFinal: f.isFinal ?? false, language: f.language, speaker: f.speaker, startTime: f.startTime)"),
    ("events: a kick with broken JSON is dropped",
     "Sources/BroadcastModel/Events/BroadcastEvent+Decoding.swift",
     "if statusTypes.contains(type) {", "if statusTypes.contains(type + \"-\") {"),
    # The transcript
    ("transcript: a late partial overwrites a final sentence",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "if !(sentence.isFinal && sentence.original != nil && !origin.isFinal) {",
     "if !(sentence.isFinal && sentence.original != nil && origin.isFinal) {"),
    ("transcript: a waiting reassignment is forgotten",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "if let speaker = facts.speakerID { sentence.speakerID = speakers.resolve(speaker) }",
     "if let speaker = facts.speakerID { _ = speaker }"),
    ("transcript: facts about unseen sentences grow without a bound",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "if pending.count > Self.pendingLimit {", "if pending.count > Self.pendingLimit * 2 {"),
    # The sanitiser
    ("sanitiser: the quick check misses U+2069",
     "Sources/BroadcastModel/Text/TextSanitizer.swift",
     "if second == 0x81, (0xA6...0xA9).contains(third) { return true }",
     "if second == 0x81, (0xA6...0xA8).contains(third) { return true }"),
    ("sanitiser: U+2069 is let through",
     "Sources/BroadcastModel/Text/TextSanitizer.swift",
     "case 0x202A...0x202E, 0x2066...0x2069:", "case 0x202A...0x202E, 0x2066...0x2068:"),
    # The VAS rules
    ("rules: HTTP 403 is a final refusal, not a password question",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "case (403, _):\n            return .password", "case (403, _):\n            return .terminal(.refused)"),
    ("rules: translation_service_unavailable is an ordinary notice",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     'case "translation_service_unavailable": return .translationOutage',
     'case "translation_service_unavailable": return .notice'),
    ("rules: the speech estimate is ten times too short",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "return bytes / 4  // 32 kbit/s", "return bytes / 40  // 32 kbit/s"),
    ("rules: an unreachable server is tried once more",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "public static let unreachableAttempts = 4", "public static let unreachableAttempts = 5"),
    # The backoff
    ("backoff: the wait does not grow",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "var base = initial * Double(1 << min(exponent, 20))", "var base = initial * Double(1 << min(exponent, 0))"),
    ("backoff: Retry-After is not a floor",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "return max(jittered, floor ?? .zero)", "return jittered"),
    # Export
    ("export: minutes are not wrapped at 60",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     '(ms / 60_000 % 60).zeroPadded(2)', '(ms / 60_000).zeroPadded(2)'),
    ("export: the last cue lasts 2 s",
     "Sources/BroadcastModel/Formats/SubtitleRules.swift",
     "public static let lastCue = 3000", "public static let lastCue = 2000"),
    # The journal
    ("journal: two broadcasts under one token are merged",
     "Sources/BroadcastModel/Formats/Journal.swift",
     "let another = broadcast != nil && lastBroadcast != nil && broadcast != lastBroadcast",
     "let another = broadcast != nil && lastBroadcast != nil && broadcast == lastBroadcast"),
    ("journal: partial sentences are kept",
     "Sources/BroadcastModel/Formats/Journal.swift",
     "case .origin(let o) where o.isFinal:", "case .origin(let o) where o.isFinal || !o.isFinal:"),
    # The speech queue
    ("speech queue: the lag cap lets twice as much wait",
     "Sources/BroadcastModel/Speech/SpeechQueue.swift",
     "while waiting.count > 1, backlog(now: now) > maxLag {", "while waiting.count > 1, backlog(now: now) > maxLag * 2 {"),
    ("speech queue: a word is still said at its end",
     "Sources/BroadcastModel/Speech/SpeechQueue.swift",
     "return !overflow && into >= 0 && into < max(boundary.durationMs, 1)",
     "return !overflow && into >= 0 && into <= max(boundary.durationMs, 1)"),
    # Widths and wrapping
    ("widths: wide glyphs are one column",
     "Sources/ViewerTUI/Screen/Drawing/DisplayWidth.swift",
     "return isWide(value) ? 2 : 1", "return isWide(value) ? 1 : 1"),
    ("wrapping: a full stop may start a line",
     "Sources/ViewerTUI/Screen/Drawing/TextWrap.swift",
     '"、", "。", "，"', '"、", "，"'),
    # The grid
    ("grid: writing over a wide glyph's left half leaves its right half",
     "Sources/ViewerTUI/Screen/Drawing/Grid.swift",
     "if cells[index].width == 2, column + 1 < columns {", "if cells[index].width == 3, column + 1 < columns {"),
    ("grid: a fill cuts a wide glyph at its right edge",
     "Sources/ViewerTUI/Screen/Drawing/Grid.swift",
     "if end - 1 > start { set(row, end - 1, blank) }", "if end - 1 > start { cells[row * columns + end - 1] = blank }"),
    # The renderer and the viewer's state
    ("renderer: a box is as wide as its characters, not its columns",
     "Sources/ViewerTUI/Screen/View/Box.swift",
     "let widest = (header + rows).map(TextWrap.width).max() ?? 0",
     "let widest = (header + rows).map { (line: [Cell]) -> Int in line.filter { $0.width > 0 }.count }.max() ?? 0"),
    ("renderer: following, the last sentence counts a blank line after it",
     "Sources/ViewerTUI/Screen/View/TranscriptRegion.swift",
     "view.height(index, pane: pane) - (index == view.count - 1 ? view.gap : 0)",
     "view.height(index, pane: pane) - (index == view.count - 1 ? 0 : 0)"),
    ("renderer: a banner's instruction is cut first",
     "Sources/ViewerTUI/Screen/View/Renderer.swift",
     "let end = columns - 1 - DisplayWidth.of(banner.suffix)", "let end = columns - 1"),
    ("viewer: a key's answer stays after the next key",
     "Sources/ViewerTUI/Screen/State/NoticeBoard.swift",
     "if message?.answersKey == true { message = nil }", "if message?.answersKey == false { message = nil }"),
    ("viewer: a message is shown for a second",
     "Sources/ViewerTUI/Screen/State/NoticeBoard.swift",
     "min(15, max(4, 1.5 + Double(text.count) / 15))", "min(15, max(1, Double(text.count) / 15))"),
    ("state: connected admits a queued viewer",
     "Sources/BroadcastModel/State/ViewerState.swift",
     "if !isQueued { phase = broadcastPhase == .standby ? .standby : .live }",
     "if true { phase = broadcastPhase == .standby ? .standby : .live }"),
    ("session: an unreachable server is retried forever",
     "Sources/BroadcastCore/Session/BroadcastSession.swift",
     "        guard !serverAnswered else { return nil }\n        unreachable += 1", "        guard serverAnswered && !serverAnswered else { return nil }\n        unreachable += 1"),
    # The front end
    ("plain mode: the end cuts what is still to be said",
     "Sources/ViewerTUI/Plain/LivePlain.swift",
     "                        speaker.finish()\n", "                        speaker.stop()\n"),
    ("viewer app: a save's result is not kept for the last words",
     "Sources/ViewerTUI/Screen/State/ViewerApp.swift",
     "if !saved.contains(path) { saved.append(path) }", "if saved.contains(path) { saved.append(path) }"),
    ("loop: what performing an effect answers is dropped",
     "Sources/ViewerTUI/Loop/ViewerLoop.swift",
     "messages += performer.perform(effect, app: app, screen: screen)", "_ = performer.perform(effect, app: app, screen: screen)"),
    ("viewer ui: a key sets the language itself instead of asking the session",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Keys.swift",
     "        source.ask(language: next)\n", "        source.ask(language: next)\n        source.chooseAfterEnd(next)\n"),
    ("viewer ui: a key builds on the pace shown, not on what it asked",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Keys.swift",
     "guard var pace = asked.pace ?? replay else {", "guard var pace = replay else {"),
    ("viewer ui: after the end a language key asks the finished session",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Keys.swift",
     "            source.chooseAfterEnd(next)\n            return []",
     "            return [.selectLanguage(next)]"),
    ("transcript: offered languages count as held",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "return languages.filter(seen.contains)", "return Array(languages)"),
    # The program
    ("config: the environment is not read",
     "Sources/vas-view/Settings.swift",
     "let value = environment[name], !value.isEmpty else { continue }", "let value = environment[name], value.isEmpty else { continue }"),
    ("journal: a second viewer writes into the journal another is writing",
     "Sources/BroadcastCore/Output/JournalWriter.swift",
     "if flock(fd, LOCK_EX | LOCK_NB) == 0 {", "if flock(fd, LOCK_EX | LOCK_NB) == 0 || true {"),
    ("output path: a folder where no file can be made passes",
     "Sources/BroadcastCore/Output/OutputPath.swift",
     "        guard fd >= 0 else {\n", "        guard fd >= 0 || true else {\n"),
    ("export: a file of several recordings is written without a word",
     "Sources/vas-view/ExportCommand.swift",
     "if recording == nil, count > 1 {", "if recording == nil, count > 100 {"),
    # Recordings
    ("recording: reading goes on after the event that ends the broadcast",
     "Sources/BroadcastModel/Replay/RecordingReader.swift",
     "guard outcome == nil else { return nil }", "guard outcome == nil || next >= 0 else { return nil }"),
    # Install anywhere: recordings are streamed
    ("streaming: a marker cut between two chunks is not held back",
     "Sources/BroadcastModel/Replay/RecordingParts.swift",
     "let keep = ended ? 0 : min(marker.count - 1, held.count - start)", "let keep = 0"),
    ("toml: a key defined twice is taken",
     "Sources/vas-view/TOML.swift",
     "guard node.entries.index(forKey: last.name) == nil else {", "guard node.entries.index(forKey: last.name) == nil || true else {"),
    ("toml: a leading zero is allowed",
     "Sources/vas-view/TOML.swift",
     "if integerPart.count > 1 && integerPart.first == \"0\" {", "if integerPart.count > 1 && integerPart.first == \"0\" && false {"),
    ("text forms: search compares case",
     "Sources/BroadcastModel/Text/TextForms.swift",
     "self[index].lowercased() == wanted[matched]", "String(self[index]) == wanted[matched]"),
    ("text forms: decimals are cut, not rounded",
     "Sources/BroadcastModel/Text/TextForms.swift",
     "let scaled = (abs(value) * scale).rounded()", "let scaled = (abs(value) * scale).rounded(.down)"),
    ("platform: a wait past its deadline says it was signalled",
     "Sources/BroadcastCore/Platform/Threads.swift",
     "return pthread_cond_timedwait(condition, mutex, &time) == 0", "return pthread_cond_timedwait(condition, mutex, &time) >= 0"),
    ("platform: the folder of /b is empty",
     "Sources/BroadcastCore/Output/FileIO.swift",
     "return folder.isEmpty ? \"/\" : folder", "return folder"),
    ("config: bytes that are not UTF-8 are read as replacement characters",
     "Sources/vas-view/Settings.swift",
     "guard let text = String(validating: bytes, as: UTF8.self) else {", "guard let text = Optional(String(decoding: bytes, as: UTF8.self)) else {"),
    ("config: a byte-order mark is left in the text",
     "Sources/vas-view/TOML.swift",
     'if scalars.first == "\\u{FEFF}" { scalars.removeFirst() }', 'if scalars.first == "\\u{FEFF}" { }'),
    ("config: ~/ in log_file is kept as it is",
     "Sources/vas-view/Settings.swift",
     "if let home, let log = logFile.value, log.hasPrefix(\"~/\") {", "if let home, let log = logFile.value, log.hasPrefix(\"~/\"), home.isEmpty {"),
    ("config report: padding counts characters, not columns",
     "Sources/vas-view/Settings.swift",
     "count: max(1, width - DisplayWidth.of(left) + 2)", "count: max(1, width - left.count + 2)"),
    ("password: a fixed password the host changed is called wrong",
     "Sources/BroadcastCore/Session/BroadcastSession.swift",
     "if reason == .changed {", "if reason == .changed && false {"),
    # Local VAS (vas-sim's host side)
    ("vas-sim: a ticket works twice",
     "Sources/vas-sim/HostAPI.swift",
     "        used.insert(ticket!)\n", "        _ = ticket!\n"),
    ("subtitles: an untranslated original is not marked",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     "let untranslated = translated == nil && translatesChosen && sentence.language != chosen",
     "let untranslated = false && translatesChosen && sentence.language != chosen"),
    ("text: a translation that never came is not said",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     "} else if translated.contains(language), sentence.original != nil, sentence.language != language {",
     "} else if false, translated.contains(language) {"),
    ("subtitles: a bilingual cue's missing half is not said",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     "let missingHalf = untranslated ? chosen.map { \"[no \\($0) translation]\" } : nil",
     "let missingHalf: String? = nil"),
    ("speech: an offer that came later leaves the warning standing",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Updates.swift",
     "} else if on, notices.contains(where: { $0.text.contains(\"no spoken translation\") }) {",
     "} else if false {"),
    ("vas-sim: a refused handshake is 400",
     "Sources/vas-sim/HostAPI.swift",
     "return .refuse(status: 401, json: refusal.json)", "return .refuse(status: 400, json: refusal.json)"),
    ("vas-sim: a token without exp is taken",
     "Sources/SimWire/JWT.swift",
     "guard let claim = payload[\"exp\"] else { throw .noExpiry }",
     "guard let claim = payload[\"exp\"] else { return }"),
    ("vas-sim: a host that drops pauses nothing",
     "Sources/vas-sim/Simulation+Host.swift",
     "guard hostOutlets.isEmpty, host.started, !host.stopped, !ended else { return }",
     "guard hostOutlets.isEmpty, host.started, !host.stopped, !ended, false else { return }"),
    ("vas-sim: standby waits for the host's message",
     "Sources/vas-sim/Simulation.swift",
     "if phase == \"standby\" { send(id, \"standby\", standbyData) }",
     "if phase == \"standby\", let standby { send(id, \"standby\", standby) }"),
    ("vas-sim: speech goes to viewers who did not ask for it",
     "Sources/vas-sim/Simulation.swift",
     "guard viewer.tts, let language, viewer.language == language else { return false }",
     "guard let language, viewer.language == language else { return false }"),
    ("vas-sim: word boundaries ignore the silence before speech",
     "Sources/vas-sim/Speech.swift",
     "let start = fromMs + (toMs - fromMs) * before / total",
     "let start = (toMs - fromMs) * before / total"),
    ("vas-sim: a subscribe without a channel is subscription_failed",
     "Sources/vas-sim/HostAPI.swift",
     "guard let channel, NotificationChannel.isWellFormed(channel) else {",
     "guard let channel = channel ?? Optional(\"\"), NotificationChannel.isWellFormed(channel) || true else {"),
    ("vas-host: a lost connection is not opened again",
     "Sources/vas-host/Relay.swift",
     "        guard let code else { return true }\n",
     "        guard let code else { return false }\n"),
    ("vas-sim: a long English word is cut in fours",
     "Sources/vas-sim/Speech.swift",
     "                if unspaced {\n                    cjkRun += 1",
     "                if true {\n                    cjkRun += 1"),
    ("vas-sim: a missing translation is not sent again to a later viewer",
     "Sources/vas-sim/Simulation.swift",
     "sentences[sid, default: [:]][\"error:\\(fields[\"translation_language\"] as? String ?? \"\")\"] = data",
     "_ = sid"),
    ("vas-sim: an expired token is taken",
     "Sources/SimWire/JWT.swift",
     "expiry < now.timeIntervalSince1970 { throw .expired }", "expiry < now.timeIntervalSince1970 - 1e9 { throw .expired }"),
    ("vas-sim: multi_speaker takes two languages",
     "Sources/vas-sim/Simulation+Host.swift",
     "guard mode == \"single\" || spoken.count == 1 else {", "guard mode == \"single\" || spoken.count <= 2 else {"),
    ("vas-sim: a rename by the current label is not found",
     "Sources/vas-sim/Simulation+Host.swift",
     "let speaker = knownSpeakers.contains(given) ? given : host.labels.first { $0.value == given }?.key", "let speaker = knownSpeakers.contains(given) ? given : nil"),
    ("vas-host: translations after | are dropped",
     "Sources/SimWire/HostLine.swift",
     "        for part in parts.dropFirst() {", "        for part in parts.dropFirst(99) {"),
    ("vas-sim: the HMAC's inner pad is the outer one",
     "Sources/SimWire/SHA256.swift",
     "hash(block.map { $0 ^ 0x36 } + message)", "hash(block.map { $0 ^ 0x5c } + message)"),
    # Nothing lost (issue 21): files
    ("nothing lost: --save with nothing received replaces the file",
     "Sources/ViewerTUI/Output/Saving.swift",
     "        guard model.transcript.holdsWords else {\n", "        guard model.transcript.holdsWords || true else {\n"),
    ("nothing lost: s with nothing received writes a file",
     "Sources/ViewerTUI/Loop/ViewerLoop.swift",
     "guard app.model.transcript.holdsWords else {", "guard app.model.transcript.holdsWords || true else {"),
    ("nothing lost: a transcript of no sentence holds words",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "segments.contains { $0.sentences.values.contains { $0.isFinal || $0.translations.values.contains(where: \\.isFinal) } }", "segments.contains { !$0.sentences.isEmpty }"),
    ("nothing lost: the same file is never found",
     "Sources/BroadcastCore/Output/OutputPath.swift",
     "        guard let first = identity(a), let second = identity(b) else { return false }\n        return first == second\n",
     "        guard let first = identity(a), let second = identity(b) else { return false }\n        return first == second && a == b\n"),
    ("nothing lost: a journal may be an output",
     "Sources/BroadcastCore/Output/OutputPath.swift",
     "            if isJournal(path) {", "            if isJournal(path) && false {"),
    ("nothing lost: new files follow the umask (0666)",
     "Sources/BroadcastCore/Output/FileIO.swift",
     "public static let privateFile: mode_t = 0o600", "public static let privateFile: mode_t = 0o666"),
    ("nothing lost: a replaced file loses its mode",
     "Sources/BroadcastCore/Output/SavedFile.swift",
     "        fchmod(fd, info.st_mode & 0o7777)\n", "        fchmod(fd, 0o600)\n"),
    ("nothing lost: a raw recording that received nothing replaces the earlier one",
     "Sources/BroadcastCore/Replay/RawRecorder.swift",
     "guard !state.placed, state.received > 0, state.words || !replacing, state.failure == nil else { return }", "guard !state.placed, state.received >= 0, state.words || !replacing, state.failure == nil else { return }"),
    ("nothing lost: a recording of a queue replaces an earlier talk",
     "Sources/BroadcastCore/Replay/RawRecorder.swift",
     "guard !state.placed, state.received > 0, state.words || !replacing, state.failure == nil else { return }", "guard !state.placed, state.received > 0, state.failure == nil else { return }"),
    # Nothing lost: gaps
    ("gaps: a sentence resent after the drop resumes the stream",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "reconnections[last].resumedAt == nil, sid > reconnections[last].afterSid {", "reconnections[last].resumedAt == nil, sid > reconnections[last].afterSid - 3 {"),
    ("gaps: consecutive ids are taken for a hole",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "after > before + 1 ? (before + 1)...(after - 1) : nil", "after > before ? (before + 1)...max(before + 1, after - 1) : nil"),
    ("gaps: a late resend does not fill the gap",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "            if sid < gap.toSid { parts.append(", "            if sid <= gap.toSid { parts.append("),
    ("gaps: the journal forgets where the connection ended",
     "Sources/BroadcastModel/Formats/Journal.swift",
     "                contents.model.apply(.reconnected)\n", "                break\n"),
    ("gaps: the session never says a connection ended",
     "Sources/BroadcastCore/Session/BroadcastSession.swift",
     "if reader.opened, !end.isFinished {", "if reader.opened, end.isFinished {"),
    ("gaps: plain mode does not say them",
     "Sources/BroadcastModel/Formats/PlainPrinter.swift",
     "            out.append(Self.gapLine(gap))\n", ""),
    ("gaps: the screen draws no row for them",
     "Sources/ViewerTUI/Screen/View/TranscriptView.swift",
     "        guard !gapBefore.isEmpty, let gap = gapBefore[sentences[index].sid] else { return [] }", "        guard gapBefore.isEmpty, let gap = gapBefore[sentences[index].sid] else { return [] }"),
    ("nothing lost: a symlink is replaced by a file",
     "Sources/BroadcastCore/Output/SavedFile.swift",
     "            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return path }", "            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return path }"),
    ("nothing lost: an existing file's folder is not checked",
     "Sources/BroadcastCore/Output/OutputPath.swift",
     "            if info.st_mode & S_IFMT != S_IFREG { return nil }", "            return nil"),
    ("nothing lost: a killed run's part files are not named",
     "Sources/BroadcastCore/Output/OutputPath.swift",
     "return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH", "return pid != getpid() && kill(pid, 0) == 0"),
    ("nothing lost: the log is appended to any file",
     "Sources/BroadcastCore/Output/OutputPath.swift",
     "return isLog ? nil : \"it is not a vas-view log", "return isLog || true ? nil : \"it is not a vas-view log"),
    ("nothing lost: a translation without its original is dropped in plain mode",
     "Sources/BroadcastModel/Formats/PlainPrinter.swift",
     "} else if sentence.isFinal || Self.onlyTranslated(sentence), !waiting.contains(where: { $0.key == key }) {", "} else if sentence.isFinal, !waiting.contains(where: { $0.key == key }) {"),
    ("nothing lost: ./c.txt and c.txt are two outputs",
     "Sources/BroadcastCore/Output/OutputPath.swift",
     "        guard let first = canonical(a), let second = canonical(b) else { return false }\n        return first == second\n",
     "        guard let first = canonical(a), let second = canonical(b) else { return false }\n        return first == second && a == b\n"),
    ("nothing lost: --tts-wav replaces a transcript",
     "Sources/BroadcastCore/Output/OutputPath.swift",
     "return head == Array(\"RIFF\".utf8) ? nil : \"it is not a WAV file", "return head != [] ? nil : \"it is not a WAV file"),
    ("nothing lost: half a sentence replaces an earlier file",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "$0.sentences.values.contains { $0.isFinal || $0.translations.values.contains(where: \\.isFinal) }", "$0.sentences.values.contains { _ in true }"),
    # One update, two views (issue 22)
    ("two views: plain mode does not print notices",
     "Sources/ViewerTUI/Plain/PlainView.swift",
     'if !notice.inTranscript { out.lines.append("# " + notice.text) }', 'if !notice.inTranscript && notice.level != .info { out.lines.append("# " + notice.text) }'),
    ("two views: a rename is not said",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Updates.swift",
     'say("speaker \\(rename.speakerID) is now \\(rename.newLabel)", keep: true, now: now)', 'break'),
    ("two views: a language not offered is not said",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Updates.swift",
     "            checkLanguageOffered(model: model, now: now)\n", "\n"),
    ("two views: l from a language not offered skips the first",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Keys.swift",
     "case .nextLanguage: return languages[0]", "case .nextLanguage: return languages[min(1, languages.count - 1)]"),
    ("two views: a repeated warning is said every time",
     "Sources/ViewerTUI/Screen/State/NoticeBoard.swift",
     "} else if Self.isPowerOfTen(count) {", "} else if true {"),
    ("two views: speech is offered in every language",
     "Sources/BroadcastModel/State/Broadcast.swift",
     "return LanguageTag.bestMatch(for: language, among: offered) == nil ? .notIn(language, offered: offered) : .offered", "return .offered"),
    ("box: its text is measured in characters",
     "Sources/ViewerTUI/Screen/View/Box.swift",
     "let wrapped = DisplayWidth.of(line) <= inner ?", "let wrapped = line.count <= inner ?"),
    ("toml: a key's line is the line after it",
     "Sources/vas-view/TOML.swift",
     'keyLines[key.name] = error("", at: key.position).line', 'keyLines[key.name] = error("", at: key.position).line + 1'),
    ("padding: zeroPadded pads one short",
     "Sources/BroadcastModel/Text/TextForms.swift",
     'String(repeating: "0", count: width - digits.count) + digits', 'String(repeating: "0", count: width - digits.count - 1) + digits'),
    # Flow: a server faster than the viewer is held back
    ("flow: the reader does not wait for the front end",
     "Sources/BroadcastCore/Session/ConnectionReader.swift",
     "                    await flow.wait()\n", "\n"),
    ("flow: the full screen does not say what it took",
     "Sources/ViewerTUI/Loop/Inbox.swift",
     "for case .update(let update) in drained.0 { taken(update) }", "_ = drained"),
    ("flow: plain mode does not say what it took",
     "Sources/ViewerTUI/Plain/LivePlain.swift",
     "if case .update(let update) = message { session.taken(update) }", "_ = message"),
    ("flow: the gate opens only when nothing is outstanding",
     "Sources/BroadcastCore/Session/FlowGate.swift",
     "            guard state.outstanding < limit else { return nil }", "            guard state.outstanding == 0 else { return nil }"),
    # Every plausible server (ServerVariantsTests, ServerVariantsSessionTests, ShareLinkSettingsTests)
    ("redirects: any port or scheme of the same host is followed",
     "Sources/BroadcastModel/Rules/RedirectRule.swift",
     "guard target.sameOrigin(as: from) || upgrade else", "guard target.host == from.host || upgrade else"),
    ("redirects: the upgrade goes to any host",
     "Sources/BroadcastModel/Rules/RedirectRule.swift",
     'from.scheme == "http" && target.scheme == "https" && from.host == target.host', 'from.scheme == "http" && target.scheme == "https"'),
    ("redirects: one more than five is followed",
     "Sources/BroadcastModel/Rules/RedirectRule.swift",
     "guard hops < VASAssumptions.maxRedirects else", "guard hops <= VASAssumptions.maxRedirects else"),
    ("redirects: a 303 keeps a POST",
     "Sources/BroadcastModel/Rules/RedirectRule.swift",
     "let keepsMethod = status == 307 || status == 308 ||", "let keepsMethod = status >= 303 ||"),
    ("redirects: the session never follows the stream's",
     "Sources/BroadcastCore/Session/BroadcastSession.swift",
     "                        streamRedirect = (target, hops + 1)\n", "                        return Self.redirectRefused(.noLocation, status: head.status, location: nil)\n"),
    ("vas error body: any code counts",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "guard let first = code.utf8.first, (0x61...0x7A).contains(first), code.utf8.count <= 64 else { return false }",
     "guard !code.isEmpty else { return false }\n        return true"),
    ("vas error body: a plain 404 from a stranger is a wrong token",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "if !serverIsVAS, errorCode == nil, [403, 404, 410].contains(status) {", "if !serverIsVAS, errorCode == nil, [403, 410].contains(status) {"),
    ("vas error body: a details page without one ends the session",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "guard let code = errorCode, isVASErrorCode(code) else { return .notVAS }", "guard let code = errorCode, isVASErrorCode(code) else { return .terminal(.notFound) }"),
    ("vas error body: no check at the path is a wrong password",
     "Sources/BroadcastModel/Rules/VASAssumptions.swift",
     "return status == 404 || status == 405 ? .noCheckHere : .notUnderstood", "return .wrongPassword"),
    ("vas error body: the session does not remember a VAS answer",
     "Sources/BroadcastCore/Session/BroadcastSession.swift",
     "                info = decoded\n                serverIsVAS = true\n", "                info = decoded\n"),
    ("not a stream: an HTML page is retried for ever",
     "Sources/BroadcastCore/Session/BroadcastSession.swift",
     "where !watched && notAStream >= VASAssumptions.notAStreamAttempts", "where !watched && notAStream > VASAssumptions.notAStreamAttempts * 100"),
    ("tls: a wrong version number is a network error",
     "Sources/BroadcastCore/Session/ConnectionReader.swift",
     "            if case .notTLS(let message) = error { return .notTLS(message, certain: true) }\n", ""),
    ("tls: a silent handshake is a plain-HTTP server without asking",
     "Sources/BroadcastCore/Session/BroadcastSession.swift",
     "        if !certain, await !speaksPlainHTTP() { return nil }\n", ""),
    ("share links: the server's path is lost",
     "Sources/BroadcastModel/Rules/ShareLink.swift",
     "var link = ShareLink(server: address.origin + prefix, token: token)", "var link = ShareLink(server: address.origin, token: token)"),
    ("share links: the token is not checked",
     "Sources/BroadcastModel/Rules/ShareLink.swift",
     "guard VASAssumptions.isValidToken(token) else { return .failure(.badToken(TextSanitizer.clean(token))) }", ""),
    ("share links: the language is not taken",
     "Sources/BroadcastModel/Rules/ShareLink.swift",
     'case "lang" where !decoded.isEmpty: link.language = decoded', 'case "lang" where decoded.isEmpty: link.language = decoded'),
    ("share links: another --server is accepted",
     "Sources/vas-view/WatchCommand.swift",
     "if case .commandLine = settings.server.source, !sameServer(settings.server.value, link.server) {",
     "if case .commandLine = settings.server.source, settings.server.value.isEmpty {"),
    ("share links: the link's language wins over --lang",
     "Sources/vas-view/WatchCommand.swift",
     "if let language = link.language, !settings.lang.source.isCommandLine {", "if let language = link.language {"),
    # Everyday use (TypoTests, TypoCLITests)
    ("typos: a four-letter word may be two edits away",
     "Sources/vas-view/Typos.swift",
     "let limit = typed.count <= 4 ? 1 : 2", "let limit = 2"),
    ("typos: a swap of neighbours counts twice",
     "Sources/vas-view/Typos.swift",
     "                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)\n", ""),
    ("typos: a valid token is called a mistyped command",
     "Sources/vas-view/Typos.swift",
     'guard let first = arguments.first, !first.hasPrefix("-"), !VASAssumptions.isValidToken(first),',
     'guard let first = arguments.first, !first.hasPrefix("-"),'),
    ("suspend: Ctrl-Z does nothing",
     "Sources/ViewerTUI/Screen/State/ViewerApp.swift",
     "            return [.suspend]\n", "            return []\n"),
    ("suspend: the screen is not drawn again after fg",
     "Sources/ViewerTUI/Loop/ViewerLoop.swift",
     '            Log.viewer.info("continued")\n            screen.invalidate()\n', '            Log.viewer.info("continued")\n'),
    ("keys: Ctrl-U moves a whole page",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Keys.swift",
     "case .halfPageUp: scroll(by: -max(1, page / 2), model: model, now: now)", "case .halfPageUp: scroll(by: -max(1, page - 1), model: model, now: now)"),
    ("keys: an unknown key is answered every time",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Keys.swift",
     "                board.unknownKeyHinted = true\n", ""),
    ("keys: Backspace on an empty search does nothing",
     "Sources/ViewerTUI/Screen/State/SourceControls.swift",
     "if key == .backspace, line.text.isEmpty {", "if key == .backspace, line.text.isEmpty, false {"),
    ("keys: a too small terminal opens the help unseen",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Keys.swift",
     "if !fitsScreen, ![.quit, .suspend, .redraw].contains(action) { return [] }", "if !fitsScreen, action == .save { return [] }"),
    ("plain: TERM=dumb on a terminal is silent",
     "Sources/vas-view/WatchCommand.swift",
     'if term.isEmpty || term == "dumb" {', 'if term.isEmpty {'),
    ("plain: keys that cannot be read are not said",
     "Sources/vas-view/WatchCommand.swift",
     "        if !stdinIsTerminal {\n", "        if !stdinIsTerminal, false {\n"),
    ("cues: a cue ends at the next start, however soon",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     "var start = max(desired, min(before.start + read, desired + SubtitleRules.maximumDelay))", "var start = desired"),
    ("cues: the next waits for ever for the one before to be read",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     "var start = max(desired, min(before.start + read, desired + SubtitleRules.maximumDelay))", "var start = max(desired, before.start + read)"),
    ("cues: a cue lingers over a long pause",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     "ended.end = min(start, before.start + SubtitleRules.maximumCue)", "ended.end = start"),
    ("cues: Chinese is read as fast as English",
     "Sources/BroadcastModel/Formats/SubtitleRules.swift",
     "public static let cjkCharactersPerSecond = 9", "public static let cjkCharactersPerSecond = 17"),
    ("cues: a line may start with a closing mark",
     "Sources/BroadcastModel/Formats/SubtitleRules.swift",
     "if closers.contains(after) || openers.contains(before) { return false }", "if openers.contains(before) { return false }"),
    ("cues: three lines to a cue",
     "Sources/BroadcastModel/Formats/SubtitleRules.swift",
     "public static let maximumLines = 2", "public static let maximumLines = 3"),
    ("cues: the speaker's name does not count on the first line",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     "Self.pieces(text, prefix: index == 0 ? speaker.map { $0 + \": \" } : nil)", "Self.pieces(text, prefix: nil)"),
    ("snapshot: leaving calls s's file the transcript",
     "Sources/ViewerTUI/Screen/State/ViewerApp.swift",
     'return "snapshot\\(at) saved to \\(path) (the transcript when s was pressed)"', 'return "saved to \\(path)"'),
    ("options: a file name and --format that disagree are accepted",
     "Sources/vas-view/SaveOptions.swift",
     "if let path, let format, let named = ExportFormat(path: path), named != format {", "if let path, let format, let named = ExportFormat(path: path), named != format, false {"),
    ("options: replay --format without --save prints plain lines",
     "Sources/vas-view/ReplayCommand.swift",
     "let printed = saving.save == nil ? saving.format.format : nil", "let printed: ExportFormat? = nil"),
    ("options: --no-color with a colour theme is accepted",
     "Sources/vas-view/ConfigCommand.swift",
     "if noColor, let theme, theme != .mono {", "if noColor, let theme, theme == .auto {"),
    ("files: a save in the current folder names it '.'",
     "Sources/BroadcastCore/Output/SavedFile.swift",
     "        let folder = Self.wholeFolder(of: path)\n", "        let folder = Paths.folder(of: path)\n"),
    ("journal: a host's new recording forgets where it was watched",
     "Sources/BroadcastModel/Transcript/Transcript.swift",
     "            next.viewing = segments[last].viewing  // the host's new recording, in the same viewing\n", ""),
    ("journal: another broadcast's header keeps the first one's name",
     "Sources/BroadcastModel/Formats/Journal.swift",
     "contents.model.transcript.noteViewing(viewing, replacing: another)", "contents.model.transcript.noteViewing(viewing, replacing: false)"),
    ("journals: a token names its oldest journal",
     "Sources/vas-view/JournalsCommand.swift",
     "}.sorted { $0.1 > $1.1 }", "}.sorted { $0.1 < $1.1 }"),
    ("journals: a file that is not a journal is listed",
     "Sources/vas-view/JournalsCommand.swift",
     "info.st_mode & S_IFMT == S_IFREG, OutputPath.isJournal(path) else", "info.st_mode & S_IFMT == S_IFREG else"),
    ("journals: the latest name is not taken",
     "Sources/BroadcastModel/Formats/Journal.swift",
     "if let named = contents.viewings.last(where: { $0.name != nil })?.name { viewing.name = named }", ""),
    ("journals: servers on one host get two journals",
     "Sources/BroadcastModel/Formats/Journal.swift",
     "return first.host == second.host", "return first.sameOrigin(as: second)"),
    ("status bar: a message naming a file is cut at its end",
     "Sources/ViewerTUI/Screen/View/StatusBar.swift",
     "let text = part.isMessage ? Self.keepingTheEnd(part.text, width: limit - column - 2) : part.text", "let text = part.text"),
    ("wrapping: a path breaks inside a file's name",
     "Sources/ViewerTUI/Screen/Drawing/TextWrap.swift",
     'lastIndex(where: { $0.text == "/" }), slash > start + room / 3 {', 'lastIndex(where: { $0.text == "/" }), slash > start + room / 3, false {'),
    ("cues: a long sentence leaves a last cue of one word",
     "Sources/BroadcastModel/Formats/TranscriptExport.swift",
     "let chosen = (least...(least + 3)).lazy.map { SubtitleRules.parts(text, count: $0) }.first(where: fits)",
     "let chosen = (least...least).lazy.map { SubtitleRules.parts(text, count: $0) }.first(where: { _ in false })"),
    ("cues: a part is not cut at its clause mark",
     "Sources/BroadcastModel/Formats/SubtitleRules.swift",
     "let cut = (clause.isEmpty ? candidates : clause).min", "let cut = candidates.min"),
    ("typos: --verison alone asks for a token",
     "Sources/vas-view/Typos.swift",
     "if arguments.count == 1, let only = arguments.first, only.hasPrefix(\"-\"),", "if arguments.count == 0, let only = arguments.first, only.hasPrefix(\"-\"),"),
    ("typos: help of a mistyped command is silent",
     "Sources/vas-view/Typos.swift",
     'if arguments.count == 2, arguments[0] == "help",', 'if arguments.count == 3, arguments[0] == "help",'),
    ("export: a replaced file is said as written only",
     "Sources/vas-view/ExportCommand.swift",
     'Diagnostics.info(replaced ? "written to', 'Diagnostics.info(false ? "written to'),
    ("typos: a token in capitals is not told its case",
     "Sources/vas-view/WatchCommand.swift",
     "            if VASAssumptions.isValidToken(token.lowercased()) {\n", "            if false {\n"),
    ("keys: scrolling past an end is silent",
     "Sources/ViewerTUI/Screen/State/ViewerUI+Keys.swift",
     "        if scrolling.position == before {\n", "        if scrolling.position == before, false {\n"),
    # SimWire (SimWireTests): SHA-256's padding, HMAC's key, the typed host lines
    ("simwire: a 55-byte message is padded with a block too many",
     "Sources/SimWire/SHA256.swift",
     "while data.count % 64 != 56 { data.append(0) }", "repeat { data.append(0) } while data.count % 64 != 56"),
    ("simwire: an HMAC key of exactly a block is hashed",
     "Sources/SimWire/SHA256.swift",
     "var block = key.count > 64 ? hash(key) : key", "var block = key.count >= 64 ? hash(key) : key"),
    ("simwire: /speaker without a label keeps the last speaker's label",
     "Sources/SimWire/HostLine.swift",
     "            label = named\n", "            label = named ?? label\n"),
]

# The unit suites take about ten seconds; a mutant that makes one wait for ever (a stream that
# never yields what a test awaits) is stopped after this long and counts as killed.
UNIT_TIMEOUT = 300


def run(command, cwd, log, timeout=None):
    with open(log, "a") as out:
        out.write("\n$ " + " ".join(command) + "\n")
        out.flush()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
            out.write(f"\n(stopped after {timeout} s: counted as a failure)\n")
            return -9


def copy_repository():
    """The tracked files into the scratch folder (its .build stays, for an incremental build);
    files the repository no longer has are removed from it (a moved file would compile twice)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    os.makedirs(SCRATCH, exist_ok=True)
    tracked = set(filter(None, files))
    for folder, dirs, names in os.walk(SCRATCH):
        relative = os.path.relpath(folder, SCRATCH)
        if relative == "." :
            dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = os.path.normpath(os.path.join(relative, name))
            if path not in tracked and path != "mutants.log":
                os.remove(os.path.join(folder, name))
    for name in tracked:
        source, target = os.path.join(ROOT, name), os.path.join(SCRATCH, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not os.path.exists(target) or open(source, "rb").read() != open(target, "rb").read():
            shutil.copy2(source, target)


def build(log):
    # The unit tests, and vas-view, which the CLI tests among them run (not vas-sim, vas-bench
    # or vas-fuzz: the unit tests do not need them, and relinking them costs every mutant time).
    return (run([SWIFT, "build", "--product", "vas-viewPackageTests"], SCRATCH, log) == 0
            and run([SWIFT, "build", "--product", "vas-view"], SCRATCH, log) == 0)


def unit_tests(log):
    return run([SWIFT, "test", "--skip-build", "--filter", UNIT], SCRATCH, log, timeout=UNIT_TIMEOUT) == 0


def main():
    words = sys.argv[1:]
    chosen = [m for m in MUTANTS if not words or any(w in m[0] for w in words)]
    started = time.time()
    problems = []
    for name, path, text, _ in chosen:
        count = open(os.path.join(ROOT, path)).read().count(text)
        if count != 1:
            problems.append(f"stale mutant '{name}': its text is found {count} times in {path}")
    if problems:
        print("\n".join(problems))
        return 1
    copy_repository()
    log = os.path.join(SCRATCH, "mutants.log")
    open(log, "w").close()
    print(f"scratch copy: {SCRATCH} (log: {log})")
    if not build(log) or not unit_tests(log):
        print("the unit tests do not pass without mutants: fix that first (see the log)")
        return 1
    print(f"baseline built and green in {time.time() - started:.0f} s; {len(chosen)} mutants")
    results = []
    for index, (name, path, text, replacement) in enumerate(chosen, 1):
        target = os.path.join(SCRATCH, path)
        original = open(target).read()
        began = time.time()
        try:
            with open(target, "w") as handle:
                handle.write(original.replace(text, replacement, 1))
            if not build(log):
                verdict = "BROKEN (does not compile)"
            elif unit_tests(log):
                verdict = "SURVIVED"
            else:
                verdict = "killed"
        finally:
            with open(target, "w") as handle:
                handle.write(original)
        results.append(verdict)
        print(f"{index:2}/{len(chosen)} {verdict:<26} {time.time() - began:5.0f} s  {name}", flush=True)
    build(log)  # leave the scratch build matching the sources
    killed = results.count("killed")
    minutes = (time.time() - started) / 60
    print(f"\n{killed} of {len(chosen)} mutants killed in {minutes:.1f} min")
    return 0 if killed == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main())
