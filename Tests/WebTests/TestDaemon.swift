import AsyncHTTPClient
import CrisisCore
import CrisisTestSupport
import Foundation
import Logging
import NIOSSL
import ServiceLifecycle
import Storage
import Workflow

@testable import crisisd

/// A real crisisd composition (real SQLite, real definitions, optional real TLS) in a temporary data dir.
struct TestDaemon {
    let server: CrisisServer
    let dataDir: String
    let capture: LogCapture

    static let supervisorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let oncallSecret = "whsec_dGVzdC1vbmNhbGwtc2VjcmV0LTEyMzQ1Njc4OTA="

    /// Builds the daemon; `environment` names receiver URLs, `tls` decides whether it serves HTTPS.
    static func make(
        environment: [String: String] = [:], tls: Bool = true, development: Bool = true,
        protocols: String = RepositoryPaths.protocols, escalation: String = RepositoryPaths.escalation,
        adjust: (inout CrisisConfiguration) -> Void = { _ in }
    ) async throws -> TestDaemon {
        let dataDir = RepositoryPaths.temporaryDirectory()
        var configuration = CrisisConfiguration()
        configuration.port = 0
        configuration.dataDir = dataDir
        configuration.tlsEnabled = tls
        configuration.publicURL = "https://crisis.example.test"
        adjust(&configuration)
        let capture = LogCapture()
        let server = try await CrisisServer.build(
            configuration: configuration, protocolsDirectory: protocols,
            escalationDirectory: escalation, development: development, environment: environment,
            logger: capture.logger(label: "crisisd"))
        return TestDaemon(server: server, dataDir: dataDir, capture: capture)
    }

    /// Creates a token with the given role and returns it.
    func token(role: Role, name: String? = nil) async throws -> String {
        let token = APITokens.generate()
        try await server.store.createToken(
            name: name ?? "test-\(role.rawValue)-\(UUID().uuidString.prefix(8))", role: role, tokenHash: APITokens.hash(token),
            principalID: PrincipalID("prn_\(UUID().uuidString)"), at: Date())
        return token
    }

    /// Runs the whole server (HTTP listener and outbox sender) on an ephemeral port for the duration of `body`.
    func runLive<T: Sendable>(_ body: @Sendable (Int) async throws -> T) async throws -> T {
        try await withRunningService(server.application) {
            try await body(try await Self.waitForPort(capture: capture))
        }
    }

    /// Reads the listening port from the `server.listening` log line.
    private static func waitForPort(capture: LogCapture) async throws -> Int {
        for _ in 0..<500 {
            if let line = capture.all.first(where: { $0.contains("server.listening") }),
                let range = line.range(of: "listen.port=")
            {
                let digits = line[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return port }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CrisisServer.StartupError(description: "server did not start")
    }

    /// The generated development CA, for clients to trust.
    var certificate: NIOSSLCertificate {
        get throws { try NIOSSLCertificate(file: "\(dataDir)/tls/dev-ca.pem", format: .pem) }
    }

    /// The server's certificate chain as served.
    var serverChain: [NIOSSLCertificate] {
        get throws { try NIOSSLCertificate.fromPEMFile("\(dataDir)/tls/dev-cert.pem") }
    }

    /// An HTTPS client that trusts only the development certificate.
    func httpsClient(configure: (inout TLSConfiguration) -> Void = { _ in }) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.trustRoots = .certificates([try certificate])
        configure(&tls)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    }
}
