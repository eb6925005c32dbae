// swift-tools-version: 6.1
import PackageDescription

/// What BroadcastModel may not import: each is renamed to a module that does not exist.
/// What a module may not import although it is built beside it: the compiler is told each
/// name means a module that does not exist, so `import X` fails with "no such module"
/// (docs/architecture.md has the rules).
func forbid(_ modules: [String], in target: String) -> [String] {
    modules.flatMap { ["-module-alias", "\($0)=\(target)_may_not_import_\($0)"] }
}
/// The pure module: no Foundation, no C library, no threads, no C shims, no logging, no files.
let forbiddenInPureModule = [
    "Foundation", "FoundationEssentials", "FoundationInternationalization", "FoundationNetworking",
    "Glibc", "SwiftGlibc", "Musl", "Darwin", "WinSDK", "Android", "Dispatch", "Synchronization",
    "CCurl", "CMpg123", "CNcurses", "Logging", "ArgumentParser", "BroadcastCore", "ViewerTUI",
]
// Task and the other concurrency types are not in scope either.
let pureModuleFlags = forbid(forbiddenInPureModule, in: "BroadcastModel") + ["-Xfrontend", "-disable-implicit-concurrency-module-import"]
/// The broadcast's effects know nothing of the terminal or the command line.
/// The viewer links FoundationEssentials, never all of Foundation (with ICU, it would triple the
/// static binary and add megabytes to every start): docs/architecture.md.
let fullFoundation = ["Foundation", "FoundationInternationalization", "FoundationNetworking", "FoundationXML"]
let coreFlags = forbid(["CNcurses", "ArgumentParser", "ViewerTUI"] + fullFoundation, in: "BroadcastCore")
/// The front end knows nothing of the command line or the settings file.
let viewerFlags = forbid(["ArgumentParser"] + fullFoundation, in: "ViewerTUI")

