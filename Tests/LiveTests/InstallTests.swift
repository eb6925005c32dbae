import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The repository's top folder.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Help, the man page, completions, installation, exit codes.
@Suite(.timeLimit(.minutes(liveTimeLimit))) struct InstallTests {
    static let installed = ["bin/vas-view", "bin/vas-sim", "share/man/man1/vas-view.1",
                            "share/bash-completion/completions/vas-view", "share/zsh/site-functions/_vas-view",
                            "share/fish/vendor_completions.d/vas-view.fish"]

    @Test func installPutsEverythingUnderThePrefixAndUninstallRemovesIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let prefix = folder.path("prefix")
        let installed = try run(repository.path + "/scripts/install.sh", [BuiltPrograms.directory.path, prefix])
        #expect(installed.status == 0, "\(installed.stderr)")
        for file in Self.installed { #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file)") }
        let bash = try String(contentsOfFile: prefix + "/share/bash-completion/completions/vas-view", encoding: .utf8)
        #expect(bash.contains("export") && bash.contains("--tts-max-lag"))
        #expect(try run("/bin/bash", ["-n", prefix + "/share/bash-completion/completions/vas-view"]).status == 0)
        // The version, and the commit the program was built from (the repository's own).
        let commit = try run("/usr/bin/git", ["-C", repository.path, "describe", "--always", "--dirty", "--abbrev=10", "--exclude=*"]).stdout
        #expect(commit.count >= 10)
        #expect(try run(prefix + "/bin/vas-view", ["--version"]).stdout == "0.1.0 (commit \(commit.trimmingCharacters(in: .whitespacesAndNewlines)))\n")
        let removed = try run(repository.path + "/scripts/install.sh", ["--uninstall", prefix])
        #expect(removed.status == 0)
        for file in Self.installed { #expect(!FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file)") }
    }

    /// Every option any command shows in its help is in the man page.
    @Test func theManPageCoversEveryOption() throws {
        let manual = try String(contentsOf: repository.appendingPathComponent("docs/vas-view.1"), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
        var options: Set<String> = []
        for command in ["watch", "replay", "export", "config", "events", "speak"] {
            let help = try runViewer([command, "--help"]).stdout
            for word in help.split(whereSeparator: { " ,/\n()".contains($0) }) where word.hasPrefix("--") {
                let option = word.split(separator: "=").first.map(String.init) ?? String(word)
                if option.count > 2, option.dropFirst(2).allSatisfy({ $0.isLetter || $0 == "-" }) { options.insert(option) }
            }
        }
        #expect(options.count > 25)
        for option in options.subtracting(["--help", "--version"]) {
            #expect(manual.contains(option), "the man page does not mention \(option)")
        }
    }

    @Test func theManPageRendersWithoutWarnings() throws {
        guard FileManager.default.fileExists(atPath: "/usr/bin/groff") else {
            Issue.record("groff is missing: make deps installs groff-base")
            return
        }
        let rendered = try run("/usr/bin/groff", ["-man", "-Tutf8", "-P-cbou", "-ww", repository.path + "/docs/vas-view.1"])
        #expect(rendered.status == 0)
        #expect(rendered.stderr.isEmpty, "\(rendered.stderr)")
        #expect(rendered.stdout.contains("EXIT STATUS"))
        #expect(rendered.stdout.contains("--tts-max-lag"))
    }

    @Test func everyOptionHasAOneSentenceHelp() throws {
        for command in ["watch", "replay", "export", "config", "events", "speak"] {
            let help = try runViewer([command, "--help"]).stdout
            // An option line without text after it would show the option alone.
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where line.hasPrefix("  -") {
                // ArgumentParser puts the help at column 26, or on the next line when the option is long.
                let column = String(repeating: " ", count: 26)
                let next = index + 1 < lines.count ? lines[index + 1] : ""
                let hasText = (line.count > 26 && line.dropFirst(26).contains(where: \.isLetter))
                    || (next.hasPrefix(column) && next.contains(where: \.isLetter))
                #expect(hasText, "\(command): \(line)")
            }
        }
        let root = try runViewer(["--help"]).stdout
        #expect(root.contains("Examples:") && root.contains("Exit codes:"))
    }

    @Test func exitCodeOneIsForAnythingElseWithASentence() throws {
        let sim = try Simulator(["--scenario", "short"])
        // A file that cannot be written at the end (a full disk): one sentence, exit 1, the transcript printed.
        let run = try viewer(["a3f9", "--save", "/dev/full", "--format", "txt"], against: sim)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(run.stderr)")
        #expect(lines.first == "vas-view: cannot write '/dev/full': No space left on device.")  // no folder hint for a full disk
        #expect(lines.last?.hasPrefix("vas-view: the transcript is kept in ") == true)
        #expect(run.transcript == shortTranscript)
    }

    /// A path that cannot be written is said at once, before the server is asked anything (exit 2).
    @Test func unwritablePathsAreRefusedBeforeConnecting() throws {
        let sim = try Simulator(["--scenario", "short"])
        for (option, name) in [("--record-raw", "the --record-raw file"), ("--save", "the --save file"), ("--tts-wav", "the --tts-wav file")] {
            let run = try viewer(["a3f9", "--tts", option, "/nonexistent-folder/x.txt"], against: sim)
            #expect(run.status == 2)
            #expect(run.stderr == "vas-view: cannot write \(name) '/nonexistent-folder/x.txt': the folder '/nonexistent-folder' does not exist. See 'vas-view --help'.\n")
        }
        let folder = try viewer(["a3f9", "--save", "/tmp", "--format", "txt"], against: sim)
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("cannot write the --save file '/tmp': it is a folder."))
        #expect(try sim.stats()["info"] == nil)  // nothing reached the server
    }

    @Test func ctrlCInPlainModeExits130AndKeepsWhatWasSaid() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let scenario = #"{"broadcast":{"name":"Long","recognition_mode":"single","phase":"live"}}"# + "\n"
            + #"{"at":0.1,"event":"origin","data":{"sid":1,"text":"第一句。","is_final":true,"language":"zh-TW","start_time":"00:01"}}"# + "\n"
            + #"{"at":600,"event":"ended","data":{}}"# + "\n"
        let sim = try Simulator(["--scenario", try scenarioFile(scenario)])
        let status = try interruptViewer(["a3f9", "--server", sim.url, "--save", folder.path("t.txt")],
                                         stateHome: folder.path("state"), after: "第一句", with: SIGINT)
        #expect(status == 130)
        #expect(try String(contentsOfFile: folder.path("t.txt"), encoding: .utf8).contains("[00:01] 第一句。"))
    }
}
