/// An http(s) address taken apart, as far as the viewer needs it: where it goes
/// (scheme, host, port — its *origin*) and what it asks for (path and query).
/// No Foundation here: the pure module reads addresses itself.
public struct WebAddress: Equatable, Sendable {
    /// `http` or `https`, lower-cased.
    public var scheme: String
    /// Lower-cased; an IPv6 literal keeps its brackets (`[::1]`).
    public var host: String
    /// As written, or nil for the scheme's default.
    public var port: Int?
    /// From the first `/` on, without query or fragment; empty when there is none.
    public var path: String
    /// After `?`, without it; nil when there is none.
    public var query: String?

    /// The port in use: the written one, else 80 or 443.
    public var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// Scheme, host and port: requests to one origin reach one server.
    public func sameOrigin(as other: WebAddress) -> Bool {
        scheme == other.scheme && host == other.host && effectivePort == other.effectivePort
    }

    /// `scheme://host[:port]`, the port only when it is not the default.
    public var origin: String {
        let shown = port.flatMap { $0 == (scheme == "https" ? 443 : 80) ? nil : $0 }
        return scheme + "://" + host + (shown.map { ":\($0)" } ?? "")
    }

    /// The whole address again.
    public var text: String {
        origin + (path.isEmpty ? "/" : path) + (query.map { "?" + $0 } ?? "")
    }

    /// Reads `http://` and `https://` addresses (any letter case in the scheme and host);
    /// nil for anything else, a missing host, user information (`user:pass@`), or a bad port.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: " \t"))
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let scheme = rest[..<colon].lowercased()
        guard scheme == "http" || scheme == "https", rest[colon...].hasPrefix("://") else { return nil }
        rest = rest[rest.index(colon, offsetBy: 3)...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var tail = rest[authorityEnd...]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var host = Substring(authority)
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                port = Self.port(after.dropFirst())
                guard port != nil || after.count == 1 else { return nil }
            }
        } else if let portColon = authority.lastIndex(of: ":") {
            host = authority[..<portColon]
            let digits = authority[authority.index(after: portColon)...]
            port = Self.port(digits)
            guard port != nil || digits.isEmpty else { return nil }
        }
        guard host.count > (host.hasPrefix("[") ? 2 : 0), !host.isEmpty,
              !host.contains(where: { $0 == " " || $0 == "\t" || $0 == "\\" }) else { return nil }
        var query: String?
        if let mark = tail.firstIndex(of: "?") {
            query = String(tail[tail.index(after: mark)...])
            tail = tail[..<mark]
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = port
        self.path = String(tail)
        self.query = query
    }

    private static func port(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(digits), (1...65_535).contains(value) else { return nil }
        return value
    }

    /// A `Location` header against the address it answered (RFC 3986 §5.2, the forms servers
    /// send): an absolute address, `//host/…` (this scheme), `/path…`, `?query`, or a path
    /// relative to this one's folder. Nil when it is none of them (another scheme included).
    public func resolve(_ location: String) -> WebAddress? {
        let trimmed = location.trimmingCharacters(in: " \t")
        guard !trimmed.isEmpty else { return nil }
        if trimmed.hasPrefix("//") { return WebAddress(scheme + ":" + trimmed) }
        if let colon = trimmed.firstIndex(of: ":"),
           !trimmed[..<colon].contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            return WebAddress(trimmed)  // it has a scheme: http(s) or nothing
        }
        var resolved = self
        var relative = Substring(trimmed)
        if let hash = relative.firstIndex(of: "#") { relative = relative[..<hash] }
        var newQuery: String?
        if let mark = relative.firstIndex(of: "?") {
            newQuery = String(relative[relative.index(after: mark)...])
            relative = relative[..<mark]
        }
        if relative.isEmpty {
            resolved.query = newQuery ?? query
            return resolved
        }
        if relative.hasPrefix("/") {
            resolved.path = String(relative)
        } else {
            let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? "/"
            resolved.path = folder + relative
        }
        resolved.path = Self.removingDotSegments(resolved.path)
        resolved.query = newQuery
        return resolved
    }

    /// `/a/b/../c/./d` is `/a/c/d` (RFC 3986 §5.2.4).
    static func removingDotSegments(_ path: String) -> String {
        var out: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            switch part {
            case ".": if index == parts.count - 1 { out.append("") }
            case "..":
                if out.count > 1 { out.removeLast() }
                if index == parts.count - 1 { out.append("") }
            default: out.append(part)
            }
        }
        let joined = out.joined(separator: "/")
        return joined.hasPrefix("/") ? joined : "/" + joined
    }
}
