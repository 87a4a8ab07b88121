import CrisisCore
import CrisisTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import NIOCore
import Storage
import Testing
import Workflow

@testable import crisisd

/// CDS Hooks through the router: the EHR's JWT checked per the spec (bare 401 on any failure), cards built from
/// stored screens and escalations, and feedback stored once.
@Suite struct CDSHooksTests {
    static let base = "https://crisis.example.test"
    static let issuer = "https://ehr.example.org/"

    struct EHR {
        let keys: JWTKeyCollection

        static func register(_ daemon: TestDaemon, tenant: String? = nil) async throws -> EHR {
            let key = ES384PrivateKey()
            let parameters = try #require(key.publicKey.parameters)
            try await daemon.server.store.register(
                RegisteredClient(
                    id: CDSHooksTests.issuer, kind: .cdsHooks, name: "ehr-cds", principalID: PrincipalID("prn_cds"),
                    jwks: #"{"keys": [{"kty": "EC", "crv": "P-384", "kid": "cds-1", "x": "\#(parameters.x)", "y": "\#(parameters.y)"}]}"#,
                    allowedScopes: [], tlsSubject: nil, tenant: tenant, createdAt: Date()))
            return EHR(keys: await JWTKeyCollection().add(ecdsa: key, kid: "cds-1"))
        }

        func jwt(
            aud: String, iss: String = CDSHooksTests.issuer, expiresIn: TimeInterval = 300, jti: String = UUID().uuidString,
            tenant: String? = nil, iat: Bool = true
        ) async throws -> String {
            let now = Int(Date().timeIntervalSince1970)
            return try await keys.sign(
                Claims(iss: iss, aud: aud, exp: now + Int(expiresIn), iat: iat ? now : nil, jti: jti, tenant: tenant), kid: "cds-1",
                header: ["typ": "JWT"])
        }
    }

