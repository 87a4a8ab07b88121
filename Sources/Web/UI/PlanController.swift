import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SafetyPlans
import Workflow

/// The safety-plan editor: start a plan from a screen's result, fill in each section, see the quality check,
/// make it active, print the client's copy. Every read and write goes through `ManageSafetyPlans` (audited).
struct PlanController {
    let ui: UIDependencies
    let manage: ManageSafetyPlans
    let assessments: any AssessmentStore
    let registry: DefinitionsRegistry
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("plans/new") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.mayWriteSafetyPlans, limit: maxBodyBytes) { session, form in
                let assessmentID = AssessmentID(form["assessment"] ?? "")
                guard let assessment = try? await assessments.assessment(id: assessmentID) else { return UIPage.redirect("/board") }
                do {
                    let view = try await manage.create(
                        subject: assessment.subject, templateID: nil, assessmentIDs: [assessmentID], content: SafetyPlanContent(), by: session.principal)
                    return UIPage.redirect("/plans/\(view.plan.id)")
                } catch {
                    return UIPage.redirect("/screens/\(assessmentID)?notice=unavailable")
                }
            }
        }
        router.get("plans/{id}") { request, context in
            guard let session = try await UISessions.current(request, ui: ui, allowed: \.mayWriteSafetyPlans) else { return UIPage.redirect("/login") }
            let id = SafetyPlanID(try context.parameters.require("id"))
            let notice = request.uri.queryParameters.get("notice").flatMap { Self.notices[$0] }
            return try await editor(session, id: id, notice: notice, errors: [], status: .ok)
        }
        router.post("plans/{id}") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.mayWriteSafetyPlans, limit: maxBodyBytes) { session, form in
                let id = SafetyPlanID(try context.parameters.require("id"))
                return try await save(session, id: id, form: form)
            }
        }
        router.post("plans/{id}/activate") { request, context in
            try await UISessions.post(request, context, ui: ui, allowed: \.mayWriteSafetyPlans, limit: maxBodyBytes) { session, form in
                let id = SafetyPlanID(try context.parameters.require("id"))
                do {
                    _ = try await manage.activate(id, by: session.principal)
                    return UIPage.redirect("/plans/\(id)?notice=activated")
                } catch ManageSafetyPlans.Failure.qualityCheckFailed {
                    return UIPage.redirect("/plans/\(id)?notice=not-ready")
                } catch ManageSafetyPlans.Failure.superseded {
                    return UIPage.redirect("/plans/\(id)?notice=superseded")
                } catch {
                    return UIPage.redirect("/plans/\(id)?notice=unavailable")
                }
            }
        }
        router.get("plans/{id}/print") { request, context in
            guard let session = try await UISessions.current(request, ui: ui, allowed: \.mayReadAssessments) else { return UIPage.redirect("/login") }
            let id = SafetyPlanID(try context.parameters.require("id"))
            guard let view = try? await manage.read(id, by: session.principal, action: "print"), let template = view.template else {
                return UIPage.redirect("/board")
            }
            let definitions = registry.current
            let html = SafetyPlanPrintPage.render(
                plan: view.plan, template: template, resources: definitions.safetyPlans.resources,
                licenceRecorded: definitions.licenceRecorded(template: template, id: template.id))
            var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
            UISecurityHeaders.apply(to: &headers)
            headers[.contentSecurityPolicy] = SafetyPlanPrintPage.contentSecurityPolicy
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }

    static let notices: [String: String] = [
        "saved": "Saved as a new revision.", "activated": "This is now the client's active safety plan.",
        "not-ready": "Not made active yet: see what still needs doing below.",
        "stale": "Someone else saved this plan meanwhile: their version is shown; make your changes again.",
        "superseded": "This plan was replaced by a newer one and can no longer change.",
        "unavailable": "crisisd could not save that; try again.",
    ]

    private func editor(_ session: WebSession, id: SafetyPlanID, notice: String?, errors: [String], status: HTTPResponse.Status) async throws -> Response {
        let view: ManageSafetyPlans.View
        do {
            view = try await manage.read(id, by: session.principal)
        } catch .notFound {
            return UIPage.redirect("/board")
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        let recorded = registry.current.licenceRecorded(template: view.template, id: view.plan.templateID)
        return UIPage.render(
            ui.templates, "plan", PlanEditorViewModel(view, session: session, licenceRecorded: recorded, notice: notice, errors: errors), status: status)
    }

    private func save(_ session: WebSession, id: SafetyPlanID, form: [String: String]) async throws -> Response {
        guard let basedOn = form["based_on"].flatMap(Int.init) else { return UIPage.redirect("/plans/\(id)?notice=stale") }
        let plan = try? await manage.read(id, by: session.principal)
        guard let template = plan?.template else { return UIPage.redirect("/board") }
        let content = PlanEditorViewModel.content(form, template: template)
        do {
            _ = try await manage.revise(id, basedOn: basedOn, content: content, by: session.principal)
            return UIPage.redirect("/plans/\(id)?notice=saved")
        } catch .invalidContent(let problems) {
            return try await editor(session, id: id, notice: nil, errors: problems.map(\.detail), status: .unprocessableContent)
        } catch .staleRevision {
            return UIPage.redirect("/plans/\(id)?notice=stale")
        } catch .superseded {
            return UIPage.redirect("/plans/\(id)?notice=superseded")
        } catch {
            return UIPage.redirect("/plans/\(id)?notice=unavailable")
        }
    }
}
