import AsyncHTTPClient
import CrisisCore
import Foundation
import NIOCore
import NIOHTTP1

/// Delivers pages as Standard-Webhooks-signed POSTs; the page id is the `webhook-id` on every attempt.
public struct WebhookNotifier: Notifier {
    private let url: String
    private let signer: StandardWebhookSigner
    private let client: HTTPClient
    private let timeout: TimeAmount

    public init(url: String, signer: StandardWebhookSigner, client: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.url = url
        self.signer = signer
        self.client = client
        self.timeout = timeout
    }

    public func deliver(_ message: OutboxMessage, now: Date) async -> DeliveryResult {
        let timestamp = Int(now.timeIntervalSince1970)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "crisisd")
        request.headers.add(name: "webhook-id", value: message.id.rawValue)
        request.headers.add(name: "webhook-timestamp", value: String(timestamp))
        request.headers.add(
            name: "webhook-signature", value: signer.signature(id: message.id.rawValue, timestamp: timestamp, body: message.body))
        request.body = .bytes(ByteBuffer(bytes: message.body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            // Drain a little of the body so the connection can be reused; its content is ignored.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return Self.classify(status: response.status.code, retryAfter: response.headers.first(name: "retry-after"))
        } catch {
            return .retryableFailure(reason: "network: \(Self.networkReason(error))", retryAfter: nil)
        }
    }

    /// Maps an HTTP status onto a delivery result (Standard Webhooks: only 2xx is success).
    public static func classify(status: UInt, retryAfter: String?) -> DeliveryResult {
        switch status {
        case 200..<300:
            return .delivered
        case 408, 425, 429, 500..<600:
            return .retryableFailure(reason: "http \(status)", retryAfter: retryAfter.flatMap(TimeInterval.init))
        default:
            // 3xx, 400, 401, 403, 404, 410 …: resending the same request cannot succeed.
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
