import Foundation
import Testing
import TestSupport

/// vas-view watching a broadcast through `scripts/chaos-proxy.py`, which splits the stream into
/// small writes, delays some, and cuts it after a seeded number of bytes (inside an event, inside
/// a UTF-8 character). Several seeds; `make chaos` runs many (`VAS_CHAOS_SEEDS`). What the
/// viewer saved is compared with the scenario the test wrote itself.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct ChaosTests {
    /// 40 sentences, one every 0.1 s at --speed 10 (events every 15 ms), then 1.2 s of quiet
    /// before the end, so a viewer cut near the end is back before it.
    static let scenario = ChaosScenario(count: 40, tail: 12)
    static let speed = 10
    /// Writes of 1–64 bytes, a third of them followed by a pause of up to 3 ms.
    static let knobs = ["--max-split", "64", "--max-delay-ms", "3", "--delay-chance", "0.3"]
    /// A hang guard for one viewer run (a run takes about 5 s).
    static let viewerTimeout = 60.0

    /// The server re-sends its last 20 sentences on every connection: the transcript is exact.
    @Test func everySentenceExactlyOnceThroughCuts() throws {
        for seed in chaosSeeds {
            // About 65–80 KB reach the viewer (each connection is re-sent up to 6.5 KB): cut
            // after 4–12 KB of a stream, a seed has five cuts or more. Back within 0.05–0.2 s,
            // two sentences' time, well inside the 20 re-sent.
            let outcome = try Self.watch(seed: seed, resend: 20, cutAfter: 8000, backoff: (0.05, 0.2))
            outcome.checkCommon()
            #expect(outcome.sids == Self.scenario.sids, "seed \(seed): missing \(outcome.missing)")
            for sentence in outcome.sentences {
                let sid = sentence["sid"] as? Int ?? 0
                #expect(sentence["is_final"] as? Bool == true, "seed \(seed): sid \(sid) is not final")
                #expect((sentence["translations"] as? [String: String])?["en-US"] != nil, "seed \(seed): sid \(sid) has no translation")
            }
            #expect(outcome.gaps?.isEmpty ?? true, "seed \(seed): gaps marked though nothing was missed: \(outcome.gaps ?? [])")
        }
    }

    /// The server re-sends nothing: what was said while the viewer reconnected is missed, and the
    /// saved document says so in its top-level "gaps". Needs the viewer's gap marking.
    @Test func sentencesMissedWhileAwayAreMarkedAsGaps() throws {
        for seed in chaosSeeds {
            // Under 30 KB reach the viewer: cut after 2–6 KB, and away for 0.3–0.5 s (three to
            // five sentences), a seed has three cuts or more and misses whole sentences each time.
            let outcome = try Self.watch(seed: seed, resend: 0, cutAfter: 4000, backoff: (0.3, 0.5))
            outcome.checkCommon()
            let gaps = outcome.gaps ?? []
            #expect(!gaps.isEmpty, "seed \(seed): \(outcome.cuts) cuts without re-sending, and no gap marked (missing \(outcome.missing))")
            #expect(!outcome.missing.isEmpty, "seed \(seed): nothing missed: the run did not test gaps")
            // A sid missed before the last one received shows in the next sid received, so it must be in a gap.
            // One after it cannot be known (nothing came after it), and is only reported.
            let last = outcome.sids.last ?? 0
            let covered = outcome.gapSids
            let unmarked = outcome.missing.filter { $0 < last && !covered.contains($0) }
            #expect(unmarked.isEmpty, "seed \(seed): missed and in no gap: \(ranges(unmarked)); gaps \(gaps)")
        }
    }

    /// Runs one seed: vas-sim, the proxy in front of it, vas-view through the proxy until the
    /// broadcast ends; prints the summary line.
    static func watch(seed: Int, resend: Int, cutAfter: Int, backoff: (initial: Double, cap: Double)) throws -> ChaosOutcome {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try scenario.text.write(toFile: folder.path("scenario.jsonl"), atomically: true, encoding: .utf8)
        let sim = try Simulator(["--scenario", folder.path("scenario.jsonl"), "--speed", String(speed),
                                 "--resend", String(resend), "--heartbeat", "60"])
        let proxy = try ChaosProxy(target: sim.url, seed: seed, statsPath: folder.path("proxy-stats.json"),
                                   logPath: folder.path("proxy.log"), knobs: knobs + ["--mean-cut", String(cutAfter)])
        let (run, seconds) = try withExtendedLifetime(sim) {
            try chaosViewer(["a3f9", "--server", proxy.url, "--plain", "--save", folder.path("out.json"),
                             "--backoff-initial", String(backoff.initial), "--backoff-cap", String(backoff.cap)],
                            folder: folder, timeout: viewerTimeout)
        }
        let stats = try proxy.stop()
        #expect(seconds < viewerTimeout, "seed \(seed): vas-view did not end within \(Int(viewerTimeout)) s")
        let document = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path("out.json"))))) as? [String: Any]
        #expect(document != nil, "seed \(seed): no JSON saved; vas-view said: \(run.stderr.suffix(600))")
        let outcome = ChaosOutcome(seed: seed, resend: resend, run: run, seconds: seconds, stats: stats,
                                   document: document ?? [:], scenario: scenario)
        chaosReport(outcome.summary)
        return outcome
    }
}

