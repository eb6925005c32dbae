import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import SimWire

/// vas-sim: a local VAS for tests, the demo, and trying vas-view without a live event.
/// `vas-sim [serve]` serves a broadcast (the viewer's API, and the host's and the
/// notification service's WebSockets); `vas-host` drives one as its host.
@main
struct VasSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vas-sim",
        abstract: "A local VAS: serve a broadcast (vas-sim serve, the default). Drive it as its host with vas-host.",
        subcommands: [Serve.self],
        defaultSubcommand: Serve.self
    )
}

/// Serves the broadcast info, the (assumed) password check and the SSE stream as the
/// documents describe them, and the host API (docs/vas-sim.md).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a simulated VAS broadcast on this machine.",
        discussion: """
            Prints "vas-sim listening on http://HOST:PORT" when ready. Built-in scenarios: \
            \(ScenarioLibrary.names.joined(separator: ", ")). A scenario file is JSON lines \
            (see Sources/vas-sim/Scenario.swift).
            """
    )

    @Option(parsing: .unconditional, help: "The port to listen on (0–65535); 0 picks a free one.")
    var port = 0

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "A built-in scenario name or a scenario file.")
    var scenario = "demo"

    @Option(help: "The broadcast's share token.")
    var token = "a3f9"

    @Option(help: "Protect the broadcast with this password (overrides the scenario).")
    var password: String?

    @Option(help: "How many viewers may watch at once (overrides the scenario).")
    var maxViewers: Int?

    @Flag(help: "When full, answer 503 broadcast_capacity_exceeded instead of queueing.")
    var rejectWhenFull = false

    @Option(help: "Play the scenario this many times faster.")
    var speed = 1.0

    @Option(help: "Seconds between heartbeat comments.")
    var heartbeat = 15.0

    @Option(help: "Answer 404 broadcast_session_not_started for this many seconds after start-up.")
    var notStartedFor = 0.0

    @Option(help: "Answer every request with this state instead: not-found, ended or revoked.")
    var status: String?

    @Option(parsing: .unconditional, help: "How many recent sentences a (re)connecting viewer is sent again (default: 20); 0 sends none, so a viewer that reconnects misses what was said while it was away.")
    var resend: Int?

    /// The option's old name, still accepted (scripts and habits), not shown in the help.
    @Option(name: .customLong("history"), help: ArgumentHelp("The old name of --resend.", visibility: .hidden))
    var history: Int?

    @Option(help: "The broadcast's id in its details (default: a new one each run, as each run is a broadcast of its own).")
    var broadcastId: String?

    @Option(help: "The host's API key (vas_ and 32 letters or digits) for POST /api/v1/auth/ticket (default: one made up, and printed with --scenario live).")
    var apiKey: String?

    @Option(help: "The secret that signs the notification service's tokens (JWT, HS256) (default: one made up; with --scenario live a token is printed).")
    var jwtSecret: String?

    @Option(parsing: .unconditional, help: "Seconds a WebSocket ticket stays valid (as VAS: 60).")
    var ticketTtl = 60.0

    @Option(parsing: .unconditional, help: "Seconds a broadcast whose host dropped (closed the connection without stop) stays paused, waiting for a host to come back and resume, before it ends.")
    var hostGrace = 300.0

    @Option(name: .customLong("variant"), help: ArgumentHelp("Differ from vas-view's guesses where the documents are silent (repeatable): \(ServerVariant.names). See docs/vas-sim.md.", valueName: "name"))
    var variantNames: [String] = []

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535 (0 picks a free one).") }
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ValidationError("--token is a share token: letters, digits, - and _ (like a3f9).")
        }
        if let jwtSecret, jwtSecret.isEmpty { throw ValidationError("--jwt-secret must not be empty.") }
        guard speed > 0 else { throw ValidationError("--speed must be positive.") }
        guard heartbeat > 0 else { throw ValidationError("--heartbeat must be positive.") }
        if let status, !["not-found", "ended", "revoked"].contains(status) {
            throw ValidationError("--status must be not-found, ended or revoked.")
        }
        if let apiKey, !Tickets.isWellFormed(apiKey) {
            throw ValidationError("--api-key must be vas_ followed by 32 letters or digits, like the dashboard's keys.")
        }
        guard ticketTtl > 0 else { throw ValidationError("--ticket-ttl must be positive.") }
        guard hostGrace >= 0 else { throw ValidationError("--host-grace must be 0 or more seconds.") }
        for name in variantNames where ServerVariant(rawValue: name) == nil {
            throw ValidationError("no variant '\(name)': the variants are \(ServerVariant.names).")
        }
        if variantNames.contains(ServerVariant.html.rawValue), variantNames.contains(ServerVariant.streamRedirect.rawValue) {
            throw ValidationError("--variant html and --variant stream-redirect both answer the stream's path: give one of them.")
        }
        guard resend == nil || history == nil else { throw ValidationError("--history is the old name of --resend: give one of them.") }
        guard (resend ?? history ?? 0) >= 0 else { throw ValidationError("--resend must be 0 or more.") }
    }

    func run() async throws {
        var script = try loadScenario()
        if let password { script.meta.password = password }
        if let maxViewers { script.meta.maxViewers = maxViewers }
        var settings = Simulation.Settings()
        settings.token = token
        settings.speed = speed
        settings.heartbeat = heartbeat
        settings.rejectWhenFull = rejectWhenFull
        settings.resend = resend ?? history ?? 20
        settings.notStartedFor = notStartedFor
        settings.hostGrace = hostGrace
        switch SpeechTools.find() {
        case .success(let tools): settings.speech = tools
        case .failure(let missing):
            settings.speechMissing = missing
            // Said at start: a host that asks for speech (tts_config) gets none.
            if script.meta.hostDriven { FileHandle.standardError.write(Data("vas-sim: \(missing.sentence)\n".utf8)) }
        }
        settings.status = status
        if let broadcastId { settings.broadcastID = broadcastId }
        let simulation = Simulation(scenario: script, settings: settings)

        var logger = Logger(label: "vas-sim")
        logger.logLevel = .warning
        let key = apiKey ?? "vas_" + Tickets.random(32)
        let tickets = Tickets(apiKey: key, lifetime: ticketTtl)
        let jwt = JWTCheck(secret: jwtSecret ?? Tickets.random(32))
        let madeUpKey = apiKey == nil
        let madeUpSecret = jwtSecret == nil
        let token = self.token
        let hostDriven = script.meta.hostDriven
        let app = Application(
            router: SimRoutes.router(simulation, tickets: tickets, jwt: jwt, variants: Set(variantNames.compactMap(ServerVariant.init(rawValue:)))),
            server: HostSockets.server(simulation, tickets: tickets, jwt: jwt),
            configuration: .init(address: .hostname(host, port: port), serverName: "vas-sim"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                // An IPv6 address is written in brackets in a URL (http://[::1]:8080).
                let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
                // First (scripts and tests read this line), then, for a host-driven broadcast, how
                // to drive it; one unbuffered write, so a script that saw the first has the others.
                var lines = "vas-sim listening on \(address)\n"
                if hostDriven {
                    if madeUpKey { lines += "vas-sim host API key (development): \(key)\n" }
                    if madeUpSecret { lines += "vas-sim notification token (development, 24 h): \(jwt.sign(subject: "broadcast:\(token)", expiresIn: 86_400))\n" }
                    lines += "vas-sim: broadcast \(token) waits for its host: vas-host --server \(address) --api-key \(madeUpKey ? key : "KEY")\n"
                }
                FileHandle.standardOutput.write(Data(lines.utf8))
            },
            logger: logger
        )
        // Ctrl-C and SIGTERM stop it at once. Hummingbird's graceful shutdown waits for every
        // open stream to end, and a viewer's never does: it went on for as long as one watched.
        var stoppers: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("vas-sim: stopped (\(number == SIGINT ? "Ctrl-C" : "SIGTERM")); open streams and connections are closed.\n".utf8))
                Foundation.exit(0)
            }
            source.resume()
            stoppers.append(source)
        }
        do {
            try await app.runService()
        } catch {
            let said = "\(error)"
            if said.contains("Address already in use") {
                throw ValidationError("port \(port) on \(host) is in use: pick another with --port (0 picks a free one).")
            }
            if said.contains("UnknownHost") || said.contains("Cannot assign requested address") || said.contains("not known") {
                throw ValidationError("cannot listen on \(host): not an address of this machine (try 127.0.0.1, ::1 or 0.0.0.0).")
            }
            throw error
        }
        _ = stoppers
    }

    private func loadScenario() throws -> Scenario {
        let text: String
        if let builtIn = ScenarioLibrary.text(named: scenario) {
            text = builtIn
        } else if let data = FileManager.default.contents(atPath: scenario) {
            text = String(decoding: data, as: UTF8.self)
        } else {
            throw ValidationError("no scenario '\(scenario)': give a file, or one of \(ScenarioLibrary.names.joined(separator: ", ")).")
        }
        do {
            return try Scenario.parse(text)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

