import AsyncHTTPClient
import CrisisCore
import Foundation
import NIOCore

/// Delivers pages as Standard-Webhooks-signed POSTs; the page id is the `webhook-id` on every attempt.
public struct WebhookNotifier: Notifier {
    private let url: String
    private let signer: StandardWebhookSigner
    private let poster: JSONPoster

    public init(url: String, signer: StandardWebhookSigner, client: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.url = url
        self.signer = signer
        poster = JSONPoster(client: client, timeout: timeout)
    }

    public func deliver(_ message: OutboxMessage, now: Date) async -> DeliveryResult {
        let timestamp = Int(now.timeIntervalSince1970)
        return await poster.post(
            url: url, body: message.body,
            headers: [
                ("webhook-id", message.id.rawValue), ("webhook-timestamp", String(timestamp)),
                ("webhook-signature", signer.signature(id: message.id.rawValue, timestamp: timestamp, body: message.body)),
            ])
    }

    /// Maps an HTTP status onto a delivery result (Standard Webhooks: only 2xx is success).
    public static func classify(status: UInt, retryAfter: String?) -> DeliveryResult {
        JSONPoster.classify(status: status, retryAfter: retryAfter)
    }
}
