import CrisisCore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RiskRules
import Workflow

/// `/fhir`: the R4 resources crisisd serves: the CapabilityStatement, each protocol's Questionnaire (no token:
/// form definitions, not patient data) and a RiskAssessment per stored screen (bearer token; errors as
/// OperationOutcome).
struct FHIRController {
    /// Reported as the software version in the CapabilityStatement.
    static let softwareVersion = "0.4.0"

    let registry: DefinitionsRegistry
    let publicURL: String
    let assessments: any AssessmentStore
    let overrides: any OverrideStore
    let authenticate: AuthenticateToken

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("fhir/metadata") { _, _ in
            try Self.resource(
                CapabilityStatement.current(publicURL: publicURL, version: Self.softwareVersion, date: "2026-11-29"), status: .ok)
        }
        router.get("fhir/Questionnaire/{id}") { _, context in
            let id = try context.parameters.require("id")
            let protocolID = QuestionnaireExporter.protocolID(fromFHIRID: id)
            guard let definition = registry.current.protocols[protocolID] else {
                return try Self.outcome(.notFound, "not-found", "no Questionnaire with this id")
            }
            switch QuestionnaireExporter.questionnaire(for: definition, publicURL: publicURL) {
            case .success(let questionnaire):
                return try Self.resource(questionnaire, status: .ok)
            case .failure(let error):
                return try Self.outcome(
                    .unprocessableContent, "not-supported", "this protocol cannot be expressed as a Questionnaire: \(error)")
            }
        }
        router.get("fhir/RiskAssessment/{id}") { request, context in
            if let refused = try await authorize(request) { return refused }
            let id = RiskAssessmentMapper.assessmentID(fromFHIRID: try context.parameters.require("id"))
            guard let (assessment, tierOverrides) = try await load(id) else {
                return try Self.outcome(.notFound, "not-found", "no RiskAssessment with this id")
            }
            return try Self.resource(riskAssessment(assessment, tierOverrides), status: .ok)
        }
        router.get("fhir/RiskAssessment") { request, _ in
            if let refused = try await authorize(request) { return refused }
            return try await search(request)
        }
    }

    /// `?subject:identifier=system|value` (or `patient:identifier`); any other parameter is refused, not ignored.
    private func search(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        let allowed: Set<String> = ["subject:identifier", "patient:identifier", "_format"]
        if let unknown = parameters.map({ String($0.key) }).first(where: { !allowed.contains($0) }) {
            return try Self.outcome(.badRequest, "not-supported", "unsupported search parameter '\(unknown)'", expression: [unknown])
        }
        guard let token = parameters.get("subject:identifier") ?? parameters.get("patient:identifier"),
            let bar = token.firstIndex(of: "|"), bar != token.startIndex, token.index(after: bar) != token.endIndex
        else {
            return try Self.outcome(
                .badRequest, "required", "search by subject:identifier=system|value", expression: ["subject:identifier"])
        }
        let subject = SubjectIdentifier(system: String(token[..<bar]), value: String(token[token.index(after: bar)...]))
        let found: [(Assessment, [TierOverride])]
        do {
            var rows: [(Assessment, [TierOverride])] = []
            for assessment in try await assessments.assessments(for: subject, limit: 100) {
                rows.append((assessment, try await overrides.overrides(for: assessment.id)))
            }
            found = rows
        } catch {
            return try Self.outcome(.serviceUnavailable, "transient", "the database is unavailable; retry")
        }
        let bundle = SearchBundle(resources: found.map { assessment, tierOverrides in
            let resource = riskAssessment(assessment, tierOverrides)
            return ("\(publicURL)/fhir/RiskAssessment/\(resource.id)", resource)
        })
        return try Self.resource(bundle, status: .ok)
    }

    private func load(_ id: AssessmentID) async throws -> (Assessment, [TierOverride])? {
        do {
            guard let assessment = try await assessments.assessment(id: id) else { return nil }
            return (assessment, try await overrides.overrides(for: id))
        } catch {
            throw FHIRUnavailable()
        }
    }

    private func riskAssessment(_ assessment: Assessment, _ tierOverrides: [TierOverride]) -> RiskAssessment {
        RiskAssessmentMapper.riskAssessment(for: assessment, overrides: tierOverrides, publicURL: publicURL, iso8601: Timestamps.iso8601)
    }

    /// `nil` when the bearer token may read patient data; otherwise the OperationOutcome to send.
    private func authorize(_ request: Request) async throws -> Response? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return try Self.outcome(.unauthorized, "login", "a bearer token is required")
        }
        let principal: Principal?
        do {
            principal = try await authenticate(String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
        } catch {
            return try Self.outcome(.serviceUnavailable, "transient", "cannot check the token now; retry")
        }
        guard let principal else { return try Self.outcome(.unauthorized, "login", "the bearer token is unknown or revoked") }
        guard principal.role.mayReadAssessments else {
            return try Self.outcome(.forbidden, "forbidden", "role \(principal.role.rawValue) may not read risk assessments")
        }
        return nil
    }

    /// A FHIR resource as `application/fhir+json`, element names as FHIR spells them.
    static func resource(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        try JSONResponse.make(value, status: status, contentType: "application/fhir+json", keys: .asWritten)
    }

    static func outcome(_ status: HTTPResponse.Status, _ code: String, _ diagnostics: String, expression: [String]? = nil) throws
        -> Response
    {
        var response = try resource(OperationOutcome(code: code, diagnostics: diagnostics, expression: expression), status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}

/// The store failed while reading for a FHIR request (answered 503 by Hummingbird's error path).
private struct FHIRUnavailable: HTTPResponseError {
    var status: HTTPResponse.Status { .serviceUnavailable }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try FHIRController.outcome(.serviceUnavailable, "transient", "the database is unavailable; retry")
    }
}
