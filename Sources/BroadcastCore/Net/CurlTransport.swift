import CCurl
import FoundationEssentials
import BroadcastModel
import Synchronization

/// HTTP over libcurl: TLS verification on (unless asked), proxies from the
/// usual environment variables (libcurl's default), any content encoding curl
/// can decode, redirects within http(s).
///
/// Each transfer runs on its own thread in a `curl_multi_poll` loop, so that
/// cancelling (`curl_multi_wakeup`) takes effect at once and an idle stream
/// costs no CPU: the thread sleeps until bytes arrive or the idle deadline.
public struct CurlTransport: HTTPTransport {
    public let userAgent: String

    public init(userAgent: String) {
        _ = Self.globalInit
        self.userAgent = userAgent
    }

    private static let globalInit: Void = { curl_global_init(VAS_CURL_GLOBAL_DEFAULT) }()

    public func stream(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamPart, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: HTTPStreamPart.self)
        let transfer = CurlTransfer(request: request, userAgent: userAgent, continuation: continuation)
        continuation.onTermination = { _ in transfer.cancel() }
        let thread = Thread { transfer.run() }
        thread.name = "vas-view curl"
        thread.start()
        return stream
    }
}

/// One transfer. Lives until its thread finishes; `cancel()` may come from any thread.
/// Unchecked: it holds curl's handles, and state touched only by the transfer's own thread.
final class CurlTransfer: @unchecked Sendable {
    private let request: HTTPRequest
    private let userAgent: String
    private let continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation
    /// Whether `cancel()` was called; its lock also guards `multi` (a C pointer, kept out of the Mutex).
    private let cancelled = Mutex(false)
    private var multi: UnsafeMutableRawPointer?  // guarded by cancelled's lock while the loop runs

    // Touched only by the transfer's own thread.
    private var headers: [String: String] = [:]
    private var headSent = false
    private var lastActivity = ContinuousClock.now
    private var easy: UnsafeMutableRawPointer?

    init(request: HTTPRequest, userAgent: String,
         continuation: AsyncThrowingStream<HTTPStreamPart, any Error>.Continuation) {
        self.request = request
        self.userAgent = userAgent
        self.continuation = continuation
    }

    func cancel() {
        cancelled.withLock { cancelled in
            cancelled = true
            if let multi { curl_multi_wakeup(multi) }
        }
    }

    private var isCancelled: Bool { cancelled.withLock { $0 } }

    func run() {
        guard let easy = curl_easy_init(), let multi = curl_multi_init() else {
            continuation.finish(throwing: TransportError.network("libcurl could not start a transfer"))
            return
        }
        self.easy = easy
        var errorBuffer = [CChar](repeating: 0, count: Int(VAS_CURL_ERROR_SIZE) + 1)
        var headerList: UnsafeMutablePointer<curl_slist>?
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        errorBuffer.withUnsafeMutableBufferPointer { buffer in
            configure(easy, headers: headerList, errors: buffer.baseAddress!, context: context)
            cancelled.withLock { _ in self.multi = multi }
            curl_multi_add_handle(multi, easy)
            let outcome = loop(multi: multi, easy: easy)
            cancelled.withLock { _ in self.multi = nil }
            curl_multi_remove_handle(multi, easy)
            finish(outcome, errors: String(cString: buffer.baseAddress!))
        }
        curl_multi_cleanup(multi)
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
    }

