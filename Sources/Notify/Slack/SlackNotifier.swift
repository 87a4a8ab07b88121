import AsyncHTTPClient
import CrisisCore
import EscalationEngine
import Foundation
import NIOCore

/// Slack incoming webhook: generic text and a link only, because a channel is read by many people.
public struct SlackNotifier: Notifier {
    /// No summary by default: a Slack channel gets the reference, tier, deadline and link.
    public static let defaultTemplate = "Crisis escalation {{ref}}: {{tier}} risk, {{event}}. Due {{deadline}}. Open (sign-in required): {{link}}"

    private let url: String
    private let template: PageTemplate?
    private let poster: JSONPoster

    public init(url: String, template: PageTemplate?, client: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.url = url
        self.template = template ?? PageTemplate.parse(Self.defaultTemplate).0
        poster = JSONPoster(client: client, timeout: timeout)
    }

    public func deliver(_ message: OutboxMessage, now: Date) async -> DeliveryResult {
        guard let page = PagePayload.decode(message.body) else { return .permanentFailure(reason: "unreadable page body") }
        let body = (try? JSONSerialization.data(withJSONObject: ["text": template?.render(page.templateFields) ?? "Crisis escalation \(page.data.ref): \(page.data.link)"])) ?? Data()
        // 400 invalid_payload, 403, 404 channel_not_found, 410 archived: permanent; 429 and 5xx: retry.
        return await poster.post(url: url, body: Array(body))
    }
}
