import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// vas-sim: a local VAS broadcast for tests, the demo, and trying vas-view
/// without a live event. Serves the broadcast info, the (assumed) password
/// check and the SSE stream as the documents describe them.
@main
struct VasSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vas-sim",
        abstract: "Serve a simulated VAS broadcast on this machine.",
        discussion: """
            Prints "vas-sim listening on http://HOST:PORT" when ready. Built-in scenarios: \
            \(ScenarioLibrary.names.joined(separator: ", ")). A scenario file is JSON lines \
            (see Sources/vas-sim/Scenario.swift).
            """
    )

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "The address to listen on (loopback by default).")
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

    @Option(help: "How many earlier sentences a new connection is sent again (default 20).")
    var history = 20

    @Option(help: "The broadcast's id in its details (default: a new one each run, as each run is a broadcast of its own).")
    var broadcastId: String?

    func validate() throws {
        guard speed > 0 else { throw ValidationError("--speed must be positive.") }
        guard heartbeat > 0 else { throw ValidationError("--heartbeat must be positive.") }
        if let status, !["not-found", "ended", "revoked"].contains(status) {
            throw ValidationError("--status must be not-found, ended or revoked.")
        }
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
        settings.history = max(0, history)
        settings.notStartedFor = notStartedFor
        settings.status = status
        if let broadcastId { settings.broadcastID = broadcastId }
        let simulation = Simulation(scenario: script, settings: settings)

        var logger = Logger(label: "vas-sim")
        logger.logLevel = .warning
        let app = Application(
            router: SimRoutes.router(simulation),
            configuration: .init(address: .hostname(host, port: port), serverName: "vas-sim"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                // Unbuffered, so a script waiting for this line sees it at once.
                FileHandle.standardOutput.write(Data("vas-sim listening on http://\(host):\(port)\n".utf8))
            },
            logger: logger
        )
        try await app.runService()
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

