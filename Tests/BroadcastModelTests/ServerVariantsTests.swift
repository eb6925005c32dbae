import Testing
@testable import BroadcastModel

/// The rules that let the viewer work with a server that differs where the documents are
/// silent: addresses, redirects, share links, and what counts as a VAS answer.
@Suite struct WebAddressTests {
    @Test func anAddressIsTakenApart() throws {
        let address = try #require(WebAddress("HTTPS://Vas.Example.COM:8443/broadcast/a3f9/text?lang=en-US#x"))
        #expect(address.scheme == "https")
        #expect(address.host == "vas.example.com")
        #expect(address.port == 8443)
        #expect(address.path == "/broadcast/a3f9/text")
        #expect(address.query == "lang=en-US")
        #expect(address.origin == "https://vas.example.com:8443")
        #expect(address.text == "https://vas.example.com:8443/broadcast/a3f9/text?lang=en-US")
    }

    @Test func defaultPortsAreTheSameOrigin() throws {
        let plain = try #require(WebAddress("https://vas.test/a"))
        let written = try #require(WebAddress("https://vas.test:443/b"))
        #expect(plain.sameOrigin(as: written))
        #expect(written.origin == "https://vas.test")
        #expect(try #require(WebAddress("http://vas.test")).effectivePort == 80)
        #expect(!plain.sameOrigin(as: try #require(WebAddress("https://vas.test:8443/a"))))
        #expect(!plain.sameOrigin(as: try #require(WebAddress("http://vas.test/a"))))
        #expect(!plain.sameOrigin(as: try #require(WebAddress("https://vas.test.evil/a"))))
    }

    @Test func ipv6HostsKeepTheirBrackets() throws {
        let address = try #require(WebAddress("http://[::1]:8080/x"))
        #expect(address.host == "[::1]")
        #expect(address.port == 8080)
        #expect(address.origin == "http://[::1]:8080")
    }

    @Test(arguments: ["ftp://vas.test/", "vas.test/broadcast/a3f9", "https://", "https://user:pw@vas.test/",
                      "https://vas.test:99999/", "https://vas.test:x/", "javascript:alert(1)", "https:/vas.test"])
    func whatIsNoHTTPAddress(_ text: String) {
        #expect(WebAddress(text) == nil)
    }

    @Test func locationsResolveAgainstTheAddressAsked() throws {
        let from = try #require(WebAddress("https://vas.test/broadcast/a3f9/text?lang=en-US"))
        #expect(from.resolve("/v2/broadcast/a3f9/text?lang=en-US")?.text == "https://vas.test/v2/broadcast/a3f9/text?lang=en-US")
        #expect(from.resolve("stream")?.text == "https://vas.test/broadcast/a3f9/stream")
        #expect(from.resolve("../b7c2/text")?.text == "https://vas.test/broadcast/b7c2/text")
        #expect(from.resolve("?lang=ja-JP")?.text == "https://vas.test/broadcast/a3f9/text?lang=ja-JP")
        #expect(from.resolve("//other.test/x")?.text == "https://other.test/x")
        #expect(from.resolve("http://vas.test/x")?.scheme == "http")
        #expect(from.resolve("ftp://vas.test/x") == nil)
        #expect(from.resolve("  ") == nil)
    }
}

@Suite struct RedirectRuleTests {
    let stream = WebAddress("http://vas.test:8080/broadcast/a3f9/text?viewer_access_token=s")!

