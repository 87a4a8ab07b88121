import CrisisCore
import CrisisTestSupport
import CryptoExtras
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

/// SMART Backend Services through the router: the token endpoint's refusals (each a reason an attacker or a
/// misconfigured EHR would produce), scopes on every FHIR route, and tokens that expire or die with their client.
@Suite struct SMARTBackendServicesTests {
    static let tokenURL = "https://crisis.example.test/auth/token"

    /// An EHR with an ES384 key registered under `kid` `ehr-1`.
    struct EHR {
        let clientID: String
        let keys: JWTKeyCollection

        static func register(
            _ daemon: TestDaemon, scope: String = "system/QuestionnaireResponse.c system/RiskAssessment.rs", name: String = "epic"
        ) async throws -> EHR {
            let key = ES384PrivateKey()
            guard let parameters = key.publicKey.parameters else { throw CancellationError() }
            let jwks = #"{"keys": [{"kty": "EC", "crv": "P-384", "kid": "ehr-1", "x": "\#(parameters.x)", "y": "\#(parameters.y)"}]}"#
            let clientID = "cli_\(name)"
            try await daemon.server.store.register(
                RegisteredClient(
                    id: clientID, kind: .smart, name: name, principalID: PrincipalID("prn_\(name)"), jwks: jwks,
                    allowedScopes: AccessScope.parseList(scope).scopes, tlsSubject: nil, tenant: nil, createdAt: Date()))
            // The same key also under a kid that was never registered.
            let keys = await JWTKeyCollection().add(ecdsa: key, kid: "ehr-1").add(ecdsa: key, kid: "ehr-2")
            return EHR(clientID: clientID, keys: keys)
        }

        func assertion(
            aud: String = SMARTBackendServicesTests.tokenURL, expiresIn: TimeInterval = 240, jti: String = UUID().uuidString,
            sub: String? = nil, kid: String = "ehr-1"
        ) async throws -> String {
            try await keys.sign(
                Assertion(
                    iss: clientID, sub: sub ?? clientID, aud: aud, exp: Int(Date().addingTimeInterval(expiresIn).timeIntervalSince1970),
                    jti: jti), kid: JWKIdentifier(string: kid), header: ["typ": "JWT"])
        }
    }

    struct Assertion: JWTPayload {
        var iss: String
        var sub: String
        var aud: String
        var exp: Int
        var jti: String
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func form(_ assertion: String, scope: String = "system/QuestionnaireResponse.c system/RiskAssessment.rs") -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return "grant_type=client_credentials&scope=\(encode(scope))"
            + "&client_assertion_type=\(encode(IssueAccessToken.assertionType))&client_assertion=\(encode(assertion))"
    }

