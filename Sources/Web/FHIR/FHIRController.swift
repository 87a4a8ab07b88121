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
    static let softwareVersion = "0.5.0"

    let registry: DefinitionsRegistry
    let publicURL: String
    let assessments: any AssessmentStore
    let overrides: any OverrideStore
    let authenticate: RequestAuthenticator
    let submit: SubmitAssessment
    let maxBodyBytes: Int
    /// Safety plans as CarePlans (reads are audited like the JSON API's); `nil` leaves the route out.
    var safetyPlans: ManageSafetyPlans? = nil

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("fhir/metadata") { _, _ in
            try Self.resource(
                CapabilityStatement.current(
                    publicURL: publicURL, version: Self.softwareVersion, date: "2026-11-29",
                    publicCanonicals: Array(registry.current.questionnaires.entries.keys)), status: .ok)
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
            if case .refused(let response) = try await authorize(request, context, .read, "RiskAssessment") { return response }
            let id = RiskAssessmentMapper.assessmentID(fromFHIRID: try context.parameters.require("id"))
            guard let (assessment, tierOverrides) = try await load(id) else {
                return try Self.outcome(.notFound, "not-found", "no RiskAssessment with this id")
            }
            return try Self.resource(try await riskAssessment(assessment, tierOverrides), status: .ok)
        }
        router.get("fhir/RiskAssessment") { request, context in
            if case .refused(let response) = try await authorize(request, context, .search, "RiskAssessment") { return response }
            return try await search(request)
        }
        router.get("fhir/Observation/{id}") { request, context in
            if case .refused(let response) = try await authorize(request, context, .read, "Observation") { return response }
            guard let id = ScoreObservation.assessmentID(fromFHIRID: try context.parameters.require("id")),
                let (assessment, _) = try await load(id)
            else { return try Self.outcome(.notFound, "not-found", "no Observation with this id") }
            let response: String?
            do {
                response = try await assessments.sourceDocument(type: "QuestionnaireResponse", forAssessment: assessment.id)?.id
            } catch {
                throw FHIRUnavailable()
            }
            guard
                let observation = ScoreObservation.observation(
                    for: assessment, definition: registry.current.protocols[assessment.evaluation.protocolID],
                    questionnaireResponseID: response, iso8601: Timestamps.iso8601)
            else { return try Self.outcome(.notFound, "not-found", "this screen has no score") }
            return try Self.resource(observation, status: .ok)
        }
        router.post("fhir/QuestionnaireResponse") { request, context in
            switch try await authorize(request, context, .create, "QuestionnaireResponse", \.maySubmitAssessments) {
            case .refused(let response): return response
            case .granted(let principal): return try await create(request, by: principal)
            }
        }
        if let safetyPlans {
            router.get("fhir/CarePlan/{id}") { request, context in
                let principal: Principal
                switch try await authorize(request, context, .read, "CarePlan") {
                case .refused(let response): return response
                case .granted(let granted): principal = granted
                }
                let id = SafetyPlanCarePlanMapper.planID(fromFHIRID: try context.parameters.require("id"))
                let view: ManageSafetyPlans.View
                let others: [SafetyPlan]
                do {
                    view = try await safetyPlans.read(id, by: principal, action: "export")
                    others = try await safetyPlans.list(subject: view.plan.subject, by: principal)
                } catch let failure as ManageSafetyPlans.Failure where failure == .notFound {
                    return try Self.outcome(.notFound, "not-found", "no CarePlan with this id")
                } catch {
                    throw FHIRUnavailable()
                }
                guard let template = view.template else {
                    return try Self.outcome(.conflict, "conflict", "the plan's template is not loaded")
                }
                let replaced = others.first { $0.supersededBy == view.plan.id }?.id
                return try Self.resource(
                    SafetyPlanCarePlanMapper.carePlan(
                        view.plan, template: template, replaces: replaced, publicURL: publicURL, iso8601: Timestamps.iso8601),
                    status: .ok)
            }
        }
        router.post("fhir") { request, context in
            switch try await authorize(request, context, .create, "QuestionnaireResponse", \.maySubmitAssessments) {
            case .refused(let response): return response
            case .granted(let principal): return try await bundle(request, by: principal)
            }
        }
        router.get("fhir/QuestionnaireResponse/{id}") { request, context in
            if case .refused(let response) = try await authorize(request, context, .read, "QuestionnaireResponse") { return response }
            let id = try context.parameters.require("id")
            let found: (SourceDocument, AssessmentID)?
            do {
                found = try await assessments.sourceDocument(type: "QuestionnaireResponse", id: id)
            } catch {
                throw FHIRUnavailable()
            }
            guard let (document, _) = found else { return try Self.outcome(.notFound, "not-found", "no QuestionnaireResponse with this id") }
            return Response(
                status: .ok, headers: [.contentType: "application/fhir+json", .eTag: "W/\"1\""],
                body: .init(byteBuffer: ByteBuffer(bytes: document.body)))
        }
    }

    /// `POST /fhir/QuestionnaireResponse`: judged exactly like the JSON API's screens (same use case, same
    /// escalation). 201 with `Location` of the stored response and a `Link` to its RiskAssessment; with
    /// `If-None-Exist: identifier=system|value` a retry of the same response answers 200 with the first one.
    private func create(_ request: Request, by principal: Principal) async throws -> Response {
        let value: JSONValue
        let bytes: [UInt8]
        switch try await Self.fhirJSON(request, limit: maxBodyBytes) {
        case .refused(let refusal): return refusal
        case .read(let json, let raw): (value, bytes) = (json, raw)
        }
        switch try await createQuestionnaireResponse(
            value, digest: APITokens.digest(bytes), ifNoneExist: request.headers[.ifNoneExist], by: principal)
        {
        case .refused(let status, let outcome):
            return try Self.resource(outcome, status: status)
        case .stored(let stored):
            return Response(
                status: stored.status,
                headers: [
                    .contentType: "application/fhir+json", .location: stored.location, .eTag: "W/\"1\"",
                    .linkHeader: "<\(stored.riskAssessment)>; rel=\"related\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: stored.body)))
        }
    }

    /// A stored QuestionnaireResponse, or why not, before it becomes an HTTP answer or a Bundle entry.
    enum CreateResult {
        struct Stored {
            var status: HTTPResponse.Status
            var location: String
            var riskAssessment: String
            var body: [UInt8]
        }
        case stored(Stored)
        case refused(HTTPResponse.Status, OperationOutcome)
    }

    func createQuestionnaireResponse(_ value: JSONValue, digest: String, ifNoneExist: String?, by principal: Principal) async throws
        -> CreateResult
    {
        let definitions = registry.current
        let read: QuestionnaireResponseReader.Read
        switch QuestionnaireResponseReader.read(
            value, publicURL: publicURL, protocols: { definitions.protocols[$0] }, registry: definitions.questionnaires,
            parseDate: Timestamps.parse)
        {
        case .success(let result): read = result
        case .failure(let refusal):
            return .refused(refusal.structural ? .badRequest : .unprocessableContent, OperationOutcome(issues: refusal.issues))
        }
        var key: String?
        if let condition = ifNoneExist {
            guard condition.hasPrefix("identifier="), let identifier = read.identifier,
                String(condition.dropFirst("identifier=".count)).removingPercentEncoding == identifier
            else {
                return .refused(
                    .badRequest,
                    OperationOutcome(
                        code: "not-supported", diagnostics: "If-None-Exist supports identifier=system|value matching the response's identifier",
                        expression: ["QuestionnaireResponse.identifier"]))
            }
            key = "fhir:QuestionnaireResponse:\(identifier)"
        }
        let now = Timestamps.iso8601(Date())
        let result: SubmitAssessment.Result
        do {
            result = try await submit(
                .init(
                    protocolID: read.protocolID, answers: read.answers, subject: read.subject, site: nil, completedAt: read.completedAt,
                    idempotencyKey: key, requestDigest: digest, principal: principal, reportedScores: read.reportedScores,
                    intakeFlags: read.versionMismatch == nil ? [] : ["questionnaire_version_mismatch", "review_required"],
                    source: ("QuestionnaireResponse", { id in Self.stored(value, id: id, lastUpdated: now) })))
        } catch {
            switch error {
            case .unknownProtocol, .unreadableAnswers:
                return .refused(
                    .unprocessableContent,
                    OperationOutcome(code: "invalid", diagnostics: "the answers cannot be read", expression: ["QuestionnaireResponse.item"]))
            case .idempotencyConflict:
                return .refused(
                    .preconditionFailed,
                    OperationOutcome(
                        code: "duplicate", diagnostics: "a different QuestionnaireResponse with this identifier exists",
                        expression: ["QuestionnaireResponse.identifier"]))
            case .storeUnavailable:
                return .refused(
                    .serviceUnavailable, OperationOutcome(code: "transient", diagnostics: "the database could not commit; nothing was accepted, retry"))
            }
        }
        let stored: SourceDocument?
        do {
            // The screen is committed; a failure here is a 503 the EHR retries, answered 200 with If-None-Exist.
            stored = try await assessments.sourceDocument(type: "QuestionnaireResponse", forAssessment: result.assessment.id)
        } catch {
            throw FHIRUnavailable()
        }
        guard let document = stored else {
            // Replayed from the JSON API's own idempotency key: nothing FHIR to point at.
            return .refused(
                .conflict, OperationOutcome(code: "conflict", diagnostics: "this identifier was used for a screen that did not arrive as FHIR"))
        }
        return .stored(
            .init(
                status: result.replayed ? .ok : .created, location: "\(publicURL)/fhir/QuestionnaireResponse/\(document.id)/_history/1",
                riskAssessment: "\(publicURL)/fhir/RiskAssessment/\(RiskAssessmentMapper.fhirID(result.assessment.id))", body: document.body))
    }

    /// A FHIR JSON body (`application/fhir+json` or `application/json`), or the OperationOutcome refusing it.
    enum BodyRead {
        case read(JSONValue, [UInt8])
        case refused(Response)
    }

    static func fhirJSON(_ request: Request, limit: Int) async throws -> BodyRead {
        guard let type = request.headers[.contentType]?.lowercased(),
            type.hasPrefix("application/fhir+json") || type.hasPrefix("application/json")
        else {
            return .refused(try outcome(.unsupportedMediaType, "not-supported", "send application/fhir+json"))
        }
        let bytes: [UInt8]
        do {
            bytes = try await request.bodyBytes(limit: limit)
        } catch {
            return .refused(try outcome(.contentTooLarge, "too-costly", "the body is larger than \(limit) bytes"))
        }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            return .refused(try outcome(.badRequest, "structure", "the body is not JSON"))
        }
        return .read(value, bytes)
    }

    /// The response as stored and served: the client's JSON with crisisd's id and meta.
    static func stored(_ value: JSONValue, id: String, lastUpdated: String) -> [UInt8] {
        guard case .object(var object) = value else { return [] }
        object["id"] = .string(id)
        object["meta"] = .object(["versionId": .string("1"), "lastUpdated": .string(lastUpdated)])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(JSONValue.object(object)))) ?? []
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
        var entries: [(fullUrl: String, resource: RiskAssessment)] = []
        for (assessment, tierOverrides) in found {
            let resource = try await riskAssessment(assessment, tierOverrides)
            entries.append(("\(publicURL)/fhir/RiskAssessment/\(resource.id)", resource))
        }
        let bundle = SearchBundle(resources: entries)
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

    private func riskAssessment(_ assessment: Assessment, _ tierOverrides: [TierOverride]) async throws -> RiskAssessment {
        let response: String?
        do {
            response = try await assessments.sourceDocument(type: "QuestionnaireResponse", forAssessment: assessment.id)?.id
        } catch {
            throw FHIRUnavailable()
        }
        return RiskAssessmentMapper.riskAssessment(
            for: assessment, overrides: tierOverrides, questionnaireResponseID: response, publicURL: publicURL,
            iso8601: Timestamps.iso8601)
    }

    private enum Access {
        case granted(Principal)
        case refused(Response)
    }

    /// The principal when its role and, for registered clients, its SMART scopes allow the interaction;
    /// otherwise the OperationOutcome to send (401 unauthenticated, 403 not allowed).
    private func authorize(
        _ request: Request, _ context: AppRequestContext, _ interaction: AccessScope.Interaction, _ resource: String,
        _ roleAllows: (Role) -> Bool = \.mayReadAssessments
    ) async throws -> Access {
        switch await authenticate(request, context: context) {
        case .missing:
            return .refused(try Self.outcome(.unauthorized, "login", "a bearer token is required"))
        case .refused:
            return .refused(try Self.outcome(.unauthorized, "login", "the bearer token is unknown, revoked or expired"))
        case .unavailable:
            return .refused(try Self.outcome(.serviceUnavailable, "transient", "cannot check the token now; retry"))
        case .authenticated(let principal):
            guard principal.permits(interaction, on: resource, roleAllows: roleAllows) else {
                let needed = "system/\(resource).\(interaction.rawValue)"
                return .refused(try Self.outcome(.forbidden, "forbidden", "this token does not allow \(needed)"))
            }
            return .granted(principal)
        }
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