    private func configure(_ easy: UnsafeMutableRawPointer, headers: UnsafeMutablePointer<curl_slist>?,
                           errors: UnsafeMutablePointer<CChar>, context: UnsafeMutableRawPointer) {
        vas_curl_set_string(easy, VAS_CURLOPT_URL, request.url)
        vas_curl_set_string(easy, VAS_CURLOPT_USERAGENT, userAgent)
        vas_curl_set_slist(easy, VAS_CURLOPT_HTTPHEADER, headers)
        vas_curl_set_pointer(easy, VAS_CURLOPT_ERRORBUFFER, errors)
        vas_curl_set_long(easy, VAS_CURLOPT_NOSIGNAL, 1)
        vas_curl_set_long(easy, VAS_CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        if let total = request.totalTimeout {
            vas_curl_set_long(easy, VAS_CURLOPT_TIMEOUT_MS, Self.milliseconds(total))
        }
        // Redirects are not followed: the session says so (VASAssumptions.Terminal.redirected).
        vas_curl_set_long(easy, VAS_CURLOPT_FOLLOWLOCATION, 0)
        vas_curl_set_string(easy, VAS_CURLOPT_PROTOCOLS_STR, "http,https")
        vas_curl_set_string(easy, VAS_CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        vas_curl_set_string(easy, VAS_CURLOPT_ACCEPT_ENCODING, "")  // whatever curl can decode
        vas_curl_set_long(easy, VAS_CURLOPT_TCP_KEEPALIVE, 1)
        if request.insecure {
            vas_curl_set_long(easy, VAS_CURLOPT_SSL_VERIFYPEER, 0)
            vas_curl_set_long(easy, VAS_CURLOPT_SSL_VERIFYHOST, 0)
        }
        if request.method != "GET" {
            vas_curl_set_string(easy, VAS_CURLOPT_CUSTOMREQUEST, request.method)
        }
        if let body = request.body {
            vas_curl_set_long(easy, VAS_CURLOPT_POST, 1)
            vas_curl_set_long(easy, VAS_CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBufferPointer { bytes in
                _ = bytes.withMemoryRebound(to: CChar.self) { vas_curl_set_pointer(easy, VAS_CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) }
            }
        }
        vas_curl_set_write_callback(easy, { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.received(UnsafeRawBufferPointer(start: data, count: size * count))
        }, context)
        vas_curl_set_header_callback(easy, { data, size, count, context in
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
            return transfer.header(UnsafeRawBufferPointer(start: data, count: size * count))
        }, context)
    }

    private enum Outcome {
        case done(CURLcode)
        case cancelled
        case stalled
    }

    private func loop(multi: UnsafeMutableRawPointer, easy: UnsafeMutableRawPointer) -> Outcome {
        var running: Int32 = 1
        lastActivity = .now
        while true {
            curl_multi_perform(multi, &running)
            var pending: Int32 = 0
            while let message = curl_multi_info_read(multi, &pending) {
                if message.pointee.msg == CURLMSG_DONE { return .done(message.pointee.data.result) }
            }
            if running == 0 { return .done(CURLE_OK) }
            if isCancelled { return .cancelled }
            var wait: Int32 = 60_000
            if let idle = request.idleTimeout {
                let left = idle - (ContinuousClock.now - lastActivity)
                if left <= .zero { return .stalled }
                wait = Int32(min(60_000, max(1, Self.milliseconds(left))))
            }
            curl_multi_poll(multi, nil, 0, wait, nil)
        }
    }

    private func finish(_ outcome: Outcome, errors: String) {
        switch outcome {
        case .cancelled:
            continuation.finish(throwing: CancellationError())
        case .stalled:
            let seconds = Int((request.idleTimeout ?? .zero).components.seconds)
            continuation.finish(throwing: TransportError.stalled(seconds: seconds))
        case .done(let code) where code == CURLE_OK:
            sendHead()
            continuation.finish()
        case .done(let code):
            let detail = errors.isEmpty ? String(cString: curl_easy_strerror(code)) : errors
            continuation.finish(throwing: Self.error(code, detail: detail))
        }
    }

    /// What failed: a certificate, a handshake that met no TLS (OpenSSL's words for a plain-HTTP
    /// answer) or no answer (curl's), or the network.
    static func error(_ code: CURLcode, detail: String) -> TransportError {
        if isTLSFailure(code) { return .tls(detail) }
        if code == CURLE_SSL_CONNECT_ERROR, detail.contains("wrong version number") || detail.contains("packet length too long") {
            return .notTLS(detail)
        }
        if code == CURLE_OPERATION_TIMEDOUT, detail.contains("SSL connection timeout") { return .tlsSilent(detail) }
        return .network(detail)
    }

    private static func isTLSFailure(_ code: CURLcode) -> Bool {
        [CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR,
         CURLE_SSL_CERTPROBLEM, CURLE_SSL_PINNEDPUBKEYNOTMATCH].contains(code)
    }

    // MARK: - Callbacks (transfer thread)

    private func received(_ bytes: UnsafeRawBufferPointer) -> Int {
        lastActivity = .now
        if isCancelled { return 0 }  // makes curl stop with a write error
        sendHead()
        if !bytes.isEmpty { continuation.yield(.body(Array(bytes))) }
        return bytes.count
    }

    private func header(_ bytes: UnsafeRawBufferPointer) -> Int {
        lastActivity = .now
        let line = String(decoding: bytes, as: UTF8.self).trimmed
        if line.hasPrefix("HTTP/") {
            headers = [:]  // a new response (after a redirect or 100 Continue)
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmed
        }
        return bytes.count
    }

    private func sendHead() {
        guard !headSent, let easy else { return }
        headSent = true
        continuation.yield(.head(HTTPHead(status: vas_curl_response_code(easy), headers: headers)))
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        duration.inMilliseconds
    }
}
