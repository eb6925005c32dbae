import BroadcastModel

/// A word that is not a broadcast token may be a command mistyped (`vas-view exprot x`,
/// `vas-view wacth a3f9`, `vas-view version`): the nearest command is suggested, as git does.
/// A token that is also close to a command (`vas-view wach`) is watched, and said to be taken
/// as a token.
enum Typos {
    /// What a person may type, and what they mean: each subcommand, and the root's options
    /// spelled without their dashes.
    static let commands: [(word: String, meant: String)] = [
        ("watch", "vas-view watch"), ("replay", "vas-view replay"), ("export", "vas-view export"),
        ("config", "vas-view config"), ("events", "vas-view events"), ("speak", "vas-view speak"), ("journals", "vas-view journals"),
        ("help", "vas-view help"), ("version", "vas-view --version"),
        // Not a command, but what a newcomer tries first: the demo is a make target.
        ("demo", "the demo broadcast (make demo in the source folder, or vas-sim with vas-view a3f9 --server, as the README shows)"),
    ]

    /// The mistake in `arguments` when the first is neither a command, an option, a token nor a
    /// link, but near a command: one sentence naming it.
    static func mistypedCommand(_ arguments: [String]) -> String? {
        // `vas-view --verison` alone would be "missing expected argument" (a watch without a token).
        if arguments.count == 1, let only = arguments.first, only.hasPrefix("-"), !["--version", "--help", "-h"].contains(only) {
            for (option, name) in [("--version", "--version"), ("--help", "--help")]
            where only == "-V" && option == "--version" || (only.count > 3 && distance(only.lowercased(), option) <= 2) {
                return "unknown option '\(TextSanitizer.clean(only))': did you mean vas-view \(name)?"
            }
        }
        // `vas-view help exprot` would print the top help without a word about the typo.
        if arguments.count == 2, arguments[0] == "help", !subcommands.contains(arguments[1]), let meant = suggestion(for: arguments[1]),
           meant.hasPrefix("vas-view ") {
            return "there is no command '\(TextSanitizer.clean(arguments[1]))': did you mean vas-view help \(meant.dropFirst(9))?"
        }
        guard let first = arguments.first, !first.hasPrefix("-"), !VASAssumptions.isValidToken(first),
              !ShareLink.looksLikeLink(first), !subcommands.contains(first),
              let meant = suggestion(for: first) else { return nil }
        return "'\(TextSanitizer.clean(first))' is not a command or a broadcast token: did you mean \(meant)?"
    }

    /// The words the parser itself takes as commands.
    static let subcommands: Set<String> = ["watch", "replay", "export", "journals", "config", "events", "speak", "help"]

    /// The command `word` most likely means, if it is near enough one: the edit distance
    /// (a swap of two neighbours counts once) at most 1 for words of up to 4 letters, else 2.
    static func suggestion(for word: String) -> String? {
        let typed = word.lowercased()
        guard !typed.isEmpty, typed.count <= 20 else { return nil }
        let limit = typed.count <= 4 ? 1 : 2
        var best: (distance: Int, meant: String)?
        for (command, meant) in commands {
            let distance = Self.distance(typed, command)
            if distance <= limit, distance < (best?.distance ?? .max) { best = (distance, meant) }
        }
        return best?.meant
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbouring characters, each 1.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