    @Test func aSameOriginRedirectIsFollowed() {
        #expect(RedirectRule.decide(status: 307, location: "/v2/broadcast/a3f9/text?viewer_access_token=s", from: stream, method: "GET", hops: 0)
                == .follow(WebAddress("http://vas.test:8080/v2/broadcast/a3f9/text?viewer_access_token=s")!, method: "GET", upgraded: false))
    }

    /// The access token never leaves the server that issued it: host, port and scheme all count.
    @Test(arguments: ["http://elsewhere.test:8080/x", "http://vas.test:8081/x", "http://vas.test/x", "//elsewhere.test/x",
                      "https://elsewhere.test:8443/x"])
    func anotherOriginIsRefused(_ location: String) {
        guard case .refuse(.otherOrigin) = RedirectRule.decide(status: 302, location: location, from: stream, method: "GET", hops: 0) else {
            Issue.record("\(location) was followed")
            return
        }
    }

    @Test func httpToHttpsOnTheSameHostIsAnUpgrade() {
        let plain = WebAddress("http://vas.test/broadcast/a3f9/text")!
        #expect(RedirectRule.decide(status: 301, location: "https://vas.test/broadcast/a3f9/text", from: plain, method: "GET", hops: 0)
                == .follow(WebAddress("https://vas.test/broadcast/a3f9/text")!, method: "GET", upgraded: true))
        // Not the other way round, and not to another host.
        let secure = WebAddress("https://vas.test/x")!
        #expect(RedirectRule.decide(status: 301, location: "http://vas.test/x", from: secure, method: "GET", hops: 0)
                == .refuse(.otherOrigin(WebAddress("http://vas.test/x")!)))
        #expect(RedirectRule.decide(status: 301, location: "https://cdn.vas.test/x", from: plain, method: "GET", hops: 0)
                == .refuse(.otherOrigin(WebAddress("https://cdn.vas.test/x")!)))
    }

    @Test func atMostFiveInARow() {
        #expect(RedirectRule.decide(status: 307, location: "/a", from: stream, method: "GET", hops: VASAssumptions.maxRedirects - 1) != .refuse(.tooMany))
        #expect(RedirectRule.decide(status: 307, location: "/a", from: stream, method: "GET", hops: VASAssumptions.maxRedirects) == .refuse(.tooMany))
        #expect(VASAssumptions.maxRedirects == 5)
    }

    @Test func only307And308KeepAPost() {
        let check = WebAddress("https://vas.test/api/verify")!
        for status in [307, 308] {
            #expect(RedirectRule.decide(status: status, location: "/api/v2/verify", from: check, method: "POST", hops: 0)
                    == .follow(WebAddress("https://vas.test/api/v2/verify")!, method: "POST", upgraded: false))
        }
        for status in [301, 302, 303] {
            #expect(RedirectRule.decide(status: status, location: "/api/v2/verify", from: check, method: "POST", hops: 0)
                    == .follow(WebAddress("https://vas.test/api/v2/verify")!, method: "GET", upgraded: false))
        }
    }

    @Test func notEveryThreeHundredIsARedirect() {
        #expect(RedirectRule.decide(status: 304, location: "/a", from: stream, method: "GET", hops: 0) == .refuse(.notARedirect))
        #expect(RedirectRule.decide(status: 300, location: "/a", from: stream, method: "GET", hops: 0) == .refuse(.notARedirect))
        #expect(RedirectRule.decide(status: 302, location: nil, from: stream, method: "GET", hops: 0) == .refuse(.noLocation))
    }
}

@Suite struct ShareLinkTests {
    @Test func aShareLinkGivesServerAndToken() {
        #expect(ShareLink.parse("https://vas-poc.vurbo.ai/broadcast/a3f9") == .success(ShareLink(server: "https://vas-poc.vurbo.ai", token: "a3f9")))
        #expect(ShareLink.parse("https://vas-poc.vurbo.ai/broadcast/a3f9/") == .success(ShareLink(server: "https://vas-poc.vurbo.ai", token: "a3f9")))
        #expect(ShareLink.parse("http://127.0.0.1:8080/broadcast/b7c2") == .success(ShareLink(server: "http://127.0.0.1:8080", token: "b7c2")))
    }

