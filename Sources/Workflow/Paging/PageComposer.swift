import CrisisCore
import EscalationEngine
import Foundation
import RiskRules

/// Builds the outbox rows a freshly judged assessment triggers, following the first matching route.
public struct PageComposer: Sendable {
    /// Base URL for links in pages (`public_url`).
    public var publicURL: String

    public init(publicURL: String) { self.publicURL = publicURL }

    /// One page per receiver of the matching route; none when the route notifies nobody.
    func pages(
        for assessment: Assessment, definition: ProtocolDefinition, plan: EscalationPlan, ids: any IdentifierGenerator,
        now: Date
    ) -> [OutboxMessage] {
        let evaluation = assessment.evaluation
        guard
            let route = plan.route(
                tier: evaluation.tier, domain: evaluation.domain, site: assessment.site, protocolID: evaluation.protocolID),
            !route.notify.isEmpty
        else { return [] }
        let payload = PagePayload(
            type: "crisis.episode.triggered", timestamp: Timestamps.iso8601(now),
            data: .init(
                ref: assessment.id.rawValue, tier: evaluation.tier.rawValue, domain: evaluation.domain.rawValue,
                action: evaluation.action.actionClass.rawValue, deadline: assessment.deadline.map(Timestamps.iso8601),
                site: assessment.site, summary: summary(assessment, definition: definition),
                link: "\(publicURL)/api/v1/assessments/\(assessment.id.rawValue)"))
        let body = payload.encoded()
        return route.notify.map { receiver in
            OutboxMessage(
                id: PageID(ids.make(prefix: "msg")), receiver: receiver, assessmentID: assessment.id,
                eventType: payload.type, body: body, createdAt: now, nextAttemptAt: now,
                fallbackReceiver: route.fallback == receiver ? nil : route.fallback)
        }
    }

    /// "C-SSRS screen: High risk — precautions now … · case asm_… · site east"
    func summary(_ assessment: Assessment, definition: ProtocolDefinition) -> String {
        let evaluation = assessment.evaluation
        var parts = ["\(definition.shortTitle): \(definition.label(forOutcome: evaluation.outcome)) — \(evaluation.action.text)"]
        if let deadline = assessment.deadline { parts.append("by \(Timestamps.iso8601(deadline))") }
        parts.append("case \(assessment.id.rawValue)")
        if let site = assessment.site { parts.append("site \(site)") }
        return parts.joined(separator: " · ")
    }
}
