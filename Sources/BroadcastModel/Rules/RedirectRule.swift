/// Which redirects the viewer follows (issue "Every plausible server"): a server may move its
/// stream or its API to another path, and the viewer should still work — but the password and
/// the access token must never leave the server that issued them. So: the same origin
/// (scheme, host, port) only, plus one upgrade, http → https on the same host; at most
/// `VASAssumptions.maxRedirects` in a row; 307 and 308 keep the method (and a POST its body),
/// 301, 302 and 303 turn a POST into a GET, as browsers and curl do.
public enum RedirectRule {
    public enum Decision: Equatable, Sendable {
        /// Ask `address` with `method`; `upgraded` when it is the http → https upgrade (said once).
        case follow(WebAddress, method: String, upgraded: Bool)
        case refuse(Refusal)
    }

    public enum Refusal: Equatable, Sendable {
        /// A 3xx without a `Location` (or one that is no address).
        case noLocation
        /// Another server (or scheme): the secrets would go there.
        case otherOrigin(WebAddress)
        /// More than `VASAssumptions.maxRedirects` in a row: a loop.
        case tooMany
        /// A 300 or 304: not a redirect to follow.
        case notARedirect
    }

    /// What to do with a `status` answer carrying `location`, to a `method` request of `from`,
    /// after `hops` redirects already followed for this request.
    public static func decide(status: Int, location: String?, from: WebAddress, method: String, hops: Int) -> Decision {
        guard [301, 302, 303, 307, 308].contains(status) else { return .refuse(.notARedirect) }
        guard let location, let target = from.resolve(location) else { return .refuse(.noLocation) }
        guard hops < VASAssumptions.maxRedirects else { return .refuse(.tooMany) }
        let upgrade = from.scheme == "http" && target.scheme == "https" && from.host == target.host
        guard target.sameOrigin(as: from) || upgrade else { return .refuse(.otherOrigin(target)) }
        let keepsMethod = status == 307 || status == 308 || method == "GET" || method == "HEAD"
        return .follow(target, method: keepsMethod ? method : "GET", upgraded: upgrade)
    }
}
