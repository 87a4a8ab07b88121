import CrisisCore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RiskRules
import Workflow

/// CDS Hooks 2.0: `GET /cds-services`, `POST /cds-services/{id}`, `POST /cds-services/{id}/feedback`. Every
/// call carries the EHR's JWT (`VerifyCDSClient`); any failure is a bare 401 that does not say why.
struct CDSHooksController {
    let verify: VerifyCDSClient
    let summarize: SummarizeRisk
    let feedback: any CDSFeedbackStore
    let registry: DefinitionsRegistry
    let publicURL: String
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("cds-services") { request, context in
            if let refusal = try await authenticate(request, context, audiences: ["\(publicURL)/cds-services"]).refusal { return refusal }
            return try JSONResponse.make(["services": CDSService.all], status: .ok, keys: .asWritten)
        }
        router.post("cds-services/{id}") { request, context in
            guard let service = CDSService.all.first(where: { $0.id == context.parameters.get("id") }) else {
                throw APIProblem(.notFound, title: "Not Found", detail: "no CDS service with this id")
            }
            let url = "\(publicURL)/cds-services/\(service.id)"
            let access = try await authenticate(request, context, audiences: [url])
            if let refusal = access.refusal { return refusal }
            return try await call(service, request, context)
        }
        router.post("cds-services/{id}/feedback") { request, context in
            guard let service = CDSService.all.first(where: { $0.id == context.parameters.get("id") }) else {
                throw APIProblem(.notFound, title: "Not Found", detail: "no CDS service with this id")
            }
            let url = "\(publicURL)/cds-services/\(service.id)"
            let access = try await authenticate(request, context, audiences: [url, "\(url)/feedback"])
            if let refusal = access.refusal { return refusal }
            guard let client = access.client else { return Response(status: .unauthorized) }
            return try await record(service, request, client: client, context)
        }
    }

    private struct Access {
        var client: RegisteredClient?
        var refusal: Response?
    }

    private func authenticate(_ request: Request, _ context: AppRequestContext, audiences: Set<String>) async throws -> Access {
        guard let token = request.bearerToken else { return Access(refusal: Response(status: .unauthorized)) }
        do {
            let client = try await verify(token: token, audiences: audiences)
            context.logger.info("cds.client", metadata: ["cds.issuer": "\(client.id)", "client.name": "\(client.name)"])
            return Access(client: client)
        } catch let refusal as SignedAssertion.Refusal {
            // The reason is logged (never the token); the EHR gets a bare 401.
            context.logger.notice("cds.refused", metadata: ["reason": "\(refusal.reason)"])
            return Access(refusal: Response(status: .unauthorized))
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "cannot check the token now; retry")
        }
    }

    private func call(_ service: CDSService, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let body = try await Self.json(request, limit: maxBodyBytes)
        guard case .string(let hook)? = body["hook"], hook == service.hook else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "hook must be \(service.hook)", errors: [.init(pointer: "/hook", detail: "expected \(service.hook)")])
        }
        guard case .string(let instance)? = body["hookInstance"], !instance.isEmpty else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "hookInstance is required", errors: [.init(pointer: "/hookInstance", detail: "required")])
        }
        guard case .object(let hookContext)? = body["context"], case .string(let patientID)? = hookContext["patientId"], !patientID.isEmpty else {
            throw APIProblem(
                .badRequest, title: "Bad Request", detail: "context.patientId is required",
                errors: [.init(pointer: "/context/patientId", detail: "required")])
        }
        let summary: RiskSummary
        do {
            summary = try await summarize(Self.subjects(patientID: patientID, prefetch: body["prefetch"]))
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        let definitions = registry.current
        let builder = CDSCardBuilder(
            publicURL: publicURL, title: { definitions.protocols[$0]?.title ?? $0.rawValue },
            shortTitle: { definitions.protocols[$0]?.shortTitle ?? $0.rawValue }, makeUUID: { UUID().uuidString.lowercased() })
        let cards = service.hook == "patient-view" ? builder.patientView(summary) : builder.encounterDischarge(summary)
        context.logger.info("cds.cards", metadata: ["cds.service": "\(service.id)", "cds.cards": "\(cards.count)"])
        return try JSONResponse.make(CDSResponse(cards: cards), status: .ok, keys: .asWritten)
    }

    /// The patient as crisisd keys subjects: by the EHR's Patient reference, and by each identifier of a
    /// prefetched Patient (a key that is absent or `null` simply adds nothing).
    static func subjects(patientID: String, prefetch: JSONValue?) -> [SubjectIdentifier] {
        var subjects = [SubjectIdentifier(system: QuestionnaireResponseReader.referenceSystem, value: "Patient/\(patientID)")]
        if case .object(let prefetched)? = prefetch, case .object(let patient)? = prefetched["patient"],
            case .array(let identifiers)? = patient["identifier"]
        {
            for case .object(let identifier) in identifiers {
                if case .string(let system)? = identifier["system"], case .string(let value)? = identifier["value"], !system.isEmpty, !value.isEmpty {
                    subjects.append(SubjectIdentifier(system: system, value: value))
                }
            }
        }
        return subjects
    }

    private func record(_ service: CDSService, _ request: Request, client: RegisteredClient, _ context: AppRequestContext) async throws
        -> Response
    {
        let body = try await Self.json(request, limit: maxBodyBytes)
        guard case .array(let entries)? = body["feedback"], !entries.isEmpty else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "feedback must be a non-empty array", errors: [.init(pointer: "/feedback", detail: "required")])
        }
        var items: [CDSFeedback] = []
        for (index, entry) in entries.enumerated() {
            let pointer = "/feedback/\(index)"
            guard case .object(let object) = entry else {
                throw APIProblem(.badRequest, title: "Bad Request", detail: "each feedback entry is an object", errors: [.init(pointer: pointer, detail: "expected an object")])
            }
            guard case .string(let card)? = object["card"], !card.isEmpty, card.count <= 128 else {
                throw APIProblem(.badRequest, title: "Bad Request", detail: "card (the card's uuid) is required", errors: [.init(pointer: "\(pointer)/card", detail: "required")])
            }
            guard case .string(let outcomeText)? = object["outcome"], let outcome = CDSFeedback.Outcome(rawValue: outcomeText) else {
                throw APIProblem(.badRequest, title: "Bad Request", detail: "outcome is accepted or overridden", errors: [.init(pointer: "\(pointer)/outcome", detail: "accepted or overridden")])
            }
            guard case .string(let stamp)? = object["outcomeTimestamp"], let outcomeAt = Timestamps.parse(stamp) else {
                throw APIProblem(.badRequest, title: "Bad Request", detail: "outcomeTimestamp must be an RFC 3339 date-time", errors: [.init(pointer: "\(pointer)/outcomeTimestamp", detail: "RFC 3339 date-time")])
            }
            var system: String?
            var code: String?
            var comment: String?
            if case .object(let override)? = object["overrideReason"] {
                if case .object(let reason)? = override["reason"] {
                    if case .string(let value)? = reason["system"] { system = value }
                    if case .string(let value)? = reason["code"] { code = value }
                }
                if case .string(let value)? = override["userComment"] { comment = String(value.prefix(2000)) }
            }
            items.append(
                CDSFeedback(
                    service: service.id, card: card, outcome: outcome, outcomeAt: outcomeAt, overrideSystem: system, overrideCode: code,
                    userComment: comment, client: client.principalID, receivedAt: Date()))
        }
        let new: Int
        do {
            new = try await feedback.record(items)
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        context.logger.info("cds.feedback", metadata: ["cds.service": "\(service.id)", "cds.entries": "\(items.count)", "cds.new": "\(new)"])
        return try JSONResponse.make([String: String](), status: .ok)
    }

    /// A JSON object body; a clear 4xx otherwise.
    private static func json(_ request: Request, limit: Int) async throws -> [String: JSONValue] {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw APIProblem(.unsupportedMediaType, title: "Unsupported Media Type", detail: "send application/json")
        }
        let bytes: [UInt8]
        do {
            bytes = try await request.bodyBytes(limit: limit)
        } catch {
            throw APIProblem(.contentTooLarge, title: "Content Too Large", detail: "the body is larger than \(limit) bytes")
        }
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "the body is not a JSON object")
        }
        return object
    }
}