    @Test func theStreamAddressGivesLanguageAndSpeech() {
        #expect(ShareLink.parse("https://vas.test/broadcast/a3f9/text?lang=en-US&tts=true")
                == .success(ShareLink(server: "https://vas.test", token: "a3f9", language: "en-US", tts: true)))
        #expect(ShareLink.parse("https://vas.test/broadcast/a3f9/text?tts=false&lang=zh%2DTW")
                == .success(ShareLink(server: "https://vas.test", token: "a3f9", language: "zh-TW", tts: false)))
    }

    @Test func aServerUnderAPathKeepsIt() {
        #expect(ShareLink.parse("https://example.org/vas/broadcast/a3f9") == .success(ShareLink(server: "https://example.org/vas", token: "a3f9")))
    }

    @Test func anAccessTokenInALinkIsNotTaken() throws {
        let link = try ShareLink.parse("https://vas.test/broadcast/a3f9/text?viewer_access_token=secret").get()
        #expect(link == ShareLink(server: "https://vas.test", token: "a3f9"))
    }

    @Test func whatIsNotALink() {
        #expect(ShareLink.parse("https://vas.test/") == .failure(.noBroadcast))
        #expect(ShareLink.parse("https://vas.test/watch/a3f9") == .failure(.noBroadcast))
        #expect(ShareLink.parse("https://vas.test/broadcast/a3f9/text/more") == .failure(.noBroadcast))
        #expect(ShareLink.parse("https://vas.test/broadcast/A3F9") == .failure(.badToken("A3F9")))
        #expect(ShareLink.parse("ftp://vas.test/broadcast/a3f9") == .failure(.notAnAddress))
        #expect(ShareLink.looksLikeLink("https://vas.test/broadcast/a3f9"))
        #expect(!ShareLink.looksLikeLink("a3f9"))
    }
}

@Suite struct VASAnswerTests {
    @Test func aVASErrorCodeIsLowerCaseSnakeCase() {
        #expect(VASAssumptions.isVASErrorCode("broadcast_session_not_found"))
        #expect(VASAssumptions.isVASErrorCode("unauthorized"))
        #expect(!VASAssumptions.isVASErrorCode("NOT_FOUND"))
        #expect(!VASAssumptions.isVASErrorCode("404"))
        #expect(!VASAssumptions.isVASErrorCode("Not Found"))
        #expect(!VASAssumptions.isVASErrorCode(""))
    }

    /// Only a VAS error code says the token is wrong; a web server's 404 says this server has no such page.
    @Test func aPlain404IsNotAWrongToken() {
        #expect(VASAssumptions.classify(status: 404, errorCode: nil, contentType: "text/html", retryAfter: nil, serverIsVAS: false) == .terminal(.notVAS))
        #expect(VASAssumptions.classify(status: 404, errorCode: "NOT_FOUND", contentType: "application/json", retryAfter: nil, serverIsVAS: false) == .terminal(.notVAS))
        #expect(VASAssumptions.classify(status: 404, errorCode: "broadcast_session_not_found", contentType: nil, retryAfter: nil, serverIsVAS: false) == .terminal(.notFound))
        // A server that has answered as VAS does: its plain 404 is about the broadcast.
        #expect(VASAssumptions.classify(status: 404, errorCode: nil, contentType: "text/html", retryAfter: nil, serverIsVAS: true) == .terminal(.notFound))
        // 401 is the documents' own answer for a password, whoever sends it.
        #expect(VASAssumptions.classify(status: 401, errorCode: nil, contentType: nil, retryAfter: nil, serverIsVAS: false) == .password)
    }

    @Test func theDetailsAreAHelp() {
        #expect(VASAssumptions.classifyDetails(status: 200, errorCode: nil) == .read)
        #expect(VASAssumptions.classifyDetails(status: 404, errorCode: nil) == .notVAS)
        #expect(VASAssumptions.classifyDetails(status: 500, errorCode: nil) == .notVAS)
        #expect(VASAssumptions.classifyDetails(status: 404, errorCode: "broadcast_session_not_found") == .terminal(.notFound))
        #expect(VASAssumptions.classifyDetails(status: 410, errorCode: "broadcast_token_revoked") == .terminal(.revoked))
        #expect(VASAssumptions.classifyDetails(status: 404, errorCode: "broadcast_session_not_started") == .later)
        #expect(VASAssumptions.classifyDetails(status: 400, errorCode: "invalid_request") == .later)
    }

