import BroadcastCore
import FoundationEssentials
import Logging
import BroadcastModel
import Synchronization

/// The log: swift-log into `$XDG_STATE_HOME/vas-view/vas-view.log` (or `--log-file`),
/// redacted. Connection events, reconnects, parser and decoder diagnostics, audio.
public enum Log {
    public static let viewer = Logger(label: "vas-view")
    public static let session = Logger(label: "session")
    public static let audio = Logger(label: "audio")

    /// The log file, once `start` has opened it.
    public static var file: LogFile? { logFile.withLock { $0 } }
    private static let logFile = Mutex<LogFile?>(nil)

    /// Once per process, before anything is logged. `verbosity`: 0 info, 1 debug, 2+ trace.
    public static func start(path: String?, verbosity: Int) {
        let path = path ?? LogFile.defaultPath(environment: ProcessInfo.processInfo.environment)
        let level: Logger.Level = verbosity >= 2 ? .trace : verbosity == 1 ? .debug : .info
        do {
            let opened = try LogFile(path: path)
            logFile.withLock { $0 = opened }
            LoggingSystem.bootstrap { label in FileLogHandler(label: label, file: opened, level: level) }
        } catch {
            Diagnostics.writeStandardError("vas-view: warning: \(error); logging is off.\n")
            // swift-log would otherwise print what is logged to the terminal.
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        }
    }

    /// At the end: the process's peak memory and CPU time (the soak and hostile tests read it).
    public static func resources() {
        let (peak, cpu) = ProcessResources.peakAndCPU
        viewer.info("resources: peak RSS \(peak) MB, RSS at the end \(currentRSSMegabytes) MB, CPU \(Decimals.fixed(cpu, places: 2)) s")
    }

    /// Resident memory now (VmRSS of /proc/self/status), in MB.
    public static var currentRSSMegabytes: Int { Int(ProcessResources.residentMB) }

    /// A session update, as one log line (items only when they need saying).
    public static func record(_ update: SessionUpdate) {
        guard file != nil else { return }  // not started: swift-log would print to the terminal
        switch update {
        case .info(let info):
            session.info("broadcast details", metadata: ["name": "\(info.name ?? "-")", "languages": "\(info.translationLanguages.joined(separator: ","))",
                                                         "tts": "\(info.ttsLanguages?.joined(separator: ",") ?? "-")", "password": "\(info.requiresPassword)"])
        case .connecting(let url):
            session.info("connecting to \(url)")
        case .connected:
            session.info("connected", metadata: ["rss_mb": "\(currentRSSMegabytes)"])
        case .items(let items):
            // Diagnostics are logged by the front end that shows them (Diagnostics.warning).
            session.trace("\(items.count) events")
        case .waiting(let wait, let delay, let detail):
            session.notice("waiting \(delay.secondsText) before trying again", metadata: ["why": "\(wait)", "detail": "\(detail)"])
        case .passwordRejected(let left):
            session.notice("password rejected", metadata: ["attempts_left": "\(left)"])
        case .passwordPrompt(let prompt):
            session.info("asking for the password", metadata: ["reason": "\(prompt.reason)"])
        case .speech(let on, let reason):
            session.notice("speech \(on ? "on" : "off")\(reason.map { ": \($0)" } ?? "")")
        case .paced(let pace):
            session.info("replay pace", metadata: ["speed": "\(pace.speed)", "paused": "\(pace.paused)"])
        case .languageSelected(let language):
            session.info("language \(language ?? "(the broadcast's first)")")
        case .notice(let text):
            session.notice("\(text)")
        case .logged(let text):
            session.info("\(text)")
        case .finished(let outcome):
            session.info("finished: \(outcome.message)")
        }
    }
}
