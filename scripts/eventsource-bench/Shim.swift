// mattt/EventSource 1.1.1 reads the network with URLSession.bytes(for:delegate:),
// which swift-corelibs-foundation on Linux does not have, so the package does not
// build here. Its parser does not need the network: this stub lets the file
// compile, and the benchmark only ever uses EventSource.Parser.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct UnavailableBytes: AsyncSequence {
    typealias Element = UInt8
    struct AsyncIterator: AsyncIteratorProtocol {
        mutating func next() async throws -> UInt8? { nil }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator() }
}

extension URLSession {
    func bytes(for request: URLRequest, delegate: (any URLSessionTaskDelegate)?) async throws -> (UnavailableBytes, URLResponse) {
        throw URLError(.unsupportedURL)
    }
}
