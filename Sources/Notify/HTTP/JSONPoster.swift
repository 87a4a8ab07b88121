import AsyncHTTPClient
import CrisisCore
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs a JSON body and maps the answer onto a delivery result; shared by the HTTP channels.
struct JSONPoster: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount

    /// `accepted` says which statuses mean delivered (2xx unless a channel is stricter).
    func post(
        url: String, body: [UInt8], headers: [(String, String)] = [], accepted: (UInt) -> Bool = { (200..<300).contains($0) }
    ) async -> DeliveryResult {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "crisisd")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            // Drain a little of the body so the connection can be reused; its content is ignored.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let status = response.status.code
            if accepted(status) { return .delivered }
            // A success status the channel never sends means the URL points at something else.
            if (200..<300).contains(status) { return .permanentFailure(reason: "unexpected http \(status)") }
            return Self.classify(status: status, retryAfter: response.headers.first(name: "retry-after"))
        } catch {
            return .retryableFailure(reason: "network: \(Self.networkReason(error))", retryAfter: nil)
        }
    }

    /// 408, 425, 429 and 5xx are worth retrying (honouring `Retry-After` in seconds); 400 and every other
    /// status are not: resending the same request cannot succeed.
    static func classify(status: UInt, retryAfter: String?) -> DeliveryResult {
        switch status {
        case 200..<300:
            return .delivered
        case 408, 425, 429, 500..<600:
            return .retryableFailure(reason: "http \(status)", retryAfter: retryAfter.flatMap(TimeInterval.init))
        default:
            return .permanentFailure(reason: "http \(status)")
        }
    }

    /// A short, patient-free name for a transport error.
    static func networkReason(_ error: any Error) -> String {
        if let clientError = error as? HTTPClientError {
            return String(describing: clientError).prefix(80).description
        }
        return String(describing: type(of: error))
    }
}
