import AsyncHTTPClient
import CrisisCore
import EscalationEngine
import Foundation
import NIOCore

/// PagerDuty Events API v2: `trigger` for pages and escalations, `acknowledge` and `resolve` for status, all
/// with the episode's `dedup_key`, so PagerDuty keeps one incident per episode however often we resend.
public struct PagerDutyNotifier: Notifier {
    public static let defaultEventsURL = "https://events.pagerduty.com/v2/enqueue"

    private let routingKey: String
    private let eventsURL: String
    private let template: PageTemplate?
    private let poster: JSONPoster

    public init(
        routingKey: String, eventsURL: String?, template: PageTemplate?, client: HTTPClient, timeout: TimeAmount = .seconds(15)
    ) {
        self.routingKey = routingKey
        self.eventsURL = eventsURL ?? Self.defaultEventsURL
        self.template = template
        poster = JSONPoster(client: client, timeout: timeout)
    }

    public func deliver(_ message: OutboxMessage, now: Date) async -> DeliveryResult {
        guard let page = PagePayload.decode(message.body) else { return .permanentFailure(reason: "unreadable page body") }
        // 202 is PagerDuty's only success; a 200 from something else at that URL is not an accepted event.
        return await poster.post(url: eventsURL, body: Self.event(page, routingKey: routingKey, template: template),
                                 accepted: { $0 == 202 })
    }

    /// The Events v2 body: opaque fields only (reference/escalation.md §2.1, minimum-necessary shape).
    static func event(_ page: PagePayload, routingKey: String, template: PageTemplate?) -> [UInt8] {
        let dedupKey = "crisisd/episode/\(page.data.ref)"
        var event: [String: Any] = ["routing_key": routingKey, "dedup_key": dedupKey]
        switch page.event {
        case "acknowledged": event["event_action"] = "acknowledge"
        case "resolved": event["event_action"] = "resolve"
        default:
            event["event_action"] = "trigger"
            let summary = template?.render(page.templateFields) ?? page.data.summary
            var details: [String: String] = [
                "ref": page.data.ref, "tier": page.data.tier, "domain": page.data.domain, "required_action": page.data.action,
                "open_in_app": page.data.link,
            ]
            if let deadline = page.data.deadline { details["deadline"] = deadline }
            var payload: [String: Any] = [
                "summary": String(summary.prefix(1024)), "source": "crisisd" + (page.data.site.map { ".\($0)" } ?? ""),
                "severity": severity(tier: page.data.tier), "timestamp": page.timestamp, "component": "risk-tier-engine",
                "class": "crisis-\(page.data.domain)-\(page.data.tier)", "custom_details": details,
            ]
            if let site = page.data.site { payload["group"] = site }
            event["payload"] = payload
            event["client"] = "crisisd"
            event["client_url"] = page.data.link
            event["links"] = [["href": page.data.link, "text": "Open case \(page.data.ref)"]]
        }
        return (try? Array(JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes]))) ?? []
    }

    /// Contract: `critical` for high, `error` for moderate, `warning` for low.
    static func severity(tier: String) -> String {
        switch tier {
        case "high": "critical"
        case "moderate": "error"
        case "low": "warning"
        default: "info"
        }
    }
}
