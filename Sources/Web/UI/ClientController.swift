import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RiskRules
import Workflow

/// The client timeline (`/clients`): look a client up by identifier (sent in the form body, never the URL) and
/// see their screens, safety plans and escalations together. Every view is audited.
struct ClientController {
    let ui: UIDependencies
    let assessments: any AssessmentStore
    let overrides: any OverrideStore
    let safetyPlans: ManageSafetyPlans?
    let registry: DefinitionsRegistry
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("clients") { request, _ in
            guard let session = try await UISessions.current(request, ui: ui, allowed: \.mayReadAssessments) else { return UIPage.redirect("/login") }
            return UIPage.render(
                ui.templates, "client",
                ClientTimelineViewModel(user: session.principal.name, csrf: session.csrfToken, subjectSystem: "", subjectValue: "", searched: false, events: [], empty: true))
        }
        router.post("clients") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.mayReadAssessments, limit: maxBodyBytes) { session, form in
                let subject = SubjectIdentifier(
                    system: (form["subject_system"] ?? "").trimmingCharacters(in: .whitespaces), value: (form["subject_value"] ?? "").trimmingCharacters(in: .whitespaces))
                let events = try await timeline(subject, by: session.principal)
                return UIPage.render(
                    ui.templates, "client",
                    ClientTimelineViewModel(
                        user: session.principal.name, csrf: session.csrfToken, subjectSystem: subject.system, subjectValue: subject.value, searched: true,
                        events: events, empty: events.isEmpty))
            }
        }
    }

    private func timeline(_ subject: SubjectIdentifier, by principal: Principal) async throws -> [ClientTimelineViewModel.Event] {
        guard !subject.system.isEmpty, !subject.value.isEmpty else { return [] }
        var dated: [(Date, ClientTimelineViewModel.Event)] = []
        do {
            try await ui.users.recordPageView(principal: principal.id, page: "client-timeline", subject: subject, at: Date())
            let definitions = registry.current
            var episodes: [EpisodeID: Episode] = [:]
            for assessment in try await assessments.assessments(for: subject, limit: 200) {
                let tier = TierOverride.finalTier(computed: assessment.evaluation.tier, overrides: try await overrides.overrides(for: assessment.id))
                let name = definitions.protocols[assessment.evaluation.protocolID]?.shortTitle ?? assessment.evaluation.protocolID.rawValue
                dated.append((assessment.completedAt, .init(
                    when: UITime.dated(assessment.completedAt), kind: "Screen", text: "\(name): \(assessment.evaluation.outcome.replacingOccurrences(of: "_", with: " "))",
                    tierWord: tier.rawValue.capitalized, tierClass: "tier-\(tier.rawValue)", link: "/screens/\(assessment.id)")))
                if let episode = try await assessments.episode(forAssessment: assessment.id) { episodes[episode.id] = episode }
            }
            for episode in episodes.values {
                let state = episode.resolution.map { "resolved: \($0.disposition.rawValue.replacingOccurrences(of: "_", with: " "))" }
                    ?? (episode.acknowledgements.isEmpty ? "open, not acknowledged" : "open, acknowledged")
                dated.append((episode.createdAt, .init(
                    when: UITime.dated(episode.createdAt), kind: "Escalation", text: state, tierWord: episode.tier.rawValue.capitalized,
                    tierClass: "tier-\(episode.tier.rawValue)", link: nil)))
            }
            for plan in try await safetyPlans?.list(subject: subject, by: principal) ?? [] {
                dated.append((plan.updatedAt, .init(
                    when: UITime.dated(plan.updatedAt), kind: "Safety plan", text: "\(plan.status.rawValue), revision \(plan.revision)",
                    tierWord: nil, tierClass: nil, link: "/plans/\(plan.id)")))
            }
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        return dated.sorted { $0.0 > $1.0 }.map(\.1)
    }
}
