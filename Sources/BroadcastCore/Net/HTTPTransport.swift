import BroadcastModel
/// One HTTP request, as the session needs them: a streaming GET for the event
/// stream, small GETs and POSTs for the REST endpoints.
public struct HTTPRequest: Sendable, Equatable {
    public var url: String
    public var method = "GET"
    public var headers: [HTTPHeader] = []
    public var body: [UInt8]?
    public var connectTimeout: Duration = .seconds(10)
    /// No byte at all for this long ends the transfer with `TransportError.stalled`.
    public var idleTimeout: Duration?
    /// The whole transfer may take no longer (small requests only).
    public var totalTimeout: Duration?
    /// Skip TLS certificate verification (`--insecure`).
    public var insecure = false

    public init(url: String, method: String = "GET", headers: [HTTPHeader] = [], body: [UInt8]? = nil) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Status and headers of a response; header names are lower-cased.
public struct HTTPHead: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public init(status: Int, headers: [String: String] = [:]) {
        self.status = status
        self.headers = headers
    }

    public var contentType: String? { headers["content-type"] }
}

public enum HTTPStreamPart: Sendable, Equatable {
    case head(HTTPHead)
    case body([UInt8])
}

/// A whole (small) response.
public struct HTTPResponse: Sendable, Equatable {
    public var head: HTTPHead
    public var body: [UInt8]
    public init(head: HTTPHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }
}

public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a byte for the idle timeout: the connection is taken for dead.
    case stalled(seconds: Int)
    /// The server's certificate did not verify: retrying will not help.
    case tls(String)
    /// The TLS handshake met something that is not TLS ("wrong version number"): an https://
    /// address of a plain-HTTP server.
    case notTLS(String)
    /// The TLS handshake got no answer at all ("SSL connection timeout"): a plain-HTTP server
    /// waiting for a request line, or a slow network.
    case tlsSilent(String)
    case network(String)
    /// The response was larger than a small request allows.
    case tooLarge

    public var description: String {
        switch self {
        case .stalled(let seconds): "no data from the server for \(seconds) s"
        case .tls(let message): "the server's TLS certificate could not be verified (\(message))"
        case .notTLS(let message), .tlsSilent(let message): message
        case .network(let message): message
        case .tooLarge: "the server's answer was too large"
        }
    }
}

/// The seam between the session and the network: libcurl in the program,
/// scripted responses in tests.
public protocol HTTPTransport: Sendable {
    /// Starts the request; the stream yields the head once, then body bytes as
    /// they arrive, and ends when the server closes. Ending the iteration (or
    /// cancelling the task) cancels the transfer.
    func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error>
}

extension HTTPTransport {
    /// A whole response of at most `limit` bytes.
    public func fetch(_ request: HTTPRequest, limit: Int = 1 << 20) async throws -> HTTPResponse {
        var head = HTTPHead(status: 0)
        var body: [UInt8] = []
        for try await part in stream(request) {
            switch part {
            case .head(let h): head = h
            case .body(let bytes):
                body += bytes
                if body.count > limit { throw TransportError.tooLarge }
            }
        }
        return HTTPResponse(head: head, body: body)
    }
}
