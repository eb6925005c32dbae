import ArgumentParser
import BroadcastCore
import BroadcastModel
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif
import ViewerTUI

/// The autosave journals on this machine, and what a person may call one by.
enum JournalFiles {
    static var folder: String { XDG.stateFolder(environment: ProcessInfo.processInfo.environment) }

    /// The journals in `folder` (files that start with a journal's header), newest first (by when
    /// they were last written).
    static func all(in folder: String) -> [(path: String, modified: Double)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.compactMap { name -> (String, Double)? in
            let path = folder + "/" + name
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, OutputPath.isJournal(path) else { return nil }
            return (path, Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        }.sorted { $0.1 > $1.1 }
    }

    /// What `export` reads for `argument`: the file itself when there is one; else a journal's bare
    /// name in the journals' folder; else, for a token, the newest journal of that token.
    static func resolve(_ argument: String, in folder: String) -> String? {
        if argument == "-" || FileManager.default.fileExists(atPath: argument) { return nil }
        if !argument.contains("/") {
            for name in [argument, argument + ".jsonl"] where FileManager.default.fileExists(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        if VASAssumptions.isValidToken(argument) {
            return all(in: folder).first { Paths.lastComponent($0.path).hasPrefix(argument + "-") }?.path
        }
        return nil
    }

    /// One journal read to its end, summed up.
    static func summary(of path: String) -> Journal.Summary? {
        guard let input = try? InputFile(path: path) else { return nil }
        var reader = Journal.Reader()
        while let chunk = try? input.read() { reader.feed(chunk) }
        reader.finish()
        return Journal.Summary(file: Paths.lastComponent(path), contents: reader.contents)
    }
}

/// `vas-view journals`: the autosave journals, newest first.
struct JournalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journals",
        abstract: "List the autosave journals, newest first: broadcast, server, when and how long, sentences and recordings.",
        discussion: """
            Journals are in $XDG_STATE_HOME/vas-view (~/.local/state/vas-view): TOKEN-DATE.jsonl, one per broadcast and day \
            (TOKEN-DATE-2.jsonl and on when two viewers of one broadcast ran at once). vas-view export takes a journal's \
            name (a3f9-2026-11-22.jsonl) or a token (a3f9: its newest journal) from any folder.
            """
    )

    func run() throws {
        let folder = JournalFiles.folder
        let journals = JournalFiles.all(in: folder)
        let out = StandardOutput()
        guard !journals.isEmpty else {
            Diagnostics.info("no autosave journal in \(folder) yet: one is written as soon as a watched broadcast's first sentence is final.")
            return
        }
        out.write(piece: "# \(journals.count) journal\(journals.count == 1 ? "" : "s") in \(folder), the last written first\n")
        for journal in journals {
            guard let summary = JournalFiles.summary(of: journal.path) else { continue }
            out.write(piece: summary.description + "\n")
        }
        out.flush()
    }
}
