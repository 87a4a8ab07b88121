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

/// Design notes §7 through the daemon: evaluation-only marking in development, withholding in production.
@Suite struct LicenceTests {
    static let screen = #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "no", "q2": "no", "q6": "no"}, "subject": {"system": "urn:x", "value": "1"}}"#

    @Test func developmentFlagsEvaluationsUntilEvidenceIsRecorded() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let admin = try await daemon.token(role: .admin)
        try await daemon.server.application.test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(ehr)", .contentType: "application/json"]
            let first = try await client.execute(uri: "/api/v1/assessments", method: .post, headers: headers, body: ByteBuffer(string: Self.screen))
            #expect(String(buffer: first.body).contains("evaluation_only_licence_not_recorded"))
            try await daemon.server.store.recordLicence(
                LicenceRecord(protocolID: ProtocolID("cssrs_screen_recent"), evidence: "Columbia letter 2026-11", recordedBy: "ops", recordedAt: Date()))
            let reload = try await client.execute(uri: "/api/v1/admin/reload", method: .post, headers: [.authorization: "Bearer \(admin)"])
            #expect(reload.status == .ok)
            let second = try await client.execute(uri: "/api/v1/assessments", method: .post, headers: headers, body: ByteBuffer(string: Self.screen))
            #expect(second.status == .created)
            #expect(!String(buffer: second.body).contains("evaluation_only_licence_not_recorded"))
        }
    }

    @Test func productionDoesNotServeUnlicensedProtocols() async throws {
        let daemon = try await TestDaemon.make { $0.mode = .production }
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/assessments", method: .post,
                headers: [.authorization: "Bearer \(ehr)", .contentType: "application/json"], body: ByteBuffer(string: Self.screen))
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("/protocol"))
            let phq = try await client.execute(uri: "/fhir/Questionnaire/phq9", method: .get)
            #expect(phq.status == .ok)
        }
        #expect(daemon.capture.text.contains("licence.withheld"))
    }

    /// Stanley-Brown in an electronic record needs the authors' permission: withheld in production until it is
    /// recorded, then served with `licence.recorded` true.
    @Test func theSafetyPlanTemplateFollowsTheSameLicenceRule() async throws {
        let daemon = try await TestDaemon.make { $0.mode = .production }
        let clinician = try await daemon.token(role: .clinician)
        let admin = try await daemon.token(role: .admin)
        try await daemon.server.application.test(.router) { client in
            let api = OverrideTests.Client(client: client)
            let (_, before) = try await api.call(.get, "/api/v1/safety-plan-templates", clinician)
            #expect((before["templates"] as? [Any])?.isEmpty == true)
            try await daemon.server.store.recordLicence(
                LicenceRecord(protocolID: ProtocolID("stanley_brown"), evidence: "Stanley & Brown letter 2026-11", recordedBy: "ops", recordedAt: Date()))
            #expect(try await client.execute(uri: "/api/v1/admin/reload", method: .post, headers: [.authorization: "Bearer \(admin)"]).status == .ok)
            let (_, after) = try await api.call(.get, "/api/v1/safety-plan-templates", clinician)
            let template = try #require((after["templates"] as? [[String: Any]])?.first)
            #expect(template["id"] as? String == "stanley_brown")
            #expect(template["licence_recorded"] as? Bool == true)
        }
    }
}