/// What one seed's run gave: the viewer's exit, the proxy's counters, the saved document.
struct ChaosOutcome {
    let seed: Int
    let resend: Int
    let run: Run
    let seconds: Double
    let cuts: Int
    let streams: Int
    let bytes: Int
    let sentences: [[String: Any]]
    /// The document's top-level "gaps", nil when it has none.
    let gaps: [[String: Any]]?
    let gapsMember: Any?
    let scenario: ChaosScenario

    init(seed: Int, resend: Int, run: Run, seconds: Double, stats: [String: Any], document: [String: Any], scenario: ChaosScenario) {
        self.seed = seed
        self.resend = resend
        self.run = run
        self.seconds = seconds
        cuts = stats["cuts"] as? Int ?? 0
        streams = stats["event_streams"] as? Int ?? 0
        bytes = stats["bytes_to_client"] as? Int ?? 0
        sentences = document["sentences"] as? [[String: Any]] ?? []
        gapsMember = document["gaps"]
        gaps = document["gaps"] as? [[String: Any]]
        self.scenario = scenario
    }

    var sids: [Int] { sentences.map { $0["sid"] as? Int ?? -1 } }
    var missing: [Int] { scenario.sids.filter { !Set(sids).contains($0) } }
    /// Received, but never final (without re-sending: its final text was said while away, and
    /// when only its translation came, it has no original at all).
    var unfinished: [Int] { sentences.filter { $0["is_final"] as? Bool != true }.map { $0["sid"] as? Int ?? -1 } }
    /// Received without its translation.
    var untranslated: [Int] {
        sentences.filter { ($0["translations"] as? [String: String])?["en-US"] == nil }.map { $0["sid"] as? Int ?? -1 }
    }

    /// Every sid inside a gap.
    var gapSids: Set<Int> {
        Set((gaps ?? []).flatMap { gap -> [Int] in
            guard let from = gap["from_sid"] as? Int, let to = gap["to_sid"] as? Int, from <= to else { return [] }
            return Array(from...to)
        })
    }

    var summary: String {
        let missed = missing
        let trailing = missed.filter { $0 > (sids.last ?? 0) }
        return "chaos resend=\(resend) seed=\(seed): status \(run.status), \(cuts) cuts, \(max(0, streams - 1)) reconnections, "
            + "\(sentences.count)/\(scenario.sentences.count) sentences, \(gaps?.count ?? 0) gaps (\(gapSids.count) sids), "
            + "missing [\(ranges(missed))]\(trailing.isEmpty ? "" : " (after the last received: \(ranges(trailing)))"), "
            + "unfinished [\(ranges(unfinished))], untranslated [\(ranges(untranslated))], "
            + "\(bytes / 1000) KB, " + String(format: "%.1f s", seconds)
    }

