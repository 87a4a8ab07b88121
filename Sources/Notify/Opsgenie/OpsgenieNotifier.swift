import AsyncHTTPClient
import CrisisCore
import EscalationEngine
import Foundation
import NIOCore

/// Opsgenie Alert API v2: create an alert per episode (its `alias` is the dedup key), then acknowledge and close
/// it by alias. Built last and kept small: Atlassian ends Opsgenie on 2027-04-05 (reference/escalation.md).
public struct OpsgenieNotifier: Notifier {
    public static let defaultAPIURL = "https://api.opsgenie.com"

    private let apiKey: String
    private let apiURL: String
    private let template: PageTemplate?
    private let poster: JSONPoster

    public init(apiKey: String, apiURL: String?, template: PageTemplate?, client: HTTPClient, timeout: TimeAmount = .seconds(15)) {
        self.apiKey = apiKey
        let base = apiURL ?? Self.defaultAPIURL
        self.apiURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.template = template
        poster = JSONPoster(client: client, timeout: timeout)
    }

    public func deliver(_ message: OutboxMessage, now: Date) async -> DeliveryResult {
        guard let page = PagePayload.decode(message.body) else { return .permanentFailure(reason: "unreadable page body") }
        let (path, body) = Self.request(page, template: template)
        // Opsgenie answers 202 and processes asynchronously; anything else is not an accepted request.
        return await poster.post(
            url: apiURL + path, body: body, headers: [("authorization", "GenieKey \(apiKey)")], accepted: { $0 == 202 })
    }

    /// Path and JSON body for the page's event; only opaque, allow-listed fields.
    static func request(_ page: PagePayload, template: PageTemplate?) -> (String, [UInt8]) {
        let alias = "crisisd-episode-\(page.data.ref)"
        let object: [String: Any]
        let path: String
        switch page.event {
        case "acknowledged":
            path = "/v2/alerts/\(alias)/acknowledge?identifierType=alias"
            object = ["source": "crisisd", "note": "Acknowledged in crisisd"]
        case "resolved":
            path = "/v2/alerts/\(alias)/close?identifierType=alias"
            object = ["source": "crisisd", "note": "Resolved in crisisd with a documented disposition"]
        default:
            path = "/v2/alerts"
            let message = template?.render(page.templateFields)
                ?? "\(page.data.tier.uppercased()) crisis escalation \(page.data.ref)"
            var details = ["ref": page.data.ref, "tier": page.data.tier, "domain": page.data.domain, "action": page.data.action,
                           "link": page.data.link]
            if let deadline = page.data.deadline { details["deadline"] = deadline }
            if let site = page.data.site { details["site"] = site }
            object = [
                "message": String(message.prefix(130)), "alias": alias, "description": "\(page.data.summary)\nOpen: \(page.data.link)",
                "priority": priority(tier: page.data.tier), "source": "crisisd", "tags": ["crisisd", page.data.tier, page.data.domain],
                "details": details, "entity": page.data.site ?? "crisisd",
            ]
        }
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return (path, Array(body))
    }

    static func priority(tier: String) -> String {
        switch tier {
        case "high": "P1"
        case "moderate": "P2"
        case "low": "P3"
        default: "P4"
        }
    }
}