    @Test func thePasswordChecksAnswers() {
        #expect(VASAssumptions.classifyVerify(status: 200, errorCode: nil) == .granted)
        #expect(VASAssumptions.classifyVerify(status: 401, errorCode: nil) == .wrongPassword)
        #expect(VASAssumptions.classifyVerify(status: 403, errorCode: "broadcast_password_invalid") == .wrongPassword)
        #expect(VASAssumptions.classifyVerify(status: 400, errorCode: "broadcast_password_invalid") == .wrongPassword)
        #expect(VASAssumptions.classifyVerify(status: 429, errorCode: nil) == .tooMany)
        #expect(VASAssumptions.classifyVerify(status: 404, errorCode: "broadcast_session_not_found") == .terminal(.notFound))
        #expect(VASAssumptions.classifyVerify(status: 410, errorCode: "broadcast_session_ended") == .terminal(.ended))
        #expect(VASAssumptions.classifyVerify(status: 404, errorCode: nil) == .noCheckHere)
        #expect(VASAssumptions.classifyVerify(status: 405, errorCode: nil) == .noCheckHere)
        #expect(VASAssumptions.classifyVerify(status: 415, errorCode: nil) == .notUnderstood)
        #expect(VASAssumptions.classifyVerify(status: 422, errorCode: "Unprocessable") == .notUnderstood)
        #expect(VASAssumptions.classifyVerify(status: 502, errorCode: nil) == .trouble)
    }

    @Test func thePasswordCheckBodies() {
        #expect(VASAssumptions.VerifyBody.password.encode("密碼 \"1\"") == ("application/json", #"{"password":"密碼 \"1\""}"#))
        #expect(VASAssumptions.VerifyBody.passCode.encode("pw") == ("application/json", #"{"pass_code":"pw"}"#))
        #expect(VASAssumptions.VerifyBody.form.encode("a b&c") == ("application/x-www-form-urlencoded", "password=a%20b%26c"))
        #expect(VASAssumptions.VerifyBody.allCases.map(\.rawValue) == ["password", "pass_code", "form"])
    }
}

@Suite struct CheckSettingsTests {
    @Test(arguments: ["/api/v1/viewer/broadcasts/{token}/verify", "/x/{token}/check", "/{token}"])
    func aPathWithTheTokenIsValid(_ path: String) {
        #expect(VASAssumptions.isValidVerifyPath(path))
    }

    /// The password goes where this path says: never to another host, never somewhere unreadable.
    @Test(arguments: ["no-slash", "/x/check", "/x/{tok}/check", "/x/{TOKEN}/check", "//evil.example/{token}", "/../{token}/verify",
                      "/x/./{token}", "/x/{token}#frag", "/x/{token}?a=1", "/a b/{token}", "https://other.example/{token}",
                      "/{token}/{token}", "/x\\{token}"])
    func otherPathsAreRefused(_ path: String) {
        #expect(!VASAssumptions.isValidVerifyPath(path))
    }

    @Test func aServerWithoutItsSchemeIsToldHowToWriteIt() {
        #expect(SessionError.badServer("127.0.0.1:8790").description
                == "'127.0.0.1:8790' is not a server address: give it with its scheme, https://127.0.0.1:8790 (or http://127.0.0.1:8790 for a plain-HTTP server).")
        #expect(SessionError.badServer("ftp://x").description == "'ftp://x' is not a server address: give one like https://vas-poc.vurbo.ai.")
    }

    /// A sentence on the screen starts with a capital, unless it starts with an address or a path.
    @Test func sentencesAreCapitalizedButNotAddresses() {
        #expect("the broadcast has ended".capitalizedSentence == "The broadcast has ended")
        #expect("http://127.0.0.1:8000 does not look like a VAS server".capitalizedSentence == "http://127.0.0.1:8000 does not look like a VAS server")
        #expect("/tmp/x.srt is a folder".capitalizedSentence == "/tmp/x.srt is a folder")
        #expect("".capitalizedSentence == "")
        #expect(SessionOutcome.failed("http://h does not look like a VAS server.").sentence(capitalized: true) == "http://h does not look like a VAS server")
    }
}