    /// What holds with or without re-sending: the run ended by itself and was cut at least three
    /// times; each sid once, in order; every text as the scenario said it; the gaps well formed.
    func checkCommon() {
        #expect(run.status == 0, "seed \(seed): exit \(run.status): \(run.stderr.suffix(600))")
        #expect(cuts >= 3, "seed \(seed): only \(cuts) cuts: the run did not test reconnections")
        let counts = Dictionary(sids.map { ($0, 1) }, uniquingKeysWith: +)
        let twice = counts.filter { $0.value > 1 }.keys.sorted()
        #expect(twice.isEmpty, "seed \(seed): sids more than once: \(twice)")
        #expect(zip(sids, sids.dropFirst()).allSatisfy { $0 < $1 }, "seed \(seed): sids out of order: \(sids)")
        let expected = Dictionary(uniqueKeysWithValues: scenario.sentences.map { ($0.sid, $0) })
        for sentence in sentences {
            let sid = sentence["sid"] as? Int ?? -1
            guard let said = expected[sid] else {
                Issue.record("seed \(seed): sid \(sid) was never said")
                continue
            }
            let original = sentence["original"] as? String
            if sentence["is_final"] as? Bool == true {
                #expect(original == said.original, "seed \(seed): sid \(sid) original")
            } else {
                // Only without re-sending: the final text was said while the viewer was away; what
                // came of it (a partial, or nothing when only the translation came) is what was said.
                #expect(resend == 0 && (original == nil || said.partials.contains(original!)),
                        "seed \(seed): sid \(sid) left unfinished: \(original ?? "nil")")
            }
            let translations = sentence["translations"] as? [String: String] ?? [:]
            #expect(Set(translations.keys).isSubset(of: ["en-US"]), "seed \(seed): sid \(sid) translations \(translations)")
            if let english = translations["en-US"] {
                #expect(english == said.translation, "seed \(seed): sid \(sid) translation")
            }
        }
        if gapsMember != nil {
            #expect(gaps != nil, "seed \(seed): \"gaps\" is not an array of objects: \(String(describing: gapsMember))")
        }
        var seen = Set<Int>()
        let final = Set(sentences.filter { $0["is_final"] as? Bool == true }.compactMap { $0["sid"] as? Int })
        for gap in gaps ?? [] {
            guard let from = gap["from_sid"] as? Int, let to = gap["to_sid"] as? Int, from <= to else {
                Issue.record("seed \(seed): a gap without from_sid ≤ to_sid: \(gap)")
                continue
            }
            #expect(gap["missed"] as? Int == to - from + 1, "seed \(seed): gap \(gap): missed")
            #expect(gap["segment"] as? Int != nil, "seed \(seed): gap \(gap): segment")
            let inside = Set(from...to)
            #expect(seen.isDisjoint(with: inside), "seed \(seed): gaps overlap at \(gap)")
            #expect(final.isDisjoint(with: inside), "seed \(seed): gap \(gap) covers sentences received: \(final.intersection(inside).sorted())")
            #expect(inside.isSubset(of: Set(scenario.sids)), "seed \(seed): gap \(gap) outside the broadcast's sids")
            seen.formUnion(inside)
        }
    }
}

/// "3-5,9" for [3, 4, 5, 9].
func ranges(_ values: [Int]) -> String {
    var parts: [String] = []
    var index = 0
    let sorted = values.sorted()
    while index < sorted.count {
        var end = index
        while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
        parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
        index = end + 1
    }
    return parts.joined(separator: ",")
}
