import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus

/// `crisisd serve`: run the daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the daemon over HTTPS.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Port to listen on (overrides listen.port).")
    var port: Int?

    @Option(help: "Protocols folder.")
    var protocols = "./Protocols"

    @Option(help: "Escalation folder.")
    var escalation = "./Escalation"

    @Flag(help: "Development: start even when a routed tier has no configured receiver (pages wait in the outbox).")
    var dev = false

    func run() async throws {
        var configuration = try database.load()
        if let port { configuration.port = port }
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "crisisd")
        if dev { logger.warning("mode.dev", metadata: ["note": "pages to unconfigured receivers wait in the outbox"]) }
        let server: CrisisServer
        do {
            server = try await CrisisServer.build(
                configuration: configuration, protocolsDirectory: protocols, escalationDirectory: escalation, development: dev,
                environment: ProcessEnvironment.current, logger: logger,
                metricsText: {
                    var buffer: [UInt8] = []
                    registry.emit(into: &buffer)
                    return buffer
                })
        } catch {
            logger.critical("server.start_refused", metadata: ["reason": "\(error)"])
            throw ExitCode.failure
        }
        try await server.run(logger: logger)
    }
}
