/// The kept transcript as JSON (`--save FILE.json`): every sentence of every
/// recording, speakers as they stand after all renames and merges.
///
/// Never contains the password or the viewer access token: nothing here ever held them.
public enum TranscriptJSON {
    public static let format = "vas-view-transcript"
    public static let version = 1

    public static func document(_ model: Broadcast, token: String? = nil) -> String {
        var out = ""
        document(model, token: token) { out += $0 }
        return out
    }

    /// The document in pieces, one sentence at a time.
    public static func document(_ model: Broadcast, token: String? = nil, to emit: (String) -> Void) {
        let transcript = model.transcript
        var members: [(String, String)] = [
            ("format", JSONText.quote(format)),
            ("version", String(version)),
        ]
        if let token { members.append(("token", JSONText.quote(token))) }
        members.append(("languages", JSONText.array(transcript.languages.map(JSONText.quote))))
        // Sentences that never arrived (the word "missed" is in every form of the transcript).
        members.append(("gaps", JSONText.array(transcript.allGaps.map { object($0.gap, in: $0.segment) })))
        // The object's members with the sentences' array last, written element by element.
        let head = JSONText.object(members)
        emit(head.dropLast() + "," + JSONText.quote("sentences") + ":[")
        var first = true
        for segment in transcript.segments {
            for sentence in segment.sentences.values {
                emit((first ? "\n" : ",\n") + object(sentence, in: segment))
                first = false
            }
        }
        emit("\n]}\n")
    }

    /// JSON lines: a header, then one sentence per line (the same objects as the document's).
    public static func lines(_ model: Broadcast, token: String? = nil, to emit: (String) -> Void) {
        var header: [(String, String)] = [("format", JSONText.quote(format + "-lines")), ("version", String(version))]
        if let token { header.append(("token", JSONText.quote(token))) }
        header.append(("languages", JSONText.array(model.transcript.languages.map(JSONText.quote))))
        emit(JSONText.object(header) + "\n")
        for segment in model.transcript.segments {
            let gapBefore = segment.gapsBySentenceAfter
            for sentence in segment.sentences.values {
                // A gap is a line of its own where the missed sentences would have been.
                if let gap = gapBefore[sentence.sid] { emit(object(gap, in: segment) + "\n") }
                emit(object(sentence, in: segment) + "\n")
            }
        }
    }

    /// `{"missed":2,"from_sid":3,"to_sid":4,"segment":0,"from_time":"00:12","to_time":"00:18","text":"2 sentences missed …"}`.
    static func object(_ gap: Gap, in segment: Segment) -> String {
        JSONText.object([
            ("missed", String(gap.count)),
            ("from_sid", String(gap.fromSid)),
            ("to_sid", String(gap.toSid)),
            ("segment", String(segment.index)),
            ("from_time", JSONText.optional(gap.fromTime)),
            ("to_time", JSONText.optional(gap.toTime)),
            ("text", JSONText.quote(gap.description)),
        ])
    }

    static func object(_ sentence: Sentence, in segment: Segment) -> String {
        JSONText.object([
            ("sid", String(sentence.sid)),
            ("segment", String(segment.index)),
            ("start_time", JSONText.optional(sentence.startTime)),
            ("speaker_id", JSONText.optional(sentence.speakerID)),
            ("speaker_label", JSONText.optional(segment.speakerLabel(of: sentence))),
            ("original", JSONText.optional(sentence.original)),
            ("language", JSONText.optional(sentence.language)),
            ("is_final", sentence.isFinal ? "true" : "false"),
            ("translations", JSONText.map(sentence.translations.mapValues(\.text))),
            ("errors", JSONText.map(sentence.errors.mapValues { $0 })),
        ])
    }
}
