import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SafetyPlans
import Workflow

/// `/api/v1/safety-plans`: write, revise, check, activate, read and print Stanley-Brown safety plans; every
/// call attributed to the token's principal in the plan's access log.
struct SafetyPlanController {
    let manage: ManageSafetyPlans
    let registry: DefinitionsRegistry
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("safety-plan-templates", use: templates)
        group.post("safety-plans", use: create)
        group.get("safety-plans", use: list)
        group.get("safety-plans/{id}", use: read)
        group.get("safety-plans/{id}/revisions", use: revisions)
        group.post("safety-plans/{id}/revisions", use: revise)
        group.post("safety-plans/{id}/activate", use: activate)
        group.get("safety-plans/{id}/print", use: printCopy)
    }

    /// The templates (sections, prompts, licence) and the crisis resources directory a new plan starts from.
    @Sendable func templates(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(\.mayReadAssessments, action: "read safety-plan templates")
        let definitions = registry.current
        struct Body: Encodable {
            struct Template: Encodable {
                var id: String
                var version: String
                var hash: String
                var title: String
                var attribution: String
                var licence: String
                var licenceRecorded: Bool
                var sections: [SafetyPlanDTO.Section]
            }
            var templates: [Template]
            var crisisResources: [CrisisResource]
        }
        let templates = definitions.safetyPlans.templates.values.sorted { $0.id < $1.id }.map { template in
            Body.Template(
                id: template.id, version: template.version, hash: template.hash, title: template.title, attribution: template.attribution,
                licence: template.licenceText,
                licenceRecorded: definitions.licenceRecorded(template: template, id: template.id),
                sections: template.sections.map {
                    .init(id: $0.id, step: $0.step, heading: $0.heading, prompt: $0.prompt, fields: $0.fields, entries: [], notApplicable: nil, lethalMeans: nil)
                })
        }
        return try JSONResponse.make(Body(templates: templates, crisisResources: definitions.safetyPlans.resources), status: .ok)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayWriteSafetyPlans, action: "write safety plans")
        let body = try SafetyPlanRequest.create(try await request.bodyBytes(limit: maxBodyBytes))
        let view = try await run {
            try await manage.create(
                subject: body.subject, templateID: body.template, assessmentIDs: body.assessments, content: body.content, by: principal)
        }
        var response = try dto(view, status: .created)
        response.headers[.location] = "/api/v1/safety-plans/\(view.plan.id)"
        return response
    }

    /// `?subject=system|value`: the client's plans, newest first.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayReadAssessments, action: "read safety plans")
        guard let token = request.uri.queryParameters.get("subject"), let bar = token.firstIndex(of: "|"), bar != token.startIndex,
            token.index(after: bar) != token.endIndex
        else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "subject=system|value is required", errors: [.init(pointer: "/subject", detail: "system|value")])
        }
        let subject = SubjectIdentifier(system: String(token[..<bar]), value: String(token[token.index(after: bar)...]))
        let plans = try await run { try await manage.list(subject: subject, by: principal) }
        struct Summary: Encodable {
            var id: String
            var status: String
            var revision: Int
            var template: String
            var createdAt: String
            var activatedAt: String?
        }
        let summaries = plans.map {
            Summary(
                id: $0.id.rawValue, status: $0.status.rawValue, revision: $0.revision, template: $0.templateID,
                createdAt: Timestamps.iso8601($0.createdAt), activatedAt: $0.activatedAt.map(Timestamps.iso8601))
        }
        return try JSONResponse.make(["plans": summaries] as [String: [Summary]], status: .ok)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayReadAssessments, action: "read safety plans")
        let id = SafetyPlanID(try context.parameters.require("id"))
        return try dto(try await run { try await manage.read(id, by: principal) }, status: .ok)
    }

    @Sendable func revisions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayReadAssessments, action: "read safety plans")
        let id = SafetyPlanID(try context.parameters.require("id"))
        let revisions = try await run { try await manage.revisions(id, by: principal) }
        return try JSONResponse.make(["revisions": revisions.map(SafetyPlanRevisionDTO.init)] as [String: [SafetyPlanRevisionDTO]], status: .ok)
    }

    @Sendable func revise(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayWriteSafetyPlans, action: "write safety plans")
        let id = SafetyPlanID(try context.parameters.require("id"))
        let (basedOn, content) = try SafetyPlanRequest.revision(try await request.bodyBytes(limit: maxBodyBytes))
        return try dto(try await run { try await manage.revise(id, basedOn: basedOn, content: content, by: principal) }, status: .ok)
    }

    @Sendable func activate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayWriteSafetyPlans, action: "activate safety plans")
        let id = SafetyPlanID(try context.parameters.require("id"))
        return try dto(try await run { try await manage.activate(id, by: principal) }, status: .ok)
    }

    /// The client's copy: one printable page of HTML, no script.
    @Sendable func printCopy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayReadAssessments, action: "print safety plans")
        let id = SafetyPlanID(try context.parameters.require("id"))
        let view = try await run { try await manage.read(id, by: principal, action: "print") }
        guard let template = view.template else {
            throw APIProblem(.conflict, title: "Conflict", detail: "template \(view.plan.templateID) is not loaded; the plan cannot be printed")
        }
        let html = SafetyPlanPrintPage.render(
            plan: view.plan, template: template, resources: registry.current.safetyPlans.resources,
            licenceRecorded: registry.current.licenceRecorded(template: template, id: view.plan.templateID))
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy: SafetyPlanPrintPage.contentSecurityPolicy,
            ],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func dto(_ view: ManageSafetyPlans.View, status: HTTPResponse.Status) throws -> Response {
        try JSONResponse.make(SafetyPlanDTO(view, licenceRecorded: registry.current.licenceRecorded(template: view.template, id: view.plan.templateID)), status: status)
    }

    private func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as ManageSafetyPlans.Failure {
            throw Self.problem(failure)
        }
    }

    static func problem(_ failure: ManageSafetyPlans.Failure) -> APIProblem {
        switch failure {
        case .unknownTemplate(let id):
            APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "no safety-plan template '\(id)' is loaded", errors: [.init(pointer: "/template", detail: "unknown template")])
        case .unknownSubject:
            APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "no screen on file for this client", errors: [.init(pointer: "/subject", detail: "unknown client")])
        case .unknownAssessment(let index):
            APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "no screen with this id for this client", errors: [.init(pointer: "/assessments/\(index)", detail: "unknown assessment")])
        case .invalidContent(let problems):
            SafetyPlanRequest.invalid(problems.map { .init(pointer: $0.pointer, detail: $0.detail) })
        case .notFound:
            APIProblem.notFound("no safety plan with this id")
        case .superseded:
            APIProblem(.conflict, title: "Conflict", detail: "this plan was superseded by a newer one; it is kept as history and cannot change")
        case .staleRevision(let current):
            APIProblem(.conflict, title: "Conflict", detail: "revision \(current) was saved meanwhile; read it and write on top of it", errors: [.init(pointer: "/based_on", detail: "current revision is \(current)")])
        case .qualityCheckFailed(let report):
            APIProblem(
                .unprocessableContent, title: "Unprocessable Content", detail: "the plan does not pass the quality check yet",
                errors: report.problems.map { .init(pointer: $0.section.map { "/sections/\($0)" } ?? "/sections", detail: $0.message) })
        case .storeUnavailable:
            APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; nothing was changed, retry")
        }
    }
}
