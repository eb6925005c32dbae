import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket
@_spi(WSInternal) import WSCore

/// What a WebSocket handshake gets: upgraded with these headers and this handler, refused with an
/// HTTP answer (seed 000: "ticket_already_used … 401"), or left to the router (not a socket path).
enum Handshake: Sendable {
    typealias Handler = @Sendable (WebSocketInboundStream, WebSocketOutboundWriter) async -> Void
    case upgrade(HTTPFields, Handler)
    case refuse(status: Int, json: String)
    case dontUpgrade
}

/// vas-sim's child channel: HTTP/1.1 with a WebSocket upgrade, as hummingbird-websocket's
/// `HTTP1WebSocketUpgradeChannel`, but a refused upgrade is answered with its status and JSON body
/// (that one answers every refused upgrade with an empty 400, which cannot say why). Built from
/// swift-nio's typed upgrader, its not-upgrading completion handler, and Hummingbird's HTTP handling.
struct SocketChannel: ServerChildChannel, HTTPChannelHandler {
    enum Outcome: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, Handshake.Handler)
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, status: Int, json: String)
        /// An upgrade request refused for a reason the decision did not give (a malformed handshake).
        case failed(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    struct Value: ServerChildChannelValue {
        let outcome: EventLoopFuture<Outcome>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let decide: @Sendable (HTTPRequest) async -> Handshake
    static let maxFrameSize = 1 << 20

    /// The server builder for `Application(server:)`.
    static func builder(_ decide: @escaping @Sendable (HTTPRequest) async -> Handshake) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in SocketChannel(responder: responder, decide: decide) }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // What the decision said, read by the completion handlers on the channel's loop.
            let decided = NIOLoopBoundBox<Handshake?>(nil, eventLoop: channel.eventLoop)
            let upgrader = NIOTypedWebSocketServerUpgrader<Outcome>(
                maxFrameSize: Self.maxFrameSize,
                shouldUpgrade: { channel, head in
                    let promise = channel.eventLoop.makePromise(of: (Handshake, HTTPHeaders?).self)
                    let request = Self.request(head)
                    promise.completeWithTask {
                        let handshake = await decide(request)
                        guard case .upgrade(let fields, _) = handshake else { return (handshake, nil) }
                        return (handshake, HTTPHeaders(fields.map { ($0.name.rawName, $0.value) }))
                    }
                    return promise.futureResult.map { result in
                        decided.value = result.0
                        return result.1
                    }
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        let socket = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        guard case .upgrade(_, let handler) = decided.value else { return Outcome.failed(try Self.http(channel)) }
                        return Outcome.websocket(socket, handler)
                    }
                }
            )
            let upgrades = NIOTypedHTTPServerUpgradeConfiguration<Outcome>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let http = try Self.http(channel, logger: logger)
                        switch decided.value {
                        case nil, .dontUpgrade?: return Outcome.http(http)
                        case .refuse(let status, let json)?: return Outcome.refused(http, status: status, json: json)
                        case .upgrade?: return Outcome.failed(http)
                        }
                    }
                }
            )
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<Outcome>(upgradeConfiguration: upgrades)
            configuration.enablePipelining = false  // HTTP is pipelined by NIOAsyncChannel
            configuration.enableErrorHandling = false  // Hummingbird's handling answers errors
            configuration.enableResponseHeaderValidation = false  // HTTPTypes validates them
            let outcome = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(outcome: outcome, channel: channel)
        }
    }

    /// The HTTP side of a connection that was not upgraded, as Hummingbird's own channel builds it.
    static func http(_ channel: any Channel, logger: Logger? = nil) throws -> NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart> {
        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        if let logger { try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger)) }
        return try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.outcome.get() {
            case .http(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http, let status, let json):
                await Self.answer(http, status: status, json: json)
            case .failed(let http):
                await Self.answer(http, status: 400, json: #"{"error_code":"invalid_request","message":"A WebSocket handshake needs Upgrade: websocket, Sec-WebSocket-Key and Sec-WebSocket-Version: 13"}"#)
            case .websocket(let socket, let handler):
                _ = try? await WebSocketHandler.handle(
                    type: .server,
                    configuration: .init(extensions: [], autoPing: .disabled, closeTimeout: .seconds(15), validateUTF8: false,
                                         maxFrameSize: Self.maxFrameSize),
                    asyncChannel: socket,
                    context: Context(logger: logger),
                    handler: { inbound, outbound, _ in await handler(inbound, outbound) })
            }
        } catch {
            logger.debug("a connection ended before its handshake: \(error)")
        }
    }

    /// A refused handshake's answer: the status and the JSON error, then the connection closes.
    static func answer(_ http: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, status: Int, json: String) async {
        try? await http.executeThenClose { _, outbound in
            let body = ByteBuffer(string: json)
            let head = HTTPResponse(status: .init(code: status), headerFields: [
                .contentType: "application/json", .contentLength: String(body.readableBytes), .connection: "close",
            ])
            try await outbound.write(contentsOf: [.head(head), .body(body), .end(nil)])
        }
    }

    struct Context: WebSocketContext {
        let logger: Logger
    }

    /// swift-nio's request head as HTTPTypes' request (path and header fields are what we read).
    static func request(_ head: HTTPRequestHead) -> HTTPRequest {
        var fields = HTTPFields()
        for (name, value) in head.headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return HTTPRequest(method: .get, scheme: nil, authority: head.headers.first(name: "host"), path: head.uri, headerFields: fields)
    }
}
