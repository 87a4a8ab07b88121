import AsyncHTTPClient
import Crypto
import CrisisCore
import CrisisTestSupport
import Foundation
import Hummingbird
import JWTKit
import HummingbirdTLS
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Notify
import ServiceLifecycle
import Storage
import SwiftASN1
import Testing
import X509

@testable import crisisd

/// Real TLS against the live server on an ephemeral port.
@Suite struct TLSTests {
    static let highScreen =
        #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "yes", "q2": "yes", "q3": "no", "q4": "yes", "q5": "no", "q6": "no"}, "subject": {"system": "urn:oid:1.2.3.4", "value": "MRN-LIVE-5521"}, "site": "ed-east"}"#

    static func post(
        _ client: HTTPClient, port: Int, token: String, body: String, path: String = "/api/v1/assessments"
    ) async throws -> (UInt, [UInt8]) {
        var request = HTTPClientRequest(url: "https://localhost:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "authorization", value: "Bearer \(token)")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, Array(bytes.readableBytesView))
    }

    @Test func highScreenOverHTTPSPagesASignedWebhook() async throws {
        let receiver = LoopbackReceiver()
        try await receiver.run { receiverPort in
            let daemon = try await TestDaemon.make(
                environment: [
                    "CRISISD_ONCALL_WEBHOOK_URL": "http://127.0.0.1:\(receiverPort)/hook",
                    "CRISISD_ONCALL_WEBHOOK_SECRET": TestDaemon.oncallSecret,
                ], development: true)
            let token = try await daemon.token(role: .ehr)
            try await daemon.runLive { port in
                let client = try daemon.httpsClient()
                let (status, body) = try await Self.post(client, port: port, token: token, body: Self.highScreen)
                try await client.shutdown()
                #expect(status == 201)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
                #expect(object["tier"] as? String == "high")
                #expect(await receiver.waitFor(count: 1))
            }
            let page = try #require(receiver.received.first)
            let signer = try StandardWebhookSigner(secret: TestDaemon.oncallSecret)
            let id = try #require(page.headers["webhook-id"])
            let timestamp = try #require(Int(page.headers["webhook-timestamp"] ?? ""))
            #expect(signer.verify(id: id, timestamp: timestamp, body: page.body, header: page.headers["webhook-signature"] ?? ""))
            let payload = try #require(try JSONSerialization.jsonObject(with: Data(page.body)) as? [String: Any])
            #expect(payload["type"] as? String == "crisis.episode.triggered")
            let data = try #require(payload["data"] as? [String: Any])
            #expect(Set(data.keys) == ["ref", "tier", "domain", "action", "deadline", "site", "summary", "link"])
            #expect(data["tier"] as? String == "high")
            #expect(data["action"] as? String == "stat")
            #expect((data["link"] as? String)?.hasPrefix("https://crisis.example.test/") == true)
            let text = String(decoding: page.body, as: UTF8.self)
            #expect(!text.contains("MRN-LIVE-5521") && !text.contains("1.2.3.4"))
        }
    }

    /// The client below can speak TLS 1.1 (proven against a server that allows it); crisisd refuses it.
    @Test func tls11IsRefusedByTheServer() async throws {
        let daemon = try await TestDaemon.make()
        let chain = try daemon.serverChain
        let key = try NIOSSLPrivateKey(file: "\(daemon.dataDir)/tls/dev-key.pem", format: .pem)
        let tls11Client = try daemon.httpsClient { tls in
            tls.minimumTLSVersion = .tlsv1
            tls.maximumTLSVersion = .tlsv11
        }
        // Control: a permissive server with the same certificate accepts this client.
        var permissive = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        permissive.minimumTLSVersion = .tlsv1
        let control = try await Self.runPlainTLSServer(permissive) { port in
            let response = try await tls11Client.execute(HTTPClientRequest(url: "https://localhost:\(port)/ping"), timeout: .seconds(10))
            return response.status.code
        }
        #expect(control == 200)
        try await daemon.runLive { port in
            await #expect(throws: (any Error).self) {
                _ = try await tls11Client.execute(HTTPClientRequest(url: "https://localhost:\(port)/healthz"), timeout: .seconds(10))
            }
            let modern = try daemon.httpsClient()
            let response = try await modern.execute(HTTPClientRequest(url: "https://localhost:\(port)/healthz"), timeout: .seconds(10))
            #expect(response.status.code == 200)
            try await modern.shutdown()
        }
        try await tls11Client.shutdown()
    }

