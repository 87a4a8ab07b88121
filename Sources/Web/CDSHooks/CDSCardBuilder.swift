import CrisisCore
import Foundation
import Workflow

/// Turns a risk summary into cards: plain words, the tier in words (never colour alone), dates, protocol
/// names and escalation state — no answers, no free text.
struct CDSCardBuilder {
    let publicURL: String
    /// Protocol titles by id (the loaded protocol set): the full title for the detail, the short one for summaries.
    let title: (ProtocolID) -> String
    let shortTitle: (ProtocolID) -> String
    let makeUUID: () -> String

    var overrideReasonSystem: String { "\(publicURL)/fhir/CodeSystem/cds-override-reason" }
    var topicSystem: String { "\(publicURL)/fhir/CodeSystem/cds-topic" }

    /// `patient-view`: one card when the patient has a screen or an open escalation; none otherwise.
    func patientView(_ summary: RiskSummary) -> [CDSCard] {
        guard let highest = summary.highestTier else { return [] }
        let unacknowledged = summary.unacknowledged
        // The most urgent fact first: an escalation nobody has acknowledged, then the latest screen.
        let latestText = summary.latest.first.map { "\(shortTitle($0.protocolID)), \(Self.day($0.completedAt))" }
        let headline: String
        if let waiting = unacknowledged.max(by: { $0.tier < $1.tier }) {
            headline = "\(Self.tierWord(waiting.tier)) \(Self.domainWords(waiting.domain)) escalation not yet acknowledged"
                + (summary.latest.first.map { " (latest screen: \(Self.tierWord($0.tier).lowercased()) risk, \(latestText ?? ""))" } ?? "")
        } else if let latest = summary.latest.first {
            headline = "\(Self.riskPhrase(latest.tier, latest.domain)) (\(latestText ?? ""))"
                + (summary.openEpisodes.isEmpty ? "" : " - escalation in progress")
        } else {
            headline = "Crisis escalation in progress"
        }
        var lines = summary.latest.map { latest in
            var line = "- **\(Self.tierWord(latest.tier))** \(Self.domainWords(latest.domain)) from the \(title(latest.protocolID)), "
                + "completed \(Self.timestamp(latest.completedAt))."
            if latest.needsReview { line += " The screen could not be scored completely and is waiting for clinical review." }
            return line
        }
        for episode in summary.openEpisodes {
            let state = episode.acknowledgements.last.map { "acknowledged \(Self.timestamp($0.at))" } ?? "**not acknowledged**"
            lines.append("- Escalation for **\(Self.tierWord(episode.tier).lowercased())** \(Self.domainWords(episode.domain)) opened "
                + "\(Self.timestamp(episode.createdAt)), \(state)\(episode.unreached ? "; nobody on the rota could be reached" : "").")
        }
        let indicator: CDSCard.Indicator = highest == .high || !unacknowledged.isEmpty ? .critical : highest == .moderate ? .warning : .info
        return [
            card(
                summary: headline, detail: lines.joined(separator: "\n"), indicator: indicator,
                topic: .init(system: topicSystem, code: "crisis-risk", display: "Crisis risk"),
                overrideReasons: indicator == .info ? nil : [
                    .init(system: overrideReasonSystem, code: "already-aware", display: "Already aware; care team is acting"),
                    .init(system: overrideReasonSystem, code: "clinician-reassessed", display: "Clinician reassessed the risk"),
                ])
        ]
    }

    /// `encounter-discharge`: when a moderate-or-higher tier is in force, a critical card if the client has no
    /// active safety plan, an info card naming the active plan otherwise (the same state the disposition gate reads).
    func encounterDischarge(_ summary: RiskSummary) -> [CDSCard] {
        guard let highest = summary.highestTier, highest >= .moderate else { return [] }
        var lines = summary.latest.map {
            "- **\(Self.tierWord($0.tier))** \(Self.domainWords($0.domain)) from the \(title($0.protocolID)), completed \(Self.timestamp($0.completedAt))."
        }
        lines += summary.openEpisodes.map {
            "- An escalation for **\(Self.tierWord($0.tier).lowercased())** \(Self.domainWords($0.domain)) is still open (since \(Self.timestamp($0.createdAt)))."
        }
        if let plan = summary.activeSafetyPlan {
            lines.append("- Active safety plan, version \(plan.revision), made active \(plan.activatedAt.map(Self.timestamp) ?? "—"). Review it with the patient and make sure they take a copy.")
            return [
                card(
                    summary: "Active safety plan on file - review it with the patient before discharge", detail: lines.joined(separator: "\n"),
                    indicator: .info, topic: .init(system: topicSystem, code: "safety-plan", display: "Safety plan"), overrideReasons: nil)
            ]
        }
        lines.append("- **No active safety plan** is on file in crisisd. Complete a Stanley-Brown safety plan with the patient (warning signs, coping strategies, contacts including 988, making the environment safe) before discharge.")
        return [
            card(
                summary: "\(Self.tierWord(highest)) risk and no active safety plan - complete one before discharge", detail: lines.joined(separator: "\n"),
                indicator: .critical, topic: .init(system: topicSystem, code: "safety-plan", display: "Safety plan"),
                overrideReasons: [
                    .init(system: overrideReasonSystem, code: "plan-in-chart", display: "Active safety plan documented elsewhere in the chart"),
                    .init(system: overrideReasonSystem, code: "clinician-reassessed", display: "Clinician reassessed the risk as lower"),
                    .init(system: overrideReasonSystem, code: "not-discharging-home", display: "Not being discharged to the community"),
                ])
        ]
    }

    private func card(
        summary: String, detail: String, indicator: CDSCard.Indicator, topic: CDSCard.Coding, overrideReasons: [CDSCard.Coding]?
    ) -> CDSCard {
        CDSCard(
            uuid: makeUUID(), summary: String(summary.prefix(139)), detail: detail, indicator: indicator,
            source: .init(label: "crisisd crisis risk service", url: publicURL, topic: topic), overrideReasons: overrideReasons)
    }

    /// "High suicide risk", or "No suicide risk identified" (never a bare "No").
    static func riskPhrase(_ tier: RiskTier, _ domain: RiskDomain) -> String {
        tier == .none ? "No \(domainWords(domain)) identified" : "\(tierWord(tier)) \(domainWords(domain))"
    }

    static func tierWord(_ tier: RiskTier) -> String {
        switch tier {
        case .high: "High"
        case .moderate: "Moderate"
        case .low: "Low"
        case .none: "No"
        }
    }

    static func domainWords(_ domain: RiskDomain) -> String {
        switch domain {
        case .self: "suicide risk"
        case .others: "violence risk"
        }
    }

    static func day(_ date: Date) -> String { utc(date, "d MMM") }

    static func timestamp(_ date: Date) -> String { utc(date, "yyyy-MM-dd HH:mm 'UTC'") }

    private static func utc(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