    static func requestToken(_ client: any TestClientProtocol, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let response = try await client.execute(
            uri: "/auth/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any]
        return (response.status, object ?? [:])
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, token: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]).status
    }

    /// Base64url of a JSON text (to hand-craft tokens jwt-kit would refuse to make).
    static func segment(_ json: String) -> String {
        Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test func aRegisteredClientGetsAShortTokenThatItsScopesGovern() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        try await daemon.server.application.test(.router) { client in
            let (status, body) = try await Self.requestToken(
                client, Self.form(try await ehr.assertion(), scope: "system/QuestionnaireResponse.c system/RiskAssessment.rs system/Observation.r"))
            #expect(status == .ok)
            #expect(body["token_type"] as? String == "bearer")
            #expect(body["expires_in"] as? Int == 300)
            // Observation.r was asked for but is not registered: the grant is narrowed, not refused.
            #expect(body["scope"] as? String == "system/QuestionnaireResponse.c system/RiskAssessment.rs")
            let token = try #require(body["access_token"] as? String)
            #expect(try await Self.get(client, "/fhir/RiskAssessment?subject:identifier=urn:x|1", token: token) == .ok)
            #expect(try await Self.get(client, "/fhir/Observation/obs-x", token: token) == .forbidden)
            #expect(try await Self.get(client, "/fhir/QuestionnaireResponse/qr-x", token: token) == .forbidden)
            // The JSON API is not a FHIR resource: scoped tokens are refused there.
            #expect(try await Self.get(client, "/api/v1/episodes", token: token) == .forbidden)
        }
    }

    @Test func anRS384KeyWorksToo() async throws {
        let daemon = try await TestDaemon.make()
        let key = try Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        let (n, e) = try key.publicKey.getKeyPrimitives()
        let url = { (data: Data) in
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let jwks = #"{"keys": [{"kty": "RSA", "kid": "rsa-1", "alg": "RS384", "n": "\#(url(n))", "e": "\#(url(e))"}]}"#
        try await daemon.server.store.register(
            RegisteredClient(
                id: "cli_rsa", kind: .smart, name: "rsa", principalID: PrincipalID("prn_rsa"), jwks: jwks,
                allowedScopes: AccessScope.parseList("system/RiskAssessment.rs").scopes, tlsSubject: nil, tenant: nil, createdAt: Date()))
        let keys = await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha384, kid: "rsa-1")
        let assertion = try await keys.sign(
            Assertion(iss: "cli_rsa", sub: "cli_rsa", aud: Self.tokenURL, exp: Int(Date().timeIntervalSince1970) + 200, jti: "r1"),
            kid: "rsa-1")
        try await daemon.server.application.test(.router) { client in
            let (status, body) = try await Self.requestToken(client, Self.form(assertion, scope: "system/RiskAssessment.rs"))
            #expect(status == .ok, "\(body)")
        }
    }

    /// Each row is an assertion the token endpoint must refuse as `invalid_client` (401).
    @Test(arguments: ["expired", "wrong audience", "replayed jti", "alg none", "HMAC", "unknown kid", "exp too far ahead", "sub differs", "unknown client", "tampered"])
    func aBadAssertionIsRefused(_ case: String) async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        try await daemon.server.application.test(.router) { client in
            var assertion: String
            switch `case` {
            case "expired": assertion = try await ehr.assertion(expiresIn: -120)
            case "wrong audience": assertion = try await ehr.assertion(aud: "https://other.example/auth/token")
            case "replayed jti":
                assertion = try await ehr.assertion(jti: "same")
                #expect(try await Self.requestToken(client, Self.form(assertion)).0 == .ok)
                assertion = try await ehr.assertion(jti: "same")
            case "alg none":
                let claims = #"{"iss":"\#(ehr.clientID)","sub":"\#(ehr.clientID)","aud":"\#(Self.tokenURL)","exp":\#(Int(Date().timeIntervalSince1970) + 200),"jti":"n1"}"#
                assertion = Self.segment(#"{"alg":"none","kid":"ehr-1","typ":"JWT"}"#) + "." + Self.segment(claims) + "."
            case "HMAC":
                let hmac = await JWTKeyCollection().add(hmac: HMACKey(from: String(repeating: "k", count: 48)), digestAlgorithm: .sha384, kid: "ehr-1")
                assertion = try await hmac.sign(
                    Assertion(iss: ehr.clientID, sub: ehr.clientID, aud: Self.tokenURL, exp: Int(Date().timeIntervalSince1970) + 200, jti: "h1"),
                    kid: "ehr-1")
            case "unknown kid": assertion = try await ehr.assertion(kid: "ehr-2")
            case "exp too far ahead": assertion = try await ehr.assertion(expiresIn: 3600)
            case "sub differs": assertion = try await ehr.assertion(sub: "someone-else")
            case "unknown client":
                let other = try await EHR.register(try await TestDaemon.make(), name: "elsewhere")
                assertion = try await other.assertion()
            default:
                let parts = try await ehr.assertion().split(separator: ".").map(String.init)
                let claims = #"{"iss":"\#(ehr.clientID)","sub":"\#(ehr.clientID)","aud":"\#(Self.tokenURL)","exp":\#(Int(Date().timeIntervalSince1970) + 200),"jti":"other"}"#
                assertion = parts[0] + "." + Self.segment(claims) + "." + parts[2]
            }
            let (status, body) = try await Self.requestToken(client, Self.form(assertion))
            #expect(status == .unauthorized, "\(`case`): \(body)")
            #expect(body["error"] as? String == "invalid_client")
            #expect(body["access_token"] == nil)
        }
    }

    @Test func badRequestsGetOAuthErrors() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        try await daemon.server.application.test(.router) { client in
            let wrongGrant = Self.form(try await ehr.assertion()).replacingOccurrences(of: "client_credentials", with: "password")
            #expect(try await Self.requestToken(client, wrongGrant).1["error"] as? String == "unsupported_grant_type")
            let notAllowed = try await Self.requestToken(client, Self.form(try await ehr.assertion(), scope: "system/Patient.r"))
            #expect(notAllowed.0 == .badRequest)
            #expect(notAllowed.1["error"] as? String == "invalid_scope")
            let userScope = try await Self.requestToken(client, Self.form(try await ehr.assertion(), scope: "user/RiskAssessment.rs"))
            #expect(userScope.1["error"] as? String == "invalid_scope")
            let noAssertion = try await Self.requestToken(client, "grant_type=client_credentials&scope=system%2FRiskAssessment.rs")
            #expect(noAssertion.1["error"] as? String == "invalid_request")
            let json = try await client.execute(
                uri: "/auth/token", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}"))
            #expect(json.status == .badRequest)
        }
    }

    @Test func tokensDieWithTheirClientAndAtExpiry() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await EHR.register(daemon)
        try await daemon.server.application.test(.router) { client in
            let token = try #require(try await Self.requestToken(client, Self.form(try await ehr.assertion())).1["access_token"] as? String)
            let authenticate = AuthenticateToken(store: daemon.server.store, clients: daemon.server.store)
            #expect(try await authenticate(token) != nil)
            let late = AuthenticateToken(store: daemon.server.store, clients: daemon.server.store, now: { Date().addingTimeInterval(301) })
            #expect(try await late(token) == nil)
            #expect(try await daemon.server.store.revokeClient(name: "epic", at: Date()))
            #expect(try await Self.get(client, "/fhir/RiskAssessment?subject:identifier=urn:x|1", token: token) == .unauthorized)
        }
    }

    @Test func scopesParseAsSMARTv2AndV1() {
        #expect(AccessScope("system/RiskAssessment.rs")?.description == "system/RiskAssessment.rs")
        #expect(AccessScope("system/RiskAssessment.read")?.description == "system/RiskAssessment.rs")
        #expect(AccessScope("system/QuestionnaireResponse.write")?.description == "system/QuestionnaireResponse.cud")
        #expect(AccessScope("system/*.*")?.permits(.create, on: "QuestionnaireResponse") == true)
        for refused in ["system/RiskAssessment.sr", "system/RiskAssessment.rr", "patient/RiskAssessment.rs", "system/RiskAssessment.rs?x=1",
                        "system/RiskAssessment.", "openid"] {
            #expect(AccessScope(refused) == nil, "\(refused)")
        }
        let granted = AccessScope.granted(
            AccessScope.parseList("system/*.rs system/RiskAssessment.cruds").scopes,
            within: AccessScope.parseList("system/RiskAssessment.rs").scopes)
        #expect(granted.map(\.description) == ["system/RiskAssessment.rs"])
    }

    @Test func aKeySetWithAPrivateKeyOrAWeakAlgorithmIsNotRegistered() async throws {
        let key = ES384PrivateKey()
        let parameters = try #require(key.publicKey.parameters)
        let good = #"{"keys": [{"kty": "EC", "crv": "P-384", "kid": "a", "x": "\#(parameters.x)", "y": "\#(parameters.y)"}]}"#
        _ = try await ClientKeySet.parse(json: good)
        for bad in [
            good.replacingOccurrences(of: #""kid": "a", "#, with: ""),
            good.replacingOccurrences(of: #""kid": "a""#, with: #""kid": "a", "d": "AAAA""#),
            good.replacingOccurrences(of: "P-384", with: "P-256"),
            #"{"keys": [{"kty": "oct", "kid": "s", "k": "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}]}"#,
            #"{"keys": []}"#,
        ] {
            await #expect(throws: ClientKeySet.Refusal.self) { _ = try await ClientKeySet.parse(json: bad) }
        }
    }
}