    @Test func mutualTLSRefusesAClientWithoutACertificate() async throws {
        let pki = try TestPKI()
        let folder = RepositoryPaths.temporaryDirectory()
        try pki.caPEM.write(toFile: "\(folder)/ca.pem", atomically: true, encoding: .utf8)
        let daemon = try await TestDaemon.make {
            $0.clientCAFile = "\(folder)/ca.pem"
            $0.clientAuth = .required
        }
        try await daemon.runLive { port in
            let anonymous = try daemon.httpsClient()
            await #expect(throws: (any Error).self) {
                _ = try await anonymous.execute(HTTPClientRequest(url: "https://localhost:\(port)/healthz"), timeout: .seconds(10))
            }
            try await anonymous.shutdown()
            let identified = try daemon.httpsClient { tls in
                tls.certificateChain = [.certificate(pki.clientCertificate)]
                tls.privateKey = .privateKey(pki.clientKey)
            }
            let response = try await identified.execute(HTTPClientRequest(url: "https://localhost:\(port)/healthz"), timeout: .seconds(10))
            #expect(response.status.code == 200)
            try await identified.shutdown()
        }
    }

    @Test func aMappedClientCertificateActsAsItsRegisteredClient() async throws {
        let pki = try TestPKI()
        let folder = RepositoryPaths.temporaryDirectory()
        try pki.caPEM.write(toFile: "\(folder)/ca.pem", atomically: true, encoding: .utf8)
        let daemon = try await TestDaemon.make {
            $0.clientCAFile = "\(folder)/ca.pem"
            $0.clientAuth = .optional
        }
        let key = ES384PrivateKey()
        let parameters = try #require(key.publicKey.parameters)
        try await daemon.server.store.register(
            RegisteredClient(
                id: "cli_mtls", kind: .smart, name: "mtls", principalID: PrincipalID("prn_mtls"),
                jwks: #"{"keys": [{"kty": "EC", "crv": "P-384", "kid": "k", "x": "\#(parameters.x)", "y": "\#(parameters.y)"}]}"#,
                allowedScopes: AccessScope.parseList("system/RiskAssessment.rs").scopes, tlsSubject: "CN=ehr-test", tenant: nil,
                createdAt: Date()))
        let search = "/fhir/RiskAssessment?subject:identifier=urn:x%7C1"
        try await daemon.runLive { port in
            let anonymous = try daemon.httpsClient()
            let refused = try await anonymous.execute(HTTPClientRequest(url: "https://localhost:\(port)\(search)"), timeout: .seconds(10))
            #expect(refused.status.code == 401)
            try await anonymous.shutdown()
            let identified = try daemon.httpsClient { tls in
                tls.certificateChain = [.certificate(pki.clientCertificate)]
                tls.privateKey = .privateKey(pki.clientKey)
            }
            let allowed = try await identified.execute(HTTPClientRequest(url: "https://localhost:\(port)\(search)"), timeout: .seconds(10))
            #expect(allowed.status.code == 200)
            // Only the registered scopes: reading a QuestionnaireResponse is not among them.
            let outside = try await identified.execute(
                HTTPClientRequest(url: "https://localhost:\(port)/fhir/QuestionnaireResponse/qr-x"), timeout: .seconds(10))
            #expect(outside.status.code == 403)
            _ = try await daemon.server.store.revokeClient(name: "mtls", at: Date())
            let revoked = try await identified.execute(HTTPClientRequest(url: "https://localhost:\(port)\(search)"), timeout: .seconds(10))
            #expect(revoked.status.code == 401)
            try await identified.shutdown()
        }
    }

    /// A bare Hummingbird TLS server answering 200, for control experiments.
    static func runPlainTLSServer<T: Sendable>(_ tls: TLSConfiguration, _ body: @Sendable (Int) async throws -> T) async throws -> T {
        let router = Router()
        router.get("ping") { _, _ in "pong" }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "control")
        logger.logLevel = .error
        let app = Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        return try await withRunningService(app) {
            var iterator = ports.makeAsyncIterator()
            return try await body(await iterator.next() ?? 0)
        }
    }
}

/// A throwaway CA and a client certificate it issued, for mutual TLS tests.
struct TestPKI {
    let caPEM: String
    let clientCertificate: NIOSSLCertificate
    let clientKey: NIOSSLPrivateKey

    init() throws {
        let now = Date()
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("crisisd test CA") }
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey), notValidBefore: now - 300,
            notValidAfter: now + 3600, issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true))
            }, issuerPrivateKey: .init(caKey))
        let clientKey = P256.Signing.PrivateKey()
        let client = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(clientKey.publicKey), notValidBefore: now - 300,
            notValidAfter: now + 3600, issuer: caName, subject: try DistinguishedName { CommonName("ehr-test") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
            }, issuerPrivateKey: .init(caKey))
        caPEM = try ca.serializeAsPEM().pemString
        clientCertificate = try NIOSSLCertificate(bytes: Array(try client.serializeAsPEM().pemString.utf8), format: .pem)
        self.clientKey = try NIOSSLPrivateKey(bytes: Array(clientKey.pemRepresentation.utf8), format: .pem)
    }
}
