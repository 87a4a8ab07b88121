import CrisisCore
import Foundation
import Hummingbird
import Workflow

/// PagerDuty webhooks v3 coming back: a verified `incident.acknowledged` acknowledges the episode named by the
/// incident's dedup key; `incident.resolved` is recorded but never closes a clinical episode (no disposition).
struct PagerDutyWebhookController {
    let verify: @Sendable (_ signatureHeader: String, _ body: [UInt8]) -> Bool
    let seen: any InboundWebhookStore
    let act: ActOnEpisode
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("hooks/pagerduty", use: receive)
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.bodyBytes(limit: maxBodyBytes)
        guard let header = request.headers[.pagerDutySignature], verify(header, body) else {
            throw APIProblem(.unauthorized, title: "Unauthorized", detail: "missing or invalid X-PagerDuty-Signature")
        }
        guard case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body)),
            case .object(let event)? = root["event"], case .string(let type)? = event["event_type"]
        else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "expected a PagerDuty v3 webhook body",
                             errors: [.init(pointer: "/event/event_type", detail: "required")])
        }
        guard type == "incident.acknowledged" || type == "incident.resolved" else { return Response(status: .noContent) }
        // PagerDuty delivers at least once: a redelivery (same X-Webhook-Id) is answered without acting again.
        let deliveryID = request.headers[.webhookID]
        if let deliveryID, (try? await seen.hasSeen(source: "pagerduty", id: deliveryID)) == true {
            return Response(status: .accepted)
        }
        guard case .object(let data)? = event["data"], case .string(let incidentKey)? = data["incident_key"],
            incidentKey.hasPrefix("crisisd/episode/")
        else {
            // Not one of ours; answering 2xx stops PagerDuty from retrying it.
            return Response(status: .accepted)
        }
        let id = EpisodeID(String(incidentKey.dropFirst("crisisd/episode/".count)))
        var agentID = "unknown"
        var agentName = "PagerDuty user"
        if case .object(let agent)? = event["agent"] {
            if case .string(let value)? = agent["id"] { agentID = value }
            if case .string(let value)? = agent["summary"] { agentName = String(value.prefix(120)) }
        }
        let actor = EpisodeActor(id: "pagerduty:\(agentID)", name: agentName, via: "pagerduty")
        do {
            _ = type == "incident.acknowledged"
                ? try await act.acknowledge(id, by: actor, kind: .responding) : try await act.resolvedElsewhere(id, by: actor)
        } catch {
            switch error {
            case .unknownEpisode, .refused, .noActiveSafetyPlan: return Response(status: .accepted)
            case .storeUnavailable:
                // PagerDuty retries on a non-2xx: the acknowledgement is not lost.
                throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
            }
        }
        // Recorded only after acting, so a failure above leaves the redelivery free to act.
        if let deliveryID { try? await seen.recordSeen(source: "pagerduty", id: deliveryID, at: Date()) }
        return Response(status: .accepted)
    }
}
