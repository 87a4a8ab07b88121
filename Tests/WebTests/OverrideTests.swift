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

/// Clinical judgment over the API: the computed tier stays; lowering `high` waits for a supervisor's co-signature.
@Suite struct OverrideTests {
    static let highScreen = #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"}, "subject": {"system": "urn:x", "value": "1"}}"#
    static let lowScreen = #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "yes", "q2": "no", "q6": "no"}, "subject": {"system": "urn:x", "value": "1"}}"#

    struct Client {
        let client: any TestClientProtocol

        func call(_ method: HTTPRequest.Method, _ uri: String, _ token: String, _ body: String? = nil) async throws
            -> (HTTPResponse.Status, [String: Any])
        {
            let response = try await client.execute(
                uri: uri, method: method, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                body: body.map { ByteBuffer(string: $0) })
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
            return (response.status, object ?? [:])
        }
    }

    @Test func loweringHighNeedsAnotherPersonsSupervisorCosign() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        let otherClinician = try await daemon.token(role: .clinician)
        let supervisor = try await daemon.token(role: .supervisor)
        try await daemon.server.application.test(.router) { raw in
            let api = Client(client: raw)
            let (_, created) = try await api.call(.post, "/api/v1/assessments", ehr, Self.highScreen)
            let id = try #require(created["id"] as? String)
            #expect(created["final_tier"] as? String == "high")

            let (status, pending) = try await api.call(
                .post, "/api/v1/assessments/\(id)/overrides", clinician, #"{"tier": "moderate", "reason": "SAFE-T done; behaviour was an aborted attempt 4 months ago."}"#)
            #expect(status == .created)
            #expect(pending["status"] as? String == "pending_cosign")
            let overrideID = try #require(pending["id"] as? String)
            // Still high until co-signed.
            #expect(try await api.call(.get, "/api/v1/assessments/\(id)", clinician).1["final_tier"] as? String == "high")

            let cosignURI = "/api/v1/assessments/\(id)/overrides/\(overrideID)/cosign"
            #expect(try await api.call(.post, cosignURI, otherClinician).0 == .forbidden)  // a clinician is not a supervisor
            let (signedStatus, signed) = try await api.call(.post, cosignURI, supervisor)
            #expect(signedStatus == .ok)
            #expect(signed["status"] as? String == "effective")
            #expect(try await api.call(.post, cosignURI, supervisor).0 == .conflict)  // not pending any more

            let (_, after) = try await api.call(.get, "/api/v1/assessments/\(id)", clinician)
            #expect(after["tier"] as? String == "high")  // the computed tier is kept
            #expect(after["final_tier"] as? String == "moderate")
            let history = try #require(after["overrides"] as? [[String: Any]])
            #expect(history.count == 1 && history.first?["cosigned_by"] as? String != nil)
        }
    }

    @Test func supervisorCannotCosignTheirOwnRequest() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let supervisor = try await daemon.token(role: .supervisor)
        try await daemon.server.application.test(.router) { raw in
            let api = Client(client: raw)
            let id = try #require(try await api.call(.post, "/api/v1/assessments", ehr, Self.highScreen).1["id"] as? String)
            let overrideID = try #require(
                try await api.call(.post, "/api/v1/assessments/\(id)/overrides", supervisor, #"{"tier": "low", "reason": "r"}"#).1["id"] as? String)
            #expect(try await api.call(.post, "/api/v1/assessments/\(id)/overrides/\(overrideID)/cosign", supervisor).0 == .conflict)
        }
    }

    @Test func raisingTakesEffectAtOnceAndBadRequestsNameTheField() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        try await daemon.server.application.test(.router) { raw in
            let api = Client(client: raw)
            let id = try #require(try await api.call(.post, "/api/v1/assessments", ehr, Self.lowScreen).1["id"] as? String)
            let uri = "/api/v1/assessments/\(id)/overrides"
            let (status, raised) = try await api.call(.post, uri, clinician, #"{"tier": "high", "reason": "Collateral: access to a firearm."}"#)
            #expect(status == .created && raised["status"] as? String == "effective")
            #expect(try await api.call(.get, "/api/v1/assessments/\(id)", clinician).1["final_tier"] as? String == "high")

            let cases: [(String, String)] = [
                (#"{"tier": "moderate", "reason": "   "}"#, "/reason"),
                (#"{"tier": "severe", "reason": "x"}"#, "/tier"),
                (#"{"reason": "x"}"#, "/tier"),
                (#"{"tier": "high", "reason": "x"}"#, "/tier"),  // already high
                (#"{"tier": "low", "reason": "x", "note": "y"}"#, "/note"),
            ]
            for (body, pointer) in cases {
                let (badStatus, problem) = try await api.call(.post, uri, clinician, body)
                #expect(badStatus == .unprocessableContent, "\(body)")
                #expect(problem["pointer"] as? String == pointer, "\(body)")
            }
            #expect(try await api.call(.post, uri, ehr, #"{"tier": "low", "reason": "x"}"#).0 == .forbidden)
            #expect(try await api.call(.post, "/api/v1/assessments/asm_none/overrides", clinician, #"{"tier": "low", "reason": "x"}"#).0 == .notFound)
        }
        #expect(try await daemon.server.store.count(table: "tier_override") == 1)
        #expect(!daemon.capture.text.contains("firearm"))
    }
}
