import CrisisCore
import FHIR
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Workflow

/// `POST /fhir` with a `transaction` or `batch` Bundle of QuestionnaireResponse creates (FHIR R4 §3.1.0.11).
/// A transaction holds exactly one: each screen is committed on its own, so crisisd cannot promise
/// all-or-nothing across several; a batch holds up to 20, each judged independently with its own status.
extension FHIRController {
    static let maxBatchEntries = 20

    func bundle(_ request: Request, by principal: Principal) async throws -> Response {
        let value: JSONValue
        switch try await Self.fhirJSON(request, limit: maxBodyBytes) {
        case .refused(let refusal): return refusal
        case .read(let json, _): value = json
        }
        guard case .object(let bundle) = value, case .string("Bundle")? = bundle["resourceType"] else {
            return try Self.outcome(.badRequest, "structure", "expected a Bundle", expression: ["Bundle"])
        }
        guard case .string(let type)? = bundle["type"], type == "transaction" || type == "batch" else {
            return try Self.outcome(.unprocessableContent, "not-supported", "Bundle.type must be transaction or batch", expression: ["Bundle.type"])
        }
        guard case .array(let entries)? = bundle["entry"], !entries.isEmpty else {
            return try Self.outcome(.unprocessableContent, "required", "the Bundle has no entries", expression: ["Bundle.entry"])
        }
        if type == "transaction" && entries.count > 1 {
            return try Self.outcome(
                .unprocessableContent, "not-supported",
                "a transaction holds one QuestionnaireResponse (screens are committed one at a time); send several as a batch",
                expression: ["Bundle.entry"])
        }
        if entries.count > Self.maxBatchEntries {
            return try Self.outcome(
                .unprocessableContent, "too-costly", "at most \(Self.maxBatchEntries) entries per batch", expression: ["Bundle.entry"])
        }
        var answers: [BundleResponse.Entry] = []
        for (index, entry) in entries.enumerated() {
            let answer = try await process(entry, at: "Bundle.entry[\(index)]", by: principal)
            // A transaction that fails answers with the failure itself, as one request would.
            if type == "transaction", let outcome = answer.response.outcome {
                return try Self.resource(outcome, status: HTTPResponse.Status(code: Int(answer.response.status.prefix(3)) ?? 422))
            }
            answers.append(answer)
        }
        return try Self.resource(BundleResponse(type: "\(type)-response", entry: answers), status: .ok)
    }

    /// One entry: `request.method` POST, `request.url` QuestionnaireResponse, optional `request.ifNoneExist`.
    private func process(_ entry: JSONValue, at path: String, by principal: Principal) async throws -> BundleResponse.Entry {
        func refused(_ status: HTTPResponse.Status, _ outcome: OperationOutcome) -> BundleResponse.Entry {
            BundleResponse.Entry(fullUrl: nil, resource: nil, response: .init(status: "\(status.code) \(status.reasonPhrase)", outcome: outcome))
        }
        guard case .object(let object) = entry, case .object(let request)? = object["request"],
            case .string(let method)? = request["method"], case .string(let url)? = request["url"]
        else {
            return refused(
                .badRequest, OperationOutcome(code: "required", diagnostics: "entry.request with method and url is required", expression: ["\(path).request"]))
        }
        guard method == "POST", url == "QuestionnaireResponse" || url.hasSuffix("/QuestionnaireResponse") else {
            return refused(
                .unprocessableContent,
                OperationOutcome(
                    code: "not-supported", diagnostics: "only POST QuestionnaireResponse entries are supported", expression: ["\(path).request"]))
        }
        guard let resource = object["resource"] else {
            return refused(.badRequest, OperationOutcome(code: "required", diagnostics: "entry.resource is required", expression: ["\(path).resource"]))
        }
        var ifNoneExist: String?
        if case .string(let condition)? = request["ifNoneExist"] { ifNoneExist = condition }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let digest = APITokens.digest(Array((try? encoder.encode(resource)) ?? Data()))
        switch try await createQuestionnaireResponse(resource, digest: digest, ifNoneExist: ifNoneExist, by: principal) {
        case .refused(let status, var outcome):
            // Name the element inside the Bundle.
            for index in outcome.issue.indices {
                outcome.issue[index].expression = outcome.issue[index].expression?.map { expression in
                    expression.hasPrefix("QuestionnaireResponse")
                        ? "\(path).resource" + expression.dropFirst("QuestionnaireResponse".count) : expression
                }
            }
            return refused(status, outcome)
        case .stored(let stored):
            let document = try? JSONDecoder().decode(JSONValue.self, from: Data(stored.body))
            let fullUrl = stored.location.components(separatedBy: "/_history/").first
            return BundleResponse.Entry(
                fullUrl: fullUrl, resource: document,
                response: .init(status: "\(stored.status.code) \(stored.status.reasonPhrase)", location: stored.location, etag: "W/\"1\""),
                related: stored.riskAssessment)
        }
    }
}
