import CrisisCore
import EscalationEngine
import Foundation
import RiskRules

/// Renders the pages an episode transition asks for into outbox rows with the allow-listed page body.
public struct PageComposer: Sendable {
    /// Base URL for links in pages (`public_url`).
    public var publicURL: String

    public init(publicURL: String) { self.publicURL = publicURL }

    /// "C-SSRS screen: High risk — precautions now …" (trigger and action in words, from the protocol file).
    public func trigger(_ assessment: Assessment, definition: ProtocolDefinition) -> String {
        let evaluation = assessment.evaluation
        return "\(definition.shortTitle): \(definition.label(forOutcome: evaluation.outcome)) — \(evaluation.action.text)"
    }

    /// The committed form of a transition: each delivery's first channel gets a page, its other channels wait
    /// as alternates.
    public func commit(_ transition: EpisodeTransition, assessment: AssessmentID?, ids: any IdentifierGenerator, now: Date)
        -> EpisodeCommit
    {
        var pages: [OutboxMessage] = []
        for order in transition.pages {
            let body = payload(order.event, episode: transition.episode, now: now).encoded()
            for delivery in order.deliveries {
                guard let first = delivery.channels.first else { continue }
                pages.append(
                    OutboxMessage(
                        id: PageID(ids.make(prefix: "msg")), receiver: first, assessmentID: assessment,
                        episodeID: transition.episode.id, firing: order.firing, recipient: delivery.recipient,
                        eventType: order.event.type, body: body, createdAt: now, nextAttemptAt: now,
                        alternates: Array(delivery.channels.dropFirst())))
            }
        }
        return EpisodeCommit(episode: transition.episode, events: transition.events, pages: pages)
    }

    func payload(_ event: PageOrder.Event, episode: Episode, now: Date) -> PagePayload {
        var summary = [episode.summary]
        if let deadline = episode.deadline { summary.append("by \(Timestamps.iso8601(deadline))") }
        summary.append("case \(episode.id.rawValue)")
        if let site = episode.site { summary.append("site \(site)") }
        return PagePayload(
            type: event.type, timestamp: Timestamps.iso8601(now),
            data: .init(
                ref: episode.id.rawValue, tier: episode.tier.rawValue, domain: episode.domain.rawValue,
                action: episode.actionClass.rawValue, deadline: episode.deadline.map(Timestamps.iso8601), site: episode.site,
                summary: summary.joined(separator: " · "), link: "\(publicURL)/episodes/\(episode.id.rawValue)"))
    }

    /// The watchdog's alert: the overdue episode's reference and tier, and what is wrong, in words.
    func watchdogPayload(_ episode: Episode, now: Date) -> PagePayload {
        var payload = payload(.escalated, episode: episode, now: now)
        payload.type = "crisis.watchdog.overdue"
        payload.data.summary = "crisisd watchdog: escalation step \(episode.step + 1) of case \(episode.id.rawValue) is overdue; "
            + "check crisisd and page by phone tree"
        return payload
    }
}