    struct Claims: JWTPayload {
        var iss: String
        var aud: String
        var exp: Int
        var iat: Int?
        var jti: String
        var tenant: String?
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func call(
        _ client: any TestClientProtocol, _ path: String, jwt: String?, body: String? = nil
    ) async throws -> (HTTPResponse.Status, [String: Any], String) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let jwt { headers[.authorization] = "Bearer \(jwt)" }
        let response = try await client.execute(
            uri: path, method: body == nil ? .get : .post, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let text = String(buffer: response.body)
        return (response.status, ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]) ?? [:], text)
    }

    static func hook(_ hook: String, patient: String = "p-1", identifier: Bool = true) -> String {
        let prefetch = identifier
            ? #", "prefetch": {"patient": {"resourceType": "Patient", "id": "\#(patient)", "identifier": [{"system": "urn:oid:1.2.3", "value": "MRN-77"}]}}"#
            : ""
        return #"{"hook": "\#(hook)", "hookInstance": "\#(UUID().uuidString)", "context": {"userId": "Practitioner/9", "patientId": "\#(patient)", "encounterId": "e-1"}\#(prefetch)}"#
    }

    @Test func discoveryNeedsAValidJWTAndAnyFailureIsABare401() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        let url = "\(Self.base)/cds-services"
        try await daemon.server.application.test(.router) { client in
            let (status, body, _) = try await Self.call(client, "/cds-services", jwt: try await ehr.jwt(aud: url))
            #expect(status == .ok)
            #expect((body["services"] as? [[String: Any]])?.compactMap { $0["hook"] as? String } == ["patient-view", "encounter-discharge"])
            let replayed = try await ehr.jwt(aud: url, jti: "once")
            #expect(try await Self.call(client, "/cds-services", jwt: replayed).0 == .ok)
            let bad: [(String, String?)] = [
                ("no token", nil),
                ("replayed jti", replayed),
                ("wrong audience", try await ehr.jwt(aud: "\(Self.base)/cds-services/crisis-risk-summary")),
                ("expired", try await ehr.jwt(aud: url, expiresIn: -120)),
                ("unknown issuer", try await ehr.jwt(aud: url, iss: "https://other.example/")),
                ("no iat", try await ehr.jwt(aud: url, iat: false)),
                ("alg none", SMARTBackendServicesTests.segment(#"{"alg":"none","kid":"cds-1","typ":"JWT"}"#) + "."
                    + SMARTBackendServicesTests.segment(#"{"iss":"\#(Self.issuer)","aud":"\#(url)","exp":\#(Int(Date().timeIntervalSince1970) + 60),"iat":1,"jti":"n"}"#) + "."),
            ]
            for (name, jwt) in bad {
                let (status, _, text) = try await Self.call(client, "/cds-services", jwt: jwt)
                #expect(status == .unauthorized, "\(name)")
                #expect(text.isEmpty, "\(name): a 401 says nothing")
            }
        }
    }

    @Test func aTenantBoundIssuerMustSendItsTenant() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon, tenant: "org-17")
        let url = "\(Self.base)/cds-services"
        try await daemon.server.application.test(.router) { client in
            for (tenant, expected) in [("org-17", HTTPResponse.Status.ok), ("org-18", .unauthorized), (nil, .unauthorized)] {
                let jwt = try await ehr.jwt(aud: url, tenant: tenant)
                let status = try await Self.call(client, "/cds-services", jwt: jwt).0
                #expect(status == expected, "\(tenant ?? "no tenant")")
            }
        }
    }

    @Test func cardsFollowTheStoredScreensAndEscalations() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        let token = try await daemon.token(role: .ehr)
        let summaryURL = "\(Self.base)/cds-services/crisis-risk-summary"
        let dischargeURL = "\(Self.base)/cds-services/discharge-safety-plan-check"
        try await daemon.server.application.test(.router) { client in
            // Nothing on file: no card.
            let empty = try await Self.call(client, "/cds-services/crisis-risk-summary", jwt: try await ehr.jwt(aud: summaryURL), body: Self.hook("patient-view"))
            #expect(empty.0 == .ok)
            #expect((empty.1["cards"] as? [Any])?.isEmpty == true)
            let discharge0 = try await Self.call(
                client, "/cds-services/discharge-safety-plan-check", jwt: try await ehr.jwt(aud: dischargeURL), body: Self.hook("encounter-discharge"))
            #expect((discharge0.1["cards"] as? [Any])?.isEmpty == true)

            // A high C-SSRS screen for MRN-77 (the identifier the prefetched Patient carries).
            #expect(try await FHIRIntakeTests.post(client, FHIRIntakeTests.response(), token: token).0 == .created)

            let (status, body, text) = try await Self.call(
                client, "/cds-services/crisis-risk-summary", jwt: try await ehr.jwt(aud: summaryURL), body: Self.hook("patient-view"))
            #expect(status == .ok)
            let card = try #require((body["cards"] as? [[String: Any]])?.first)
            #expect(card["indicator"] as? String == "critical")
            let summary = try #require(card["summary"] as? String)
            #expect(summary.count < 140)
            #expect(summary == "High suicide risk escalation not yet acknowledged (latest screen: high risk, C-SSRS screen, 29 Nov)")
            #expect((card["source"] as? [String: Any])?["label"] != nil)
            #expect((card["overrideReasons"] as? [[String: Any]])?.allSatisfy { $0["display"] is String } == true)
            #expect(card["uuid"] is String)
            // Answers and identifiers never appear on a card.
            #expect(!text.contains("MRN-77"))
            #expect(!text.contains("LA33-6"))

            // Known by the Patient reference alone, the same patient has no screen (the EHR sent no identifiers).
            let bare = try await Self.call(
                client, "/cds-services/crisis-risk-summary", jwt: try await ehr.jwt(aud: summaryURL), body: Self.hook("patient-view", identifier: false))
            #expect((bare.1["cards"] as? [Any])?.isEmpty == true)

            let discharge = try await Self.call(
                client, "/cds-services/discharge-safety-plan-check", jwt: try await ehr.jwt(aud: dischargeURL), body: Self.hook("encounter-discharge"))
            let warning = try #require((discharge.1["cards"] as? [[String: Any]])?.first)
            #expect(warning["indicator"] as? String == "critical")
            #expect((warning["detail"] as? String)?.contains("**No active safety plan**") == true)
        }
    }

    @Test func badCallsAreClear400s() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        let url = "\(Self.base)/cds-services/crisis-risk-summary"
        try await daemon.server.application.test(.router) { client in
            let wrongHook = try await Self.call(client, "/cds-services/crisis-risk-summary", jwt: try await ehr.jwt(aud: url), body: Self.hook("order-sign"))
            #expect(wrongHook.0 == .badRequest)
            let noPatient = try await Self.call(
                client, "/cds-services/crisis-risk-summary", jwt: try await ehr.jwt(aud: url),
                body: #"{"hook": "patient-view", "hookInstance": "x", "context": {}}"#)
            #expect(noPatient.0 == .badRequest)
            #expect(noPatient.2.contains("/context/patientId"))
            let unknown = try await Self.call(client, "/cds-services/nope", jwt: try await ehr.jwt(aud: url), body: Self.hook("patient-view"))
            #expect(unknown.0 == .notFound)
        }
    }

    @Test func feedbackIsStoredOnceAndOverridesKeepTheirReason() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        let url = "\(Self.base)/cds-services/discharge-safety-plan-check/feedback"
        let body = #"""
            {"feedback": [{"card": "0c0b6f5e-3a8e-4d0f-8c43-5f0f6e8b2a11", "outcome": "overridden",
              "overrideReason": {"reason": {"system": "x", "code": "plan-in-chart", "display": "Plan in chart"}, "userComment": "seen at 15:10"},
              "outcomeTimestamp": "2026-11-29T15:12:44Z"}]}
            """#
        try await daemon.server.application.test(.router) { client in
            for _ in 0..<2 {
                let jwt = try await ehr.jwt(aud: url)
                let status = try await Self.call(client, "/cds-services/discharge-safety-plan-check/feedback", jwt: jwt, body: body).0
                #expect(status == .ok)
            }
            let stored = try await daemon.server.store.feedback(card: "0c0b6f5e-3a8e-4d0f-8c43-5f0f6e8b2a11")
            #expect(stored.count == 1)
            #expect(stored.first?.overrideCode == "plan-in-chart")
            #expect(stored.first?.outcome == .overridden)
            let bad = try await Self.call(
                client, "/cds-services/discharge-safety-plan-check/feedback", jwt: try await ehr.jwt(aud: url),
                body: #"{"feedback": [{"card": "c", "outcome": "ignored", "outcomeTimestamp": "2026-11-29T15:12:44Z"}]}"#)
            #expect(bad.0 == .badRequest)
            #expect(bad.2.contains("/feedback/0/outcome"))
            #expect(!daemon.capture.all.joined().contains("seen at 15:10"))
        }
    }

    /// A later, lower screen does not hide an escalation that is still open: the card stays critical and the
    /// discharge check still fires.
    @Test func anOpenHighEscalationOutweighsALaterLowScreen() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        let token = try await daemon.token(role: .ehr)
        let allNo = "[\(["q1", "q2", "q6"].map(FHIRIntakeTests.no).joined(separator: ","))]"
        let later = FHIRIntakeTests.response(identifier: "QR-2", items: allNo).replacingOccurrences(of: "2026-11-29T08:00:00Z", with: "2026-11-29T09:00:00Z")
        try await daemon.server.application.test(.router) { client in
            #expect(try await FHIRIntakeTests.post(client, FHIRIntakeTests.response(), token: token).0 == .created)
            #expect(try await FHIRIntakeTests.post(client, later, token: token).0 == .created)
            let summaryURL = "\(Self.base)/cds-services/crisis-risk-summary"
            let view = try await Self.call(client, "/cds-services/crisis-risk-summary", jwt: try await ehr.jwt(aud: summaryURL), body: Self.hook("patient-view"))
            let card = try #require((view.1["cards"] as? [[String: Any]])?.first)
            #expect(card["indicator"] as? String == "critical")
            #expect(card["summary"] as? String == "High suicide risk escalation not yet acknowledged (latest screen: no risk, C-SSRS screen, 29 Nov)")
            #expect((card["detail"] as? String)?.contains("Escalation for **high** suicide risk") == true)
            let dischargeURL = "\(Self.base)/cds-services/discharge-safety-plan-check"
            let discharge = try await Self.call(
                client, "/cds-services/discharge-safety-plan-check", jwt: try await ehr.jwt(aud: dischargeURL), body: Self.hook("encounter-discharge"))
            #expect((discharge.1["cards"] as? [[String: Any]])?.first?["indicator"] as? String == "critical")
        }
    }

    /// The discharge check reads the same state as the disposition gate: with an active plan, an info card.
    @Test func anActiveSafetyPlanTurnsTheDischargeWarningIntoAReminder() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        let token = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        let dischargeURL = "\(Self.base)/cds-services/discharge-safety-plan-check"
        try await daemon.server.application.test(.router) { client in
            #expect(try await FHIRIntakeTests.post(client, FHIRIntakeTests.response(), token: token).0 == .created)
            let api = OverrideTests.Client(client: client)
            let sections = SafetyPlanAPITests.sections.replacingOccurrences(
                of: #""help_contacts""#, with: #""professionals_agencies": {"entries": [{"name": "988", "phone": "988"}]}, "help_contacts""#)
            let (_, plan) = try await api.call(
                .post, "/api/v1/safety-plans", clinician, #"{"subject": {"system": "urn:oid:1.2.3", "value": "MRN-77"}, "sections": \#(sections)}"#)
            let id = try #require(plan["id"] as? String)
            #expect(try await api.call(.post, "/api/v1/safety-plans/\(id)/activate", clinician).0 == .ok)
            let discharge = try await Self.call(
                client, "/cds-services/discharge-safety-plan-check", jwt: try await ehr.jwt(aud: dischargeURL), body: Self.hook("encounter-discharge"))
            let card = try #require((discharge.1["cards"] as? [[String: Any]])?.first)
            #expect(card["indicator"] as? String == "info")
            #expect((card["summary"] as? String)?.hasPrefix("Active safety plan on file") == true)
        }
    }
}
