import CrisisCore
import CrisisTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import crisisd

/// The FHIR read side: a truthful CapabilityStatement, and a RiskAssessment per stored screen, read or searched
/// by subject identifier, with every error as an OperationOutcome.
@Suite struct FHIRReadTests {
    static func fhir(_ client: any TestClientProtocol, _ uri: String, token: String? = nil) async throws -> (HTTPResponse.Status, [String: Any]) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        #expect(response.headers[.contentType] == "application/fhir+json")
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        return (response.status, object ?? [:])
    }

    @Test func capabilityStatementNeedsNoTokenAndClaimsOnlyWhatIsServed() async throws {
        let daemon = try await TestDaemon.make()
        try await daemon.server.application.test(.router) { client in
            let (status, statement) = try await Self.fhir(client, "/fhir/metadata")
            #expect(status == .ok)
            #expect(statement["resourceType"] as? String == "CapabilityStatement")
            #expect(statement["fhirVersion"] as? String == "4.0.1")
            let resources = ((statement["rest"] as? [[String: Any]])?.first?["resource"] as? [[String: Any]]) ?? []
            #expect(Set(resources.compactMap { $0["type"] as? String }) == ["Questionnaire", "QuestionnaireResponse", "Observation", "RiskAssessment", "CarePlan"])
        }
    }

    @Test func riskAssessmentReadAndSearch() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let admin = try await daemon.token(role: .admin)
        let clinician = try await daemon.token(role: .clinician)
        try await daemon.server.application.test(.router) { raw in
            let api = OverrideTests.Client(client: raw)
            let (_, high) = try await api.call(.post, "/api/v1/assessments", ehr, OverrideTests.highScreen)
            let (_, low) = try await api.call(.post, "/api/v1/assessments", ehr, OverrideTests.lowScreen)
            let highID = try #require(high["id"] as? String)
            let lowID = try #require(low["id"] as? String)
            // A clinician raises the low screen: the RiskAssessment says amended, with the tier in force.
            _ = try await api.call(.post, "/api/v1/assessments/\(lowID)/overrides", clinician, #"{"tier": "moderate", "reason": "history"}"#)
            let fhirID = highID.replacingOccurrences(of: "_", with: "-")

            #expect(try await Self.fhir(raw, "/fhir/RiskAssessment/\(fhirID)").0 == .unauthorized)
            #expect(try await Self.fhir(raw, "/fhir/RiskAssessment/\(fhirID)", token: admin).0 == .forbidden)
            let (missing, outcome) = try await Self.fhir(raw, "/fhir/RiskAssessment/asm-nothing", token: ehr)
            #expect(missing == .notFound && outcome["resourceType"] as? String == "OperationOutcome")

            let (status, assessment) = try await Self.fhir(raw, "/fhir/RiskAssessment/\(fhirID)", token: ehr)
            #expect(status == .ok)
            #expect(assessment["id"] as? String == fhirID)
            #expect(assessment["status"] as? String == "preliminary")
            let prediction = try #require((assessment["prediction"] as? [[String: Any]])?.first)
            let codes = ((prediction["qualitativeRisk"] as? [String: Any])?["coding"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["high", "high"])
            #expect(((assessment["method"] as? [String: Any])?["text"] as? String)?.hasPrefix("cssrs_screen_recent 1.") == true)
            #expect(((assessment["subject"] as? [String: Any])?["identifier"] as? [String: Any])?["value"] as? String == "1")

            let (searched, bundle) = try await Self.fhir(raw, "/fhir/RiskAssessment?subject:identifier=urn:x%7C1", token: ehr)
            #expect(searched == .ok)
            #expect(bundle["total"] as? Int == 2)
            let resources = (bundle["entry"] as? [[String: Any]])?.compactMap { $0["resource"] as? [String: Any] } ?? []
            let amended = resources.first { $0["id"] as? String == lowID.replacingOccurrences(of: "_", with: "-") }
            #expect(amended?["status"] as? String == "amended")
            let (none, empty) = try await Self.fhir(raw, "/fhir/RiskAssessment?patient:identifier=urn:x%7Cnobody", token: ehr)
            #expect(none == .ok && empty["total"] as? Int == 0 && empty["entry"] == nil)
            #expect(try await Self.fhir(raw, "/fhir/RiskAssessment?name=smith", token: ehr).0 == .badRequest)
            #expect(try await Self.fhir(raw, "/fhir/RiskAssessment", token: ehr).0 == .badRequest)
        }
    }
}
