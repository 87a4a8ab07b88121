import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Workflow

/// Clinical judgment over HTTP: change a tier with a reason; co-sign lowering `high`.
struct OverrideController {
    let overrideTier: OverrideTier
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("assessments/{id}/overrides", use: create)
        group.post("assessments/{id}/overrides/{override}/cosign", use: cosign)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayOverrideTiers, action: "change tiers")
        let assessmentID = AssessmentID(try context.parameters.require("id"))
        let (tier, reason) = try Self.parse(try await request.bodyBytes(limit: maxBodyBytes))
        let override: TierOverride
        do {
            override = try await overrideTier.request(assessmentID: assessmentID, tier: tier, reason: reason, by: principal)
        } catch {
            throw Self.problem(for: error)
        }
        return try JSONResponse.make(OverrideDTO(override), status: .created)
    }

    @Sendable func cosign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayCosignOverrides, action: "co-sign tier changes")
        let assessmentID = AssessmentID(try context.parameters.require("id"))
        let overrideID = try context.parameters.require("override")
        let signed: TierOverride
        do {
            signed = try await overrideTier.cosign(assessmentID: assessmentID, overrideID: overrideID, by: principal)
        } catch {
            throw Self.problem(for: error)
        }
        return try JSONResponse.make(OverrideDTO(signed), status: .ok)
    }

    /// `{"tier": "moderate", "reason": "…"}`, every field problem named.
    static func parse(_ body: [UInt8]) throws(APIProblem) -> (RiskTier, String) {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "the body is not a JSON object",
                             errors: [.init(pointer: "", detail: "expected a JSON object")])
        }
        var errors: [APIProblem.FieldError] = []
        for key in object.keys.sorted() where key != "tier" && key != "reason" {
            errors.append(.init(pointer: "/\(pointerEscape(key))", detail: "unknown field"))
        }
        var tier: RiskTier?
        switch object["tier"] {
        case .string(let text)?:
            tier = RiskTier(rawValue: text)
            if tier == nil { errors.append(.init(pointer: "/tier", detail: "one of none, low, moderate, high")) }
        default: errors.append(.init(pointer: "/tier", detail: "required: one of none, low, moderate, high"))
        }
        var reason: String?
        switch object["reason"] {
        case .string(let text)?: reason = text
        default: errors.append(.init(pointer: "/reason", detail: "required: the clinical reason for the change"))
        }
        guard errors.isEmpty, let tier, let reason else {
            throw APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "the request has invalid fields", errors: errors)
        }
        return (tier, reason)
    }

    static func problem(for error: OverrideTier.Failure) -> APIProblem {
        switch error {
        case .unknownAssessment: APIProblem.notFound("no assessment with this id")
        case .unknownOverride: APIProblem.notFound("no tier change with this id on this assessment")
        case .emptyReason:
            APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "a reason is required",
                       errors: [.init(pointer: "/reason", detail: "must not be empty")])
        case .reasonTooLong(let limit):
            APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "the reason is too long",
                       errors: [.init(pointer: "/reason", detail: "at most \(limit) characters")])
        case .sameTier:
            APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "the assessment already has this tier",
                       errors: [.init(pointer: "/tier", detail: "equal to the tier in force")])
        case .selfCosign:
            APIProblem(.conflict, title: "Conflict", detail: "the co-signer must be someone other than the clinician who asked")
        case .notPending:
            APIProblem(.conflict, title: "Conflict", detail: "this tier change is not waiting for a co-signature")
        case .storeUnavailable:
            APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
    }
}

/// The wire shape of a tier change.
struct OverrideDTO: Encodable {
    var id: String
    var fromTier: String
    var toTier: String
    var reason: String
    var requestedBy: String
    var requestedAt: String
    var status: String
    var cosignedBy: Nullable<String>
    var cosignedAt: Nullable<String>

    init(_ override: TierOverride) {
        id = override.id
        fromTier = override.fromTier.rawValue
        toTier = override.toTier.rawValue
        reason = override.reason
        requestedBy = override.requestedBy.rawValue
        requestedAt = Timestamps.iso8601(override.requestedAt)
        status = override.status.rawValue
        cosignedBy = Nullable(override.cosignedBy?.rawValue)
        cosignedAt = Nullable(override.cosignedAt.map(Timestamps.iso8601))
    }
}
