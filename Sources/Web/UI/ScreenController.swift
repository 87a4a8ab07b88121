import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RiskRules
import Workflow

/// A clinician enters a crisis screen: choose the protocol, identify the client (the identifier typed twice
/// and an identity check confirmed), answer the questions that apply — skip logic on the server, so a
/// question not asked is never stored — and see the result. Everything travels in POST bodies, never in URLs.
struct ScreenController {
    let ui: UIDependencies
    let submit: SubmitAssessment
    let assessments: any AssessmentStore
    let episodes: any EpisodeStore
    let registry: DefinitionsRegistry
    let overrideTier: OverrideTier
    let overrides: any OverrideStore
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("screens/new") { request, _ in
            guard let session = try await UISessions.current(request, ui: ui, allowed: \.maySubmitAssessments) else { return UIPage.redirect("/login") }
            return start(session, form: [:], errors: [])
        }
        router.post("screens/new") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.maySubmitAssessments, limit: maxBodyBytes) { session, form in
                var errors: [String] = []
                if registry.current.protocols[ProtocolID(form["protocol"] ?? "")] == nil { errors.append("Choose a screening instrument.") }
                let value = (form["subject_value"] ?? "").trimmingCharacters(in: .whitespaces)
                if value.isEmpty || (form["subject_system"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    errors.append("Enter the client's identifier and its system.")
                } else if value != (form["subject_value_again"] ?? "").trimmingCharacters(in: .whitespaces) {
                    errors.append("The two identifier entries differ: check the client's identifier again.")
                }
                if form["identity_checked"] != "yes" { errors.append("Confirm that you checked the client's identity with two identifiers.") }
                guard errors.isEmpty else { return start(session, form: form, errors: errors, status: .unprocessableContent) }
                return answer(session, form: form, errors: [])
            }
        }
        router.post("screens/answer") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.maySubmitAssessments, limit: maxBodyBytes) { session, form in
                return try await save(session, form: form, context)
            }
        }
        router.get("screens/{id}") { request, context in
            guard let session = try await UISessions.current(request, ui: ui, allowed: \.mayReadAssessments) else { return UIPage.redirect("/login") }
            let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] }
            return try await result(session, id: AssessmentID(try context.parameters.require("id")), notice: notice)
        }
        router.post("screens/{id}/overrides/{override}/cosign") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.mayCosignOverrides, limit: maxBodyBytes) { session, form in
                let id = AssessmentID(try context.parameters.require("id"))
                do {
                    _ = try await overrideTier.cosign(assessmentID: id, overrideID: try context.parameters.require("override"), by: session.principal)
                    return UIPage.redirect("/screens/\(id)?notice=cosigned")
                } catch OverrideTier.Failure.selfCosign {
                    return UIPage.redirect("/screens/\(id)?notice=self-cosign")
                } catch {
                    return UIPage.redirect("/screens/\(id)?notice=unavailable")
                }
            }
        }
        // A protocol's follow-up (PHQ-9 item 9 → the C-SSRS screen), for the same client: the identifier comes from
        // the stored screen, never from the form, so it cannot be mistyped.
        router.post("screens/{id}/follow-up") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.maySubmitAssessments, limit: maxBodyBytes) { session, form in
                let id = AssessmentID(try context.parameters.require("id"))
                let stored: Assessment?
                do { stored = try await assessments.assessment(id: id) } catch {
                    throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
                }
                guard let stored, let next = form["protocol"].map(ProtocolID.init), stored.evaluation.followUps.contains(next) else {
                    return UIPage.redirect("/screens/\(id)")
                }
                return answer(session, form: [
                    "protocol": next.rawValue, "subject_system": stored.subject.system, "subject_value": stored.subject.value,
                    "site": stored.site ?? "",
                ], errors: [])
            }
        }
        router.post("screens/{id}/override") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.mayOverrideTiers, limit: maxBodyBytes) { session, form in
                let id = AssessmentID(try context.parameters.require("id"))
                guard let tier = form["tier"].flatMap(RiskTier.init(rawValue:)) else { return UIPage.redirect("/screens/\(id)?notice=override-tier") }
                do {
                    let override = try await overrideTier.request(assessmentID: id, tier: tier, reason: form["reason"] ?? "", by: session.principal)
                    return UIPage.redirect("/screens/\(id)?notice=\(override.status == .effective ? "override-done" : "override-cosign")")
                } catch OverrideTier.Failure.emptyReason {
                    return UIPage.redirect("/screens/\(id)?notice=override-reason")
                } catch OverrideTier.Failure.sameTier {
                    return UIPage.redirect("/screens/\(id)?notice=override-same")
                } catch {
                    return UIPage.redirect("/screens/\(id)?notice=unavailable")
                }
            }
        }
    }

    private func start(_ session: WebSession, form: [String: String], errors: [String], status: HTTPResponse.Status = .ok) -> Response {
        let definitions = registry.current
        let protocols = definitions.protocols.ids.compactMap { definitions.protocols[$0] }.map {
            ScreenPageViewModel.ProtocolOption(id: $0.id.rawValue, title: $0.title, selected: $0.id.rawValue == form["protocol"])
        }
        let model = ScreenPageViewModel(
            user: session.principal.name, csrf: session.csrfToken, protocols: protocols, protocolID: "", protocolTitle: "", attribution: "", instructions: [], hasInstructions: false,
            subjectSystem: form["subject_system"] ?? "", subjectValue: form["subject_value"] ?? "", site: form["site"] ?? "", questions: [],
            errors: errors, hasErrors: !errors.isEmpty, complete: false, layout: form["layout"] ?? ScreenPageViewModel.Layout.all.rawValue,
            oneAtATime: form["layout"] == ScreenPageViewModel.Layout.one.rawValue, reviewing: false, carried: [], shown: [], formID: "")
        return UIPage.render(ui.templates, "screen-start", model, status: status)
    }

    private func answer(_ session: WebSession, form: [String: String], errors: [String], status: HTTPResponse.Status = .ok) -> Response {
        guard let definition = registry.current.protocols[ProtocolID(form["protocol"] ?? "")] else {
            return start(session, form: form, errors: ["Choose a screening instrument."], status: .unprocessableContent)
        }
        let answers = Self.answers(form)
        let (questions, _, missing) = ScreenPageViewModel.questions(definition, answers: answers)
        let layout = form["layout"].flatMap(ScreenPageViewModel.Layout.init(rawValue:)) ?? .all
        let shown = Set(form.keys.filter { $0.hasPrefix("shown.") }.map { String($0.dropFirst("shown.".count)) })
        let page = ScreenPageViewModel.page(questions, answers: answers, layout: layout, shown: shown)
        var errors = errors
        if page.unansweredAgain, errors.isEmpty, let question = page.visible.first {
            errors.append("Answer question \(question.number) to go on.")
        }
        let model = ScreenPageViewModel(
            user: session.principal.name, csrf: session.csrfToken, protocols: [], protocolID: definition.id.rawValue,
            protocolTitle: definition.title, attribution: definition.attribution, instructions: definition.instructions,
            hasInstructions: !definition.instructions.isEmpty,
            subjectSystem: form["subject_system"] ?? "",
            subjectValue: form["subject_value"] ?? "", site: form["site"] ?? "", questions: page.visible, errors: errors,
            hasErrors: !errors.isEmpty, complete: missing.isEmpty && !answers.isEmpty, layout: layout.rawValue, oneAtATime: layout == .one,
            reviewing: page.reviewing, carried: page.carried, shown: page.shown, formID: form["form_id"] ?? APITokens.generate())
        return UIPage.render(ui.templates, "screen-answer", model, status: status)
    }

    /// "Continue" shows the questions the answers now open; "Save" stores the screen once every asked,
    /// required question is answered. Answers to questions that no longer apply are dropped, never stored.
    private func save(_ session: WebSession, form: [String: String], _ context: AppRequestContext) async throws -> Response {
        guard let definition = registry.current.protocols[ProtocolID(form["protocol"] ?? "")] else {
            return start(session, form: form, errors: ["Choose a screening instrument."], status: .unprocessableContent)
        }
        let all = Self.answers(form)
        let (questions, _, missing) = ScreenPageViewModel.questions(definition, answers: all)
        let asked = Set(questions.map(\.id))
        guard form["action"] == "save" else { return answer(session, form: form, errors: []) }
        guard missing.isEmpty else {
            let numbers = questions.filter { missing.contains($0.id) }.map { String($0.number) }.joined(separator: ", ")
            return answer(session, form: form, errors: ["Answer question \(numbers) before saving."], status: .unprocessableContent)
        }
        var raw: [String: RawAnswer] = [:]
        for item in definition.items where asked.contains(item.id) {
            guard let value = all[item.id], !value.isEmpty else { continue }
            if case .range = item.answers, let number = Int(value) { raw[item.id] = .integer(number) } else { raw[item.id] = .text(value) }
        }
        let subject = SubjectIdentifier(
            system: (form["subject_system"] ?? "").trimmingCharacters(in: .whitespaces), value: (form["subject_value"] ?? "").trimmingCharacters(in: .whitespaces))
        // The form's own token makes a double-click or a resubmitted form one screen, not two.
        let key = form["form_id"].map { "ui:\($0)" }
        do {
            let result = try await submit(
                .init(
                    protocolID: definition.id, answers: raw, subject: subject, site: form["site"].flatMap { $0.isEmpty ? nil : $0 },
                    completedAt: nil, idempotencyKey: key, requestDigest: APITokens.digest(Array(raw.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&").utf8)),
                    principal: session.principal))
            return UIPage.redirect("/screens/\(result.assessment.id)")
        } catch .idempotencyConflict {
            // This form was saved before with other answers (for example after going back in the browser): the
            // stored screen stands; "nothing was stored" would be untrue.
            return answer(
                session, form: form,
                errors: ["This form was already saved with different answers; that screen is unchanged. Start a new screen to record other answers."],
                status: .conflict)
        } catch .unknownProtocol {
            return start(session, form: form, errors: ["That instrument is no longer available. Choose another."], status: .unprocessableContent)
        } catch .unreadableAnswers {
            return answer(session, form: form, errors: ["Some answers could not be read. Nothing was stored; check them and save again."], status: .unprocessableContent)
        } catch .storeUnavailable {
            context.logger.error("ui.screen_not_saved", metadata: ["reason": "store unavailable"])
            return answer(session, form: form, errors: ["The screen could not be saved. Nothing was stored; try again."], status: .serviceUnavailable)
        }
    }

    /// Fixed notice texts, chosen by key so a link cannot put words on the page.
    static let notices: [String: String] = [
        "override-done": "Tier changed. The reason is recorded with your name.",
        "override-cosign": "Lowering a high tier needs a supervisor's co-signature: the tier stays high until it is signed.",
        "override-reason": "Give the reason for changing the tier.", "override-same": "That is already the tier.",
        "override-tier": "Choose the tier.", "unavailable": "crisisd could not save that; try again.",
        "cosigned": "Co-signed: the new tier is in force.", "acknowledged": "Acknowledged: the people paged are told you are responding.", "self-cosign": "Another supervisor must co-sign a change you asked for.",
    ]

    private func result(_ session: WebSession, id: AssessmentID, notice: String?) async throws -> Response {
        let assessment: Assessment?
        let episode: Episode?
        let timeline: [EpisodeEvent]
        let changes: [TierOverride]
        do {
            assessment = try await assessments.assessment(id: id)
            episode = assessment == nil ? nil : try await assessments.episode(forAssessment: id)
            if let episode { timeline = try await episodes.timeline(id: episode.id) } else { timeline = [] }
            changes = try await overrides.overrides(for: id)
            if let assessment {
                try await ui.users.recordPageView(principal: session.principal.id, page: "screen-result", subject: assessment.subject, at: Date())
            }
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        guard let assessment else { return UIPage.redirect("/board") }
        let evaluation = assessment.evaluation
        let definition = registry.current.protocols[evaluation.protocolID]
        let model = ResultPageViewModel(
            user: session.principal.name, csrf: session.csrfToken, assessmentID: id.rawValue, notice: notice,
            tierOptions: RiskTier.allCases.filter { $0 != evaluation.tier }.map { .init(value: $0.rawValue, label: $0.rawValue.capitalized) },
            lowersHighNeedsCosign: evaluation.tier == .high,
            changes: changes.map { change in
                .init(
                    id: change.id, summary: "\(change.fromTier.rawValue.capitalized) → \(change.toTier.rawValue.capitalized), \(UITime.clock(change.requestedAt))",
                    reason: change.reason, pending: change.status == .pendingCosign,
                    canCosign: change.status == .pendingCosign && session.principal.role.mayCosignOverrides && change.requestedBy != session.principal.id)
            },
            hasChanges: !changes.isEmpty, protocolTitle: definition?.title ?? evaluation.protocolID.rawValue,
            tierWord: TierOverride.finalTier(computed: evaluation.tier, overrides: changes).rawValue.capitalized,
            tierClass: "tier-\(TierOverride.finalTier(computed: evaluation.tier, overrides: changes).rawValue)",
            domain: evaluation.domain == .self ? "suicide risk" : "violence risk", outcome: evaluation.outcome.replacingOccurrences(of: "_", with: " "),
            score: evaluation.score.map(String.init), fired: evaluation.fired.map { .init(explanation: $0.explanation) },
            action: evaluation.action.text, deadline: assessment.deadline.map { UITime.deadline($0, now: Date()) },
            flags: evaluation.flags.map(Self.flagWords),
            hasFlags: !evaluation.flags.isEmpty, invalid: evaluation.isInvalid, episodeState: episode.map { $0.state.rawValue },
            episodeID: episode?.id.rawValue, paged: episode.map { PagedSummary.describe($0, timeline: timeline) },
            acknowledged: episode?.acknowledgements.last.map(BoardPageViewModel.acknowledgement),
            canAcknowledge: episode.map { $0.isOpen && $0.acknowledgements.isEmpty } == true && session.principal.role.mayActOnEpisodes,
            client: assessment.subject.value,
            followUps: evaluation.followUps.map { .init(id: $0.rawValue, title: registry.current.protocols[$0]?.shortTitle ?? $0.rawValue) },
            mayScreen: session.principal.role.maySubmitAssessments)
        return UIPage.render(ui.templates, "screen-result", model)
    }

    /// A flag in words: the licence flag says what it means; others are their ids without underscores (each
    /// protocol flag is explained under "Why" with the rule that raised it).
    static func flagWords(_ flag: String) -> String {
        flag == LicenceGate.evaluationOnlyFlag ? "evaluation only — licence not recorded" : flag.replacingOccurrences(of: "_", with: " ")
    }

    /// `answer.<item id>` fields.
    static func answers(_ form: [String: String]) -> [String: String] {
        var answers: [String: String] = [:]
        for (name, value) in form where name.hasPrefix("answer.") { answers[String(name.dropFirst("answer.".count))] = value }
        return answers
    }
}
