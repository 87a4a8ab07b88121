import CrisisCore
import CrisisTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Notify
import Storage
import Testing

@testable import crisisd

/// Episodes over the API: opened by a screen, acknowledged, refused without a disposition, resolved, with the
/// timeline recording every transition and delivery attempt; PagerDuty webhooks v3 coming back.
@Suite struct EpisodeAPITests {
    static let highScreen = OverrideTests.highScreen

    static func environment(_ port: Int) -> [String: String] {
        [
            "CRISISD_ONCALL_WEBHOOK_URL": "http://127.0.0.1:\(port)/hook", "CRISISD_ONCALL_WEBHOOK_SECRET": TestDaemon.oncallSecret,
            "CRISISD_SUPERVISOR_WEBHOOK_URL": "http://127.0.0.1:\(port)/hook",
            "CRISISD_SUPERVISOR_WEBHOOK_SECRET": TestDaemon.supervisorSecret,
        ]
    }

    @Test func acknowledgeRefuseResolveAndReadTheTimeline() async throws {
        let receiver = LoopbackReceiver()
        try await receiver.run { port in
            let daemon = try await TestDaemon.make(environment: Self.environment(port))
            let ehr = try await daemon.token(role: .ehr)
            let clinician = try await daemon.token(role: .clinician, name: "dr-rivera")
            try await daemon.server.application.test(.router) { raw in
                let api = OverrideTests.Client(client: raw)
                let (status, created) = try await api.call(.post, "/api/v1/assessments", ehr, Self.highScreen)
                #expect(status == .created)
                let episode = try #require(created["episode"] as? [String: Any])
                let id = try #require(episode["id"] as? String)
                #expect(episode["opened"] as? Bool == true)
                #expect(episode["tier"] as? String == "high")

                let (listed, list) = try await api.call(.get, "/api/v1/episodes", clinician)
                #expect(listed == .ok)
                #expect((list["episodes"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])

                #expect(try await api.call(.post, "/api/v1/episodes/\(id)/acknowledge", ehr, "{}").0 == .forbidden)
                #expect(try await api.call(.post, "/api/v1/episodes/\(id)/acknowledge", clinician, #"{"kind": "asleep"}"#).0
                    == .unprocessableContent)
                let (acked, acknowledged) = try await api.call(
                    .post, "/api/v1/episodes/\(id)/acknowledge", clinician, #"{"kind": "with_patient"}"#)
                #expect(acked == .ok)
                #expect(acknowledged["state"] as? String == "acknowledged")

                let (refused, problem) = try await api.call(.post, "/api/v1/episodes/\(id)/resolve", clinician, "{}")
                #expect(refused == .unprocessableContent)
                #expect((problem["errors"] as? [[String: Any]])?.first?["pointer"] as? String == "/disposition")
                let (unknown, _) = try await api.call(
                    .post, "/api/v1/episodes/\(id)/resolve", clinician, #"{"disposition": "evaluated_discharged_with_plan", "extra": 1}"#)
                #expect(unknown == .unprocessableContent)
                let (resolvedStatus, resolved) = try await api.call(
                    .post, "/api/v1/episodes/\(id)/resolve", clinician, #"{"disposition": "evaluated_discharged_with_plan"}"#)
                #expect(resolvedStatus == .ok)
                #expect((resolved["resolution"] as? [String: Any])?["disposition"] as? String == "evaluated_discharged_with_plan")
                #expect(try await api.call(.post, "/api/v1/episodes/\(id)/resolve", clinician, #"{"disposition": "other", "note": "x"}"#).0
                    == .conflict)
                #expect(try await api.call(.get, "/api/v1/episodes/epi_missing", clinician).0 == .notFound)

                #expect(await receiver.waitFor(count: 3))
                let (_, shown) = try await api.call(.get, "/api/v1/episodes/\(id)", clinician)
                let kinds = (shown["timeline"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
                #expect(Array(kinds.prefix(2)) == ["triggered", "step_fired"])
                #expect(kinds.contains("acknowledged") && kinds.contains("resolved") && kinds.contains("delivery"))
                let acknowledger = (shown["acknowledgements"] as? [[String: Any]])?.first?["by"] as? [String: Any]
                #expect(acknowledger?["name"] as? String == "dr-rivera")
                #expect((shown["policy"] as? [String: Any])?["id"] as? String == "high-risk")
            }
        }
    }

    @Test func pagerDutyWebhookAcknowledgesOnlyWithAValidSignature() async throws {
        let receiver = LoopbackReceiver()
        try await receiver.run { port in
            let daemon = try await TestDaemon.make(environment: Self.environment(port)) { $0.pagerDutyWebhookSecret = "pd-secret" }
            let ehr = try await daemon.token(role: .ehr)
            let clinician = try await daemon.token(role: .clinician)
            try await daemon.server.application.test(.router) { raw in
                let api = OverrideTests.Client(client: raw)
                let (_, created) = try await api.call(.post, "/api/v1/assessments", ehr, Self.highScreen)
                let id = try #require((created["episode"] as? [String: Any])?["id"] as? String)
                let body = #"{"event": {"id": "01", "event_type": "incident.acknowledged", "agent": {"id": "PUSER", "summary": "Dr On Call"}, "data": {"id": "Q1", "type": "incident", "incident_key": "crisisd/episode/\#(id)"}}}"#
                let signature = PagerDutyWebhookVerifier(secret: "pd-secret").signature(for: Array(body.utf8))
                func post(_ header: String?) async throws -> HTTPResponse.Status {
                    var headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-Webhook-Id")!: "delivery-1"]
                    if let header { headers[HTTPField.Name("X-PagerDuty-Signature")!] = header }
                    return try await raw.execute(uri: "/hooks/pagerduty", method: .post, headers: headers, body: ByteBuffer(string: body)).status
                }
                #expect(try await post(nil) == .unauthorized)
                #expect(try await post("v1=" + String(repeating: "0", count: 64)) == .unauthorized)
                #expect(try await api.call(.get, "/api/v1/episodes/\(id)", clinician).1["state"] as? String == "notified")
                #expect(try await post(signature) == .accepted)
                let (_, shown) = try await api.call(.get, "/api/v1/episodes/\(id)", clinician)
                #expect(shown["state"] as? String == "acknowledged")
                let by = (shown["acknowledgements"] as? [[String: Any]])?.first?["by"] as? [String: Any]
                #expect(by?["via"] as? String == "pagerduty")
                #expect(by?["id"] as? String == "pagerduty:PUSER")
                // A redelivery of the same webhook is accepted without a second acknowledgement.
                #expect(try await post(signature) == .accepted)
                let (_, again) = try await api.call(.get, "/api/v1/episodes/\(id)", clinician)
                #expect((again["acknowledgements"] as? [[String: Any]])?.count == 1)
            }
        }
    }

    @Test func raisingATierOnClinicalJudgmentPagesAtTheNewTier() async throws {
        let receiver = LoopbackReceiver()
        try await receiver.run { port in
            let daemon = try await TestDaemon.make(environment: Self.environment(port))
            let ehr = try await daemon.token(role: .ehr)
            let clinician = try await daemon.token(role: .clinician)
            try await daemon.server.application.test(.router) { raw in
                let api = OverrideTests.Client(client: raw)
                let (_, created) = try await api.call(.post, "/api/v1/assessments", ehr, OverrideTests.lowScreen)
                let id = try #require(created["id"] as? String)
                #expect(created["episode"] is NSNull, "a low screen pages nobody")
                let (status, _) = try await api.call(
                    .post, "/api/v1/assessments/\(id)/overrides", clinician, #"{"tier": "high", "reason": "collateral history"}"#)
                #expect(status == .created)
                let (_, shown) = try await api.call(.get, "/api/v1/assessments/\(id)", clinician)
                let episode = try #require(shown["episode"] as? [String: Any])
                #expect(episode["tier"] as? String == "high")
                #expect(await receiver.waitFor(count: 1))
                let page = try #require(try JSONSerialization.jsonObject(with: Data(receiver.received[0].body)) as? [String: Any])
                let data = try #require(page["data"] as? [String: Any])
                #expect(data["tier"] as? String == "high")
                #expect((data["summary"] as? String)?.contains("tier raised to high on clinical judgment") == true)
                #expect(!(data["summary"] as? String ?? "").contains("collateral"), "the reason is never paged")
            }
        }
    }

    @Test func withoutASecretThereIsNoPagerDutyRoute() async throws {
        let daemon = try await TestDaemon.make()
        try await daemon.server.application.test(.router) { raw in
            let response = try await raw.execute(uri: "/hooks/pagerduty", method: .post, body: ByteBuffer(string: "{}"))
            #expect(response.status == .notFound)
        }
    }
}
