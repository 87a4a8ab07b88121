import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// `crisisd healthcheck`: asks the local daemon's `/readyz`, for systemd, containers and monitors.
struct HealthcheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck", abstract: "Exit 0 when the local daemon answers /readyz with 200.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Port (default: listen.port from the configuration).")
    var port: Int?

    func run() async throws {
        let configuration = try database.load()
        let port = port ?? configuration.port
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        // Loopback check of our own server: trust its chain (or the development CA); the name is not checked,
        // since a production certificate names the public host, not localhost.
        tls.certificateVerification = .noHostnameVerification
        let trustFile = configuration.certFile ?? "\(configuration.dataDir)/tls/dev-ca.pem"
        if configuration.tlsEnabled, let chain = try? NIOSSLCertificate.fromPEMFile(trustFile), !chain.isEmpty {
            tls.trustRoots = .certificates(chain)
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let scheme = configuration.tlsEnabled ? "https" : "http"
        let host = configuration.host == "0.0.0.0" || configuration.host == "::" ? "127.0.0.1" : configuration.host
        var status: UInt = 0
        var body = ""
        do {
            let response = try await client.execute(HTTPClientRequest(url: "\(scheme)://\(host):\(port)/readyz"), timeout: .seconds(5))
            status = response.status.code
            body = String(buffer: try await response.body.collect(upTo: 64 * 1024))
        } catch {
            body = "cannot reach crisisd: \(type(of: error))\n"
        }
        try await client.shutdown()
        print(body, terminator: "")
        if status != 200 { throw ExitCode.failure }
    }
}
