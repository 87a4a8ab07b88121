import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RiskRules
import Workflow

/// `POST /api/v1/assessments` and `GET /api/v1/assessments/{id}`.
struct IntakeController {
    let submit: SubmitAssessment
    let assessments: any AssessmentStore
    let overrides: any OverrideStore
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("assessments", use: create)
        group.get("assessments/{id}", use: show)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.maySubmitAssessments, action: "submit assessments")
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            throw APIProblem(.unsupportedMediaType, title: "Unsupported Media Type", detail: "send application/json")
        }
        let bytes = try await request.bodyBytes(limit: maxBodyBytes)
        let key = request.headers[.idempotencyKey]
        if let key, key.isEmpty || key.count > 255 {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "Idempotency-Key must be 1–255 characters",
                             errors: [.init(pointer: "", detail: "Idempotency-Key header")])
        }
        let dto = try IntakeRequestDTO.parse(bytes)
        let result: SubmitAssessment.Result
        do {
            result = try await submit(
                .init(protocolID: dto.protocolID, answers: dto.answers, subject: dto.subject, site: dto.site,
                      completedAt: dto.completedAt, idempotencyKey: key, requestDigest: APITokens.digest(bytes),
                      principal: principal))
        } catch {
            throw Self.problem(for: error)
        }
        var response = try JSONResponse.make(AssessmentDTO(result.assessment, pages: result.pages, episode: result.episode), status: .created)
        response.headers[.location] = "/api/v1/assessments/\(result.assessment.id.rawValue)"
        if result.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(\.mayReadAssessments, action: "read assessments")
        let id = AssessmentID(try context.parameters.require("id"))
        let found: (Assessment, [OutboxMessage], Episode?, [TierOverride])?
        do {
            if let assessment = try await assessments.assessment(id: id) {
                found = (
                    assessment, try await assessments.pages(for: id), try await assessments.episode(forAssessment: id),
                    try await overrides.overrides(for: id))
            } else {
                found = nil
            }
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        guard let (assessment, pages, episode, tierOverrides) = found else { throw APIProblem.notFound("no assessment with this id") }
        return try JSONResponse.make(AssessmentDTO(assessment, pages: pages, episode: episode, overrides: tierOverrides), status: .ok)
    }

    static func problem(for failure: SubmitAssessment.Failure) -> APIProblem {
        switch failure {
        case .unknownProtocol:
            return APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "unknown protocol",
                              errors: [.init(pointer: "/protocol", detail: "no protocol with this id is loaded")])
        case .unreadableAnswers(let rejections):
            return APIProblem(
                .unprocessableContent, title: "Unprocessable Content", detail: "some answers cannot be read",
                errors: rejections.map { .init(pointer: "/answers/\(pointerEscape($0.item))", detail: $0.message) })
        case .idempotencyConflict:
            return APIProblem(.unprocessableContent, title: "Unprocessable Content",
                              detail: "this Idempotency-Key was already used with a different body")
        case .storeUnavailable:
            return APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the screen was not stored; retry")
        }
    }
}