let package = Package(
    name: "vas-view",
    // Linux only: the sources use Glibc and /proc unguarded, and nothing is tested elsewhere, so no
    // other platform is claimed (docs/architecture.md, "Platforms").
    products: [
        .executable(name: "vas-view", targets: ["vas-view"]),
        .executable(name: "vas-sim", targets: ["vas-sim"]),
        .executable(name: "vas-host", targets: ["vas-host"]),
        // No library products: the libraries are built with unsafeFlags (the import rules), and
        // SwiftPM lets no other package use such a product at a version (docs/architecture.md).
    ],
    dependencies: [
        // Command-line parsing with per-option help and validation errors.
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // OrderedDictionary: sentences kept in order of first appearance, looked up by sid.
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        // vas-sim, the local VAS broadcast simulator: an HTTP server with streaming responses.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0"),
        // vas-sim's host WebSocket (/ws) and notification WebSocket (/ws/notifications).
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        // The WebSocket client: vas-host (a person typing as the host; the host tests).
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.0"),
        // vas-sim's own child channel (a refused WebSocket handshake answered 401 with its JSON):
        // swift-nio's typed upgrader, and the HTTP types codec of swift-nio-extras.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.24.0"),
        // HTTP field names in vas-sim's handshakes (Sec-WebSocket-Protocol, X-API-Key).
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        // Logging: the viewer's log file (connection events, diagnostics, audio), and vas-sim's.
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
        // Property-based tests (random chunking of SSE streams) for Swift Testing.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
    ],
    targets: [
        // libcurl, through static inline wrappers (curl_easy_setopt is variadic).
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // ncursesw, through static inline wrappers (attributes and key codes are macros). No
        // pkg-config: its -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 are flags SwiftPM refuses (and
        // says so on every build); the shim defines what it needs, the module map links.
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // libmpg123 and libout123, through wrappers (mpg123.h renames functions by macro).
        .systemLibrary(
            name: "CMpg123",
            pkgConfig: "libmpg123",
            providers: [.apt(["libmpg123-dev"])]
        ),
        // The broadcast as pure logic: SSE, JSON, events, transcript, viewer state, every VAS rule,
        // the journal and export formats, speech scheduling. Collections only; the flags make the
        // compiler refuse Foundation, the C library, Dispatch and Synchronization here (an import
        // of one names a module that does not exist), and Task is not in scope: no files, no
        // threads, no clocks. The C shims are refused by the dependency graph.
        .target(
            name: "BroadcastModel",
            dependencies: [
                .product(name: "Collections", package: "swift-collections"),
            ],
            swiftSettings: [.unsafeFlags(pureModuleFlags)]
        ),
        .target(
            name: "BroadcastCore",
            dependencies: [
                "BroadcastModel",
                "CCurl",
                "CMpg123",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.unsafeFlags(coreFlags)]
        ),
        // The terminal front end: grid, widths, wrapping, themes, keys, layout, the renderer, the
        // update function and its loop, the curses screen, plain mode, speech control, logging.
        .target(
            name: "ViewerTUI",
            dependencies: [
                "BroadcastModel",
                "BroadcastCore",
                "CNcurses",
                // OrderedDictionary: the transcript view reads the model's sentences in order.
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.unsafeFlags(viewerFlags)]
        ),
        // The program: main, one file per subcommand, the settings (config.toml, environment, options).
        .executableTarget(
            name: "vas-view",
            dependencies: [
                "BroadcastModel",
                "BroadcastCore",
                "ViewerTUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // OrderedDictionary: config.toml's tables keep the order of the file (TOML.swift).
                .product(name: "Collections", package: "swift-collections"),
            ],
            path: "Sources/vas-view",
            swiftSettings: [.unsafeFlags(forbid(fullFoundation, in: "vas_view"))],
            plugins: ["BuildInfoPlugin"]
        ),
        // `vas-view --version` names the commit it was built from: BuildInfo.swift, written before each build.
        .plugin(
            name: "BuildInfoPlugin",
            capability: .buildTool(),
            path: "Sources/BuildInfoPlugin"
        ),
        .executableTarget(
            name: "vas-sim",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "WSCore", package: "swift-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "SimWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/vas-sim"
        ),
        // What vas-sim and vas-host share: JSON text, HS256 tokens (our own SHA-256), typed host lines.
        .target(
            name: "SimWire",
            path: "Sources/SimWire"
        ),
        // The host's client and the notification listener (WebSocket client, with TLS).
        .executableTarget(
            name: "vas-host",
            dependencies: [
                "SimWire",
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/vas-host"
        ),
        .executableTarget(
            name: "vas-bench",
            dependencies: ["BroadcastModel", "BroadcastCore", "ViewerTUI", "TestSupport"],
            path: "Sources/vas-bench"
        ),
        // make fuzz: libFuzzer targets (built with -sanitize=fuzzer -DFUZZING); otherwise a reproducer.
        .executableTarget(
            name: "vas-fuzz",
            dependencies: ["BroadcastModel", "ViewerTUI", "TestSupport"],
            path: "Sources/vas-fuzz"
        ),
        // Test doubles the unit test targets share: a scripted network, fake sound devices, fixtures.
        .target(
            name: "TestSupport",
            dependencies: ["BroadcastModel", "BroadcastCore", "ViewerTUI"],
            path: "Tests/Support"
        ),
        // Each module's unit tests, beside it: the pure model, the effects, the front end, the program.
        .testTarget(
            name: "BroadcastModelTests",
            dependencies: ["BroadcastModel", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "BroadcastCoreTests",
            dependencies: ["BroadcastModel", "BroadcastCore", "ViewerTUI", "TestSupport"]
        ),
        // The front end's own logic (the update function and the loop on a test screen, plain mode), without a terminal.
        .testTarget(
            name: "ViewerTUITests",
            dependencies: ["ViewerTUI", "BroadcastModel", "BroadcastCore", "TestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        // The command line and the settings.
        .testTarget(
            name: "VasViewTests",
            dependencies: ["vas-view", "ViewerTUI", "BroadcastModel", "BroadcastCore", "TestSupport"]
        ),
        // vas-sim's host side without sockets: tickets, tokens, actions, typed lines.
        .testTarget(
            name: "VasSimTests",
            dependencies: ["vas-sim", "SimWire", .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
        // SimWire alone: SHA-256 and HMAC against the standards' vectors, HS256 tokens, JSON text, typed host lines.
        .testTarget(
            name: "SimWireTests",
            dependencies: ["SimWire"]
        ),
        // vas-host without a network: options, addresses, tickets, pings and pongs, the listener's lines.
        .testTarget(
            name: "VasHostTests",
            dependencies: ["vas-host", "SimWire"]
        ),
        // End to end: the real vas-view against the real vas-sim over loopback.
        .testTarget(
            name: "LiveTests",
            dependencies: ["TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
