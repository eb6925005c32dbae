import Foundation
import SimWire
import HTTPTypes
import Hummingbird

/// The HTTP face of the simulation: the paths of the VAS documents.
enum SimRoutes {
    static func router(_ simulation: Simulation, tickets: Tickets) -> Router<BasicRequestContext> {
        let router = Router()

        // The host's API key buys a one-time ticket for the WebSocket (seed 000).
        router.post("/api/v1/auth/ticket") { request, _ -> Response in
            do throws(Tickets.Refusal) {
                let key = request.headers[HTTPField.Name("X-API-Key")!]
                let ticket = try await tickets.issue(key: key)
                return json(200, ["ticket": ticket, "expires_in": Int(tickets.lifetime)])
            } catch {
                return json(401, ["error_code": error.code, "message": error.message, "severity": "error", "context": "auth"])
            }
        }
        // A WebSocket handshake the upgrade refused: why, as seed 000's ticket errors.
        router.get("/ws") { request, _ -> Response in
            let offered = Tickets.ticket(inProtocols: request.headers[.secWebSocketProtocol])
            let refusal = await tickets.problem(offered) ?? .ticketAlreadyUsed
            return json(401, ["error_code": refusal.code, "message": refusal.message, "severity": "error", "context": "auth"])
        }
        router.get("/ws/notifications") { _, _ -> Response in
            json(401, ["error_code": "unauthorized", "message": "A valid token (JWT, HS256) is required: /ws/notifications?token=…", "severity": "error", "context": "auth"])
        }

        router.get("/api/v1/viewer/broadcasts/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            do {
                return json(200, data: try await simulation.info(token: token))
            } catch {
                return refusal(error)
            }
        }

        router.post("/api/v1/viewer/broadcasts/:token/verify") { request, context -> Response in
            let token = context.parameters.get("token") ?? ""
            let body = try await request.body.collect(upTo: 64 * 1024)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
            do {
                return json(200, data: try await simulation.verify(token: token, password: object?["password"] as? String))
            } catch {
                return refusal(error)
            }
        }

        router.get("/broadcast/:token/text") { request, context -> Response in
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
        router.get("/_sim/tokens") { _, _ -> Response in
            json(200, await simulation.issuedTokens)
        }
        return router
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
