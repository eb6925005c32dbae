import ArgumentParser
import BroadcastCore
import BroadcastModel
import ViewerTUI

extension ExportFormat: ExpressibleByArgument {}

/// `--format`, `--subtitle-lang`, `--bilingual`: what a saved or exported transcript looks
/// like. Shared by `--save` (watch, replay) and `vas-view export`.
struct FormatOptions: ParsableArguments {
    @Option(help: "txt, json, jsonl, srt or vtt (default: from the file name's extension; txt for the s key alone and for standard output).")
    var format: ExportFormat?

    @Option(help: "Subtitles and text: the translation language to write (default: the one on screen; for export, the broadcast's first).")
    var subtitleLang: String?

    @Flag(help: "Subtitles: the original and the translation together in each cue.")
    var bilingual = false

    /// A file name that names no format, and no `--format`: a usage mistake, said as one. A name
    /// and a `--format` that disagree (`--save t.srt --format vtt`) are one too: WebVTT in a
    /// .srt file would mislead every player that opens it. `option` names the file's option.
    func check(path: String?, option: String = "--save") throws {
        if let path, format == nil, ExportFormat(path: path) == nil {
            throw ValidationError("cannot tell the format of '\(TextSanitizer.clean(path))' from its name: end it in .txt, .json, .jsonl, .srt or .vtt, or add --format.")
        }
        if let path, let format, let named = ExportFormat(path: path), named != format {
            throw ValidationError("\(option) '\(TextSanitizer.clean(path))' and --format \(format.rawValue) disagree: name the file .\(format.rawValue), or leave --format out.")
        }
    }

    /// `--subtitle-lang` or `--bilingual` given.
    var shapesSomething: Bool { subtitleLang != nil || bilingual }

    var shape: TranscriptShape { TranscriptShape(format: format, subtitleLang: subtitleLang, bilingual: bilingual) }
}

/// `--save` and the shape of the file: watch and replay.
struct SaveOptions: ParsableArguments {
    @Option(help: "On exit, write the whole transcript to this file; the format comes from its extension (.txt .json .jsonl .srt .vtt) or --format.", completion: .file())
    var save: String?

    @OptionGroup var format: FormatOptions

    func validate() throws {
        if let save, let problem = OutputPath.problem(save) {
            throw ValidationError("cannot write the --save file '\(TextSanitizer.clean(save))': \(problem).")
        }
        try format.check(path: save)
    }

    var target: SaveTarget { SaveTarget(save: save, shape: format.shape) }
}
