import Foundation
import SimWire
import HTTPTypes
import Hummingbird

/// Ways a real VAS may differ from vas-view's guesses where the documents are silent
/// (docs/api-assumptions.md, "when the server differs"); `vas-sim --variant NAME`, repeatable.
enum ServerVariant: String, CaseIterable, Sendable {
    /// No broadcast-details endpoint: its path answers a web server's 404 page (no VAS error body).
    case noDetails = "no-details"
    /// The password check is at `/api/v1/viewer/broadcasts/{token}/check`; `/verify` is a 404 page.
    case checkElsewhere = "check-elsewhere"
    /// The password check reads `{"pass_code": …}`, and answers 422 without a VAS error body otherwise.
    case passCodeBody = "pass-code-body"
    /// The stream moved: `/broadcast/{token}/text` answers 307 to `/v2/broadcast/{token}/text` (same query).
    case streamRedirect = "stream-redirect"
    /// A captive portal: the stream's path answers 200 with an HTML sign-in page.
    case html

    static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The HTTP face of the simulation: the paths of the VAS documents.
enum SimRoutes {
    static let notFoundPage = "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>"

    static func router(_ simulation: Simulation, tickets: Tickets, jwt: JWTCheck, variants: Set<ServerVariant> = []) -> Router<BasicRequestContext> {
        let router = Router()

        // The host's API key buys a one-time ticket for the WebSocket (seed 000).
        router.post("/api/v1/auth/ticket") { request, _ -> Response in
            do throws(Tickets.Refusal) {
                let key = request.headers[HTTPField.Name("X-API-Key")!]
                let ticket = try await tickets.issue(key: key)
                return json(200, ["ticket": ticket, "expires_in": Int(tickets.lifetime)])
            } catch {
                return json(401, data: Data(error.json.utf8))
            }
        }
        router.get("/api/v1/auth/ticket") { _, _ -> Response in
            var response = json(405, HostSockets.errorBody("method_not_allowed", "A ticket is taken with POST, the API key in X-API-Key", context: "auth"))
            response.headers[.allow] = "POST"
            return response
        }
        // `/ws` and `/ws/notifications` asked without a WebSocket handshake (a refused handshake is
        // answered before the router, by `SocketChannel`): why the ticket or token would be refused,
        // without using the ticket up, or 426 when it would be taken.
        router.get("/ws") { request, _ -> Response in
            let offered = Tickets.ticket(inProtocols: request.headers[.secWebSocketProtocol])
            if let refusal = await tickets.problem(offered) { return json(401, data: Data(refusal.json.utf8)) }
            return upgradeRequired("The ticket is good, and still unused: open a WebSocket with it (Upgrade: websocket)")
        }
        router.get("/ws/notifications") { request, _ -> Response in
            do throws(JWTCheck.Failure) {
                try jwt.verify(request.uri.queryParameters.get("token") ?? "")
            } catch {
                return json(401, HostSockets.errorBody("unauthorized", "\(JWTCheck.requirement); \(error.reason)", context: "auth"))
            }
            return upgradeRequired("The token is good: open a WebSocket with it (Upgrade: websocket)")
        }

        router.get("/api/v1/viewer/broadcasts/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            if variants.contains(.noDetails) { return html(404, notFoundPage) }
            do {
                return json(200, data: try await simulation.info(token: token))
            } catch {
                return refusal(error)
            }
        }

        let check = { @Sendable (request: Request, context: BasicRequestContext) async throws -> Response in
            let token = context.parameters.get("token") ?? ""
            let body = try await request.body.collect(upTo: 64 * 1024)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
            let field = variants.contains(.passCodeBody) ? "pass_code" : "password"
            if variants.contains(.passCodeBody), object?[field] == nil {
                return json(422, ["detail": [["loc": ["body", field], "msg": "field required"]]])  // a framework's answer, no VAS code
            }
            do {
                return json(200, data: try await simulation.verify(token: token, password: object?[field] as? String))
            } catch {
                return refusal(error)
            }
        }
        if variants.contains(.checkElsewhere) {
            router.post("/api/v1/viewer/broadcasts/:token/check", use: check)
            router.post("/api/v1/viewer/broadcasts/:token/verify") { _, _ in html(404, notFoundPage) }
        } else {
            router.post("/api/v1/viewer/broadcasts/:token/verify", use: check)
        }

        // Where the real stream is served: moved by a redirect, or hidden behind the portal.
        let streamPath = variants.contains(.streamRedirect) ? "/v2/broadcast/:token/text"
            : variants.contains(.html) ? "/_sim/behind-the-portal/broadcast/:token/text" : "/broadcast/:token/text"
        if variants.contains(.streamRedirect) {
            router.get("/broadcast/:token/text") { request, context -> Response in
                let token = context.parameters.get("token") ?? ""
                var headers = HTTPFields()
                headers[.location] = "/v2/broadcast/\(token)/text" + (request.uri.query.map { "?" + $0 } ?? "")
                return Response(status: .temporaryRedirect, headers: headers)
            }
        }
        if variants.contains(.html) {
            router.get("/broadcast/:token/text") { _, _ -> Response in
                html(200, "<!DOCTYPE html><html><head><title>Sign in to the Wi-Fi</title></head><body><form>Room number <input></form></body></html>")
            }
        }

        router.get(RouterPath(streamPath)) { request, context -> Response in
            let token = context.parameters.get("token") ?? ""
            let query = request.uri.queryParameters
            let language = query.get("lang")
            let tts = query.get("tts") == "true"
            let access = query.get("viewer_access_token")
            let id: Int
            let frames: AsyncStream<Frame>
            do {
                (id, frames) = try await simulation.join(token: token, language: language, tts: tts, accessToken: access)
            } catch {
                return refusal(error)
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream; charset=utf-8"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                defer { Task { await simulation.leave(id) } }
                for await frame in frames {
                    switch frame {
                    case .bytes(let bytes):
                        try await writer.write(ByteBuffer(bytes: bytes))
                    case .close:
                        try await writer.finish(nil)
                        return
                    }
                }
                try await writer.finish(nil)
            })
        }

        // For tests: what happened, and which secrets were handed out.
        router.get("/_sim/stats") { _, _ -> Response in
            var stats = await simulation.stats
            let audio = await simulation.audioReceived
            stats["audio_bytes"] = audio.bytes
            return json(200, stats)
        }
        // For tests: close every host or notification connection, as a server going away would.
        router.post("/_sim/drop") { request, _ -> Response in
            let who = request.uri.queryParameters.get("who") ?? ""
            guard who == "hosts" || who == "listeners" else { return json(400, ["error_code": "invalid_request", "message": "who=hosts or who=listeners"]) }
            return json(200, ["dropped": await simulation.drop(who)])
        }
        router.get("/_sim/tokens") { _, _ -> Response in
            json(200, await simulation.issuedTokens)
        }
        return router
    }

    static func upgradeRequired(_ message: String) -> Response {
        var response = json(426, HostSockets.errorBody("upgrade_required", message, context: "auth"))
        response.headers[.upgrade] = "websocket"
        return response
    }

    static func html(_ status: Int, _ page: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func json(_ status: Int, _ object: Any) -> Response {
        json(status, data: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8))
    }

    static func json(_ status: Int, data: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func refusal(_ error: any Error) -> Response {
        guard case Simulation.Refusal.status(let status, let code, let message, let retryAfter) = error else {
            return json(500, ["error_code": "internal_error", "message": "\(error)"])
        }
        var response = json(status, ["error_code": code, "message": message, "severity": "error"])
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
