import CrisisCore
import CrisisTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Storage
import Testing

@testable import crisisd

/// `POST /fhir/QuestionnaireResponse` against crisisd's own Questionnaires: judged and escalated like the JSON
/// API, conditional create for retries, and every refusal an OperationOutcome naming the element.
@Suite struct FHIRIntakeTests {
    static let base = "https://crisis.example.test"

    static func response(
        questionnaire: String = "\(base)/fhir/Questionnaire/cssrs-screen-recent", identifier: String? = "QR-1",
        items: String = Self.highItems, subject: String = #"{"identifier": {"system": "urn:oid:1.2.3", "value": "MRN-77"}}"#
    ) -> String {
        let identifier = identifier.map { #""identifier": {"system": "https://ehr.example/qr", "value": "\#($0)"},"# } ?? ""
        return #"{"resourceType": "QuestionnaireResponse", \#(identifier) "questionnaire": "\#(questionnaire)", "status": "completed", "subject": \#(subject), "authored": "2026-11-29T08:00:00Z", "item": \#(items)}"#
    }

    static func yes(_ linkId: String) -> String {
        #"{"linkId": "\#(linkId)", "answer": [{"valueCoding": {"system": "http://loinc.org", "code": "LA33-6"}}]}"#
    }

    static func no(_ linkId: String) -> String {
        #"{"linkId": "\#(linkId)", "answer": [{"valueCoding": {"system": "http://loinc.org", "code": "LA32-8"}}]}"#
    }

    /// Wish, thoughts, intent (q4): C-SSRS high. Grouped, to show that groups nest.
    static let highItems = "[{\"linkId\": \"screen\", \"item\": [\(yes("q1")), \(yes("q2")), \(no("q3")), \(yes("q4")), \(no("q5")), \(no("q6"))]}]"

    static func post(
        _ client: any TestClientProtocol, _ body: String, token: String?, contentType: String = "application/fhir+json",
        ifNoneExist: String? = nil
    ) async throws -> (HTTPResponse.Status, HTTPFields, [String: Any]) {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let ifNoneExist { headers[HTTPField.Name("If-None-Exist")!] = ifNoneExist }
        let response = try await client.execute(uri: "/fhir/QuestionnaireResponse", method: .post, headers: headers, body: ByteBuffer(string: body))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        return (response.status, response.headers, object ?? [:])
    }

    static func expression(_ outcome: [String: Any]) -> String? {
        ((outcome["issue"] as? [[String: Any]])?.first?["expression"] as? [String])?.first
    }

    @Test func aHighCSSRSResponseIsJudgedEscalatedAndReadBack() async throws {
        let receiver = LoopbackReceiver()
        try await receiver.run { port in
            let daemon = try await TestDaemon.make(environment: EpisodeAPITests.environment(port))
            let ehr = try await daemon.token(role: .ehr)
            try await daemon.server.application.test(.router) { client in
                let (status, headers, stored) = try await Self.post(client, Self.response(), token: ehr, ifNoneExist: "identifier=https://ehr.example/qr|QR-1")
                #expect(status == .created)
                let id = try #require(stored["id"] as? String)
                #expect(headers[.location] == "\(Self.base)/fhir/QuestionnaireResponse/\(id)/_history/1")
                let link = try #require(headers[HTTPField.Name("Link")!])
                #expect(link.contains("/fhir/RiskAssessment/asm-") && link.hasSuffix(#"rel="related""#))
                #expect((stored["meta"] as? [String: Any])?["versionId"] as? String == "1")

                // The RiskAssessment the Link names: high, based on the response.
                let raPath = String(link.dropFirst(1 + Self.base.count).prefix { $0 != ">" })
                let (raStatus, assessment) = try await FHIRReadTests.fhir(client, raPath, token: ehr)
                #expect(raStatus == .ok)
                let codes = ((assessment["prediction"] as? [[String: Any]])?.first?["qualitativeRisk"] as? [String: Any])?["coding"] as? [[String: Any]]
                #expect(codes?.first?["code"] as? String == "high")
                #expect((assessment["basis"] as? [[String: Any]])?.first?["reference"] as? String == "QuestionnaireResponse/\(id)")
                #expect(((assessment["subject"] as? [String: Any])?["identifier"] as? [String: Any])?["value"] as? String == "MRN-77")

                // Escalated exactly like a JSON API screen: on-call is paged.
                #expect(await receiver.waitFor(count: 1))
                let (readStatus, readBack) = try await FHIRReadTests.fhir(client, "/fhir/QuestionnaireResponse/\(id)", token: ehr)
                #expect(readStatus == .ok && readBack["id"] as? String == id)

                // An EHR retry of the same response: 200 with the first one, nothing new stored or paged.
                let (again, againHeaders, _) = try await Self.post(client, Self.response(), token: ehr, ifNoneExist: "identifier=https://ehr.example/qr|QR-1")
                #expect(again == .ok)
                #expect(againHeaders[.location] == headers[.location])
                #expect(try await daemon.server.store.count(table: "assessment") == 1)
                // The same identifier with different answers is not silently dropped: 412.
                let changed = Self.response(items: "[\(Self.no("q1")), \(Self.no("q2")), \(Self.no("q6"))]")
                let (conflict, _, outcome) = try await Self.post(client, changed, token: ehr, ifNoneExist: "identifier=https://ehr.example/qr|QR-1")
                #expect(conflict == .preconditionFailed)
                #expect(Self.expression(outcome) == "QuestionnaireResponse.identifier")
            }
        }
    }

    @Test(arguments: [
        (Self.response(items: "[\(Self.yes("q99"))]"), 422, "QuestionnaireResponse.item[0].linkId"),
        (Self.response(items: #"[{"linkId": "q1", "answer": [{"valueString": "yes"}]}]"#), 422, "QuestionnaireResponse.item[0].answer[0]"),
        (Self.response(items: #"[{"linkId": "q1", "answer": [{"valueCoding": {"code": "maybe"}}]}]"#), 422, "QuestionnaireResponse.item[0].answer[0]"),
        (Self.response(questionnaire: "https://elsewhere.example/Questionnaire/x"), 422, "QuestionnaireResponse.questionnaire"),
        (Self.response(subject: #"{"display": "someone"}"#), 422, "QuestionnaireResponse.subject"),
        (#"{"resourceType": "Patient"}"#, 400, "QuestionnaireResponse"),
    ])
    func refusalsNameTheElement(_ body: String, _ status: Int, _ expression: String) async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let (answer, _, outcome) = try await Self.post(client, body, token: ehr)
            #expect(Int(answer.code) == status)
            #expect(outcome["resourceType"] as? String == "OperationOutcome")
            #expect(Self.expression(outcome) == expression)
        }
        #expect(try await daemon.server.store.count(table: "assessment") == 0)
    }

    @Test func transportErrorsAreOperationOutcomesToo() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let admin = try await daemon.token(role: .admin)
        try await daemon.server.application.test(.router) { client in
            #expect(try await Self.post(client, Self.response(), token: nil).0 == .unauthorized)
            #expect(try await Self.post(client, Self.response(), token: admin).0 == .forbidden)
            #expect(try await Self.post(client, Self.response(), token: ehr, contentType: "text/plain").0 == .unsupportedMediaType)
            let (notJSON, _, outcome) = try await Self.post(client, "{not json", token: ehr)
            #expect(notJSON == .badRequest && outcome["resourceType"] as? String == "OperationOutcome")
        }
    }

    @Test func phq9TotalIsACrossCheckAndAnOtherVersionIsStoredForReview() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        func frequency(_ linkId: String, _ code: String) -> String {
            #"{"linkId": "\#(linkId)", "answer": [{"valueCoding": {"system": "http://loinc.org", "code": "\#(code)"}}]}"#
        }
        // Items 1–8 "several days" (1 each), item 9 "more than half the days" (2): total 10; the EHR says 17.
        let items = (1...8).map { frequency("item\($0)", "LA6569-3") } + [frequency("item9", "LA6570-1"), #"{"linkId": "total", "answer": [{"valueInteger": 17}]}"#]
        let body = Self.response(questionnaire: "\(Self.base)/fhir/Questionnaire/phq9|0.9.0", identifier: nil, items: "[\(items.joined(separator: ","))]")
        try await daemon.server.application.test(.router) { client in
            let (status, headers, _) = try await Self.post(client, body, token: ehr)
            #expect(status == .created)
            let link = try #require(headers[HTTPField.Name("Link")!])
            let assessmentID = String(link.split(separator: "/").last?.prefix { $0 != ">" } ?? "").replacingOccurrences(of: "-", with: "_")
            let (_, assessment) = try await OverrideTests.Client(client: client).call(.get, "/api/v1/assessments/\(assessmentID)", clinician)
            #expect(assessment["score"] as? Int == 10)
            // The total as an Observation (LOINC 44261-6), named in the RiskAssessment's basis.
            let observationID = "\(assessmentID.replacingOccurrences(of: "_", with: "-"))-score"
            let (observed, observation) = try await FHIRReadTests.fhir(client, "/fhir/Observation/\(observationID)", token: ehr)
            #expect(observed == .ok)
            #expect(observation["valueInteger"] as? Int == 10)
            #expect(((observation["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "44261-6")
            #expect((observation["derivedFrom"] as? [[String: Any]])?.first?["reference"] as? String != nil)
            let (_, risk) = try await FHIRReadTests.fhir(client, "/fhir/RiskAssessment/\(observationID.dropLast(6))", token: ehr)
            #expect((risk["basis"] as? [[String: Any]])?.compactMap { $0["reference"] as? String }.contains("Observation/\(observationID)") == true)
            let flags = assessment["flags"] as? [String] ?? []
            #expect(flags.contains("reported_score_mismatch"))
            #expect(flags.contains("questionnaire_version_mismatch") && flags.contains("review_required"))
        }
    }

    /// The public forms EHRs send (Protocols/fhir-questionnaires.yaml): LOINC linkIds mapped to the protocol's
    /// items, a total sent as valueDecimal kept as a cross-check, a client risk level ignored, anything unlisted refused.
    @Test func publicLOINCLinkIdFormsAreAccepted() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        @Sendable func coded(_ linkId: String, _ code: String) -> String {
            #"{"linkId": "\#(linkId)", "answer": [{"valueCoding": {"system": "http://loinc.org", "code": "\#(code)"}}]}"#
        }
        let phq9Codes = ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3"]
        // Items 1–8 "several days", item 9 "more than half the days": total 10, which the EHR also sends.
        let phq9 = phq9Codes.map { coded("/\($0)", "LA6569-3") } + [coded("/44260-8", "LA6570-1"), #"{"linkId": "/44261-6", "answer": [{"valueDecimal": 10}]}"#]
        let cssrs = [coded("/93246-7", "LA33-6"), coded("/93247-5", "LA33-6"), coded("/93248-3", "LA32-8"), coded("/93249-1", "LA33-6"),
                     coded("/93250-9", "LA32-8"), coded("/93267-3", "LA32-8"), coded("/93374-7", "LA9194-7")]
        try await daemon.server.application.test(.router) { client in
            for (questionnaire, items, tier) in [
                ("http://hl7.org/fhir/us/core/Questionnaire/phq-9-example|6.1.0", phq9, "low"),
                ("https://www.cms.gov/files/document/cssrs-screen-version-instrument.pdf", cssrs, "high"),
            ] {
                let body = Self.response(questionnaire: questionnaire, identifier: nil, items: "[\(items.joined(separator: ","))]")
                let (status, headers, outcome) = try await Self.post(client, body, token: ehr)
                #expect(status == .created, "\(questionnaire): \(outcome)")
                let link = try #require(headers[HTTPField.Name("Link")!])
                let assessmentID = String(link.split(separator: "/").last?.prefix { $0 != ">" } ?? "").replacingOccurrences(of: "-", with: "_")
                let (_, assessment) = try await OverrideTests.Client(client: client).call(.get, "/api/v1/assessments/\(assessmentID)", clinician)
                #expect(assessment["tier"] as? String == tier, "\(questionnaire)")
                #expect((assessment["flags"] as? [String] ?? []).contains("reported_score_mismatch") == false)
            }
            let unknown = Self.response(
                questionnaire: "http://loinc.org/q/44249-1", identifier: nil, items: "[\(coded("/44250-9", "LA6569-3")), \(coded("/12345-6", "LA6569-3"))]")
            let (status, _, outcome) = try await Self.post(client, unknown, token: ehr)
            #expect(status == .unprocessableContent)
            #expect(Self.expression(outcome) == "QuestionnaireResponse.item[1].linkId")
        }
    }

    static func bundle(_ type: String, _ resources: [String], ifNoneExist: String? = nil) -> String {
        let condition = ifNoneExist.map { #", "ifNoneExist": "\#($0)""# } ?? ""
        let entries = resources.map { #"{"resource": \#($0), "request": {"method": "POST", "url": "QuestionnaireResponse"\#(condition)}}"# }
        return #"{"resourceType": "Bundle", "type": "\#(type)", "entry": [\#(entries.joined(separator: ","))]}"#
    }

    static func postBundle(_ client: any TestClientProtocol, _ body: String, token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let response = try await client.execute(
            uri: "/fhir", method: .post, headers: [.contentType: "application/fhir+json", .authorization: "Bearer \(token)"],
            body: ByteBuffer(string: body))
        return (response.status, ((try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]) ?? [:])
    }

    @Test func transactionAndBatchBundlesCreateResponses() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            // A transaction of one: its entry says 201 and points at the RiskAssessment.
            let (status, bundle) = try await Self.postBundle(
                client, Self.bundle("transaction", [Self.response(identifier: "TX-1")], ifNoneExist: "identifier=https://ehr.example/qr|TX-1"), token: ehr)
            #expect(status == .ok)
            #expect(bundle["type"] as? String == "transaction-response")
            let entry = try #require((bundle["entry"] as? [[String: Any]])?.first)
            #expect((entry["response"] as? [String: Any])?["status"] as? String == "201 Created")
            let related = try #require((entry["link"] as? [[String: Any]])?.first?["url"] as? String)
            #expect(related.hasPrefix("\(Self.base)/fhir/RiskAssessment/"))
            // The same transaction again: the conditional create answers 200 with the first response.
            let (_, again) = try await Self.postBundle(
                client, Self.bundle("transaction", [Self.response(identifier: "TX-1")], ifNoneExist: "identifier=https://ehr.example/qr|TX-1"), token: ehr)
            #expect(((again["entry"] as? [[String: Any]])?.first?["response"] as? [String: Any])?["status"] as? String == "200 OK")

            // A batch: each entry on its own; the bad one names its element inside the Bundle.
            let bad = Self.response(identifier: "B-2", items: "[\(Self.yes("q99"))]")
            let (batchStatus, batch) = try await Self.postBundle(client, Self.bundle("batch", [Self.response(identifier: "B-1"), bad]), token: ehr)
            #expect(batchStatus == .ok)
            let responses = (batch["entry"] as? [[String: Any]] ?? []).compactMap { $0["response"] as? [String: Any] }
            #expect(responses.map { $0["status"] as? String } == ["201 Created", "422 Unprocessable Content"])
            let issue = ((responses[1]["outcome"] as? [String: Any])?["issue"] as? [[String: Any]])?.first
            #expect((issue?["expression"] as? [String])?.first == "Bundle.entry[1].resource.item[0].linkId")

            // A failed transaction answers as the request would have; two entries are refused whole.
            let (failed, outcome) = try await Self.postBundle(client, Self.bundle("transaction", [bad]), token: ehr)
            #expect(failed == .unprocessableContent)
            #expect(Self.expression(outcome) == "Bundle.entry[0].resource.item[0].linkId")
            let (two, _) = try await Self.postBundle(client, Self.bundle("transaction", [Self.response(identifier: "T-2"), Self.response(identifier: "T-3")]), token: ehr)
            #expect(two == .unprocessableContent)
            let (document, _) = try await Self.postBundle(client, #"{"resourceType": "Bundle", "type": "document", "entry": []}"#, token: ehr)
            #expect(document == .unprocessableContent)
            let (notBundle, _) = try await Self.postBundle(client, Self.response(), token: ehr)
            #expect(notBundle == .badRequest)
        }
    }
}
