import AsyncHTTPClient
import CrisisCore
import EscalationEngine
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Notify
import RiskRules
import ServiceLifecycle
import Synchronization
import UnixSignals
import Storage
import Web
import Workflow

/// Composition root: builds the store, definitions, channels, services and HTTP server from a configuration.
struct CrisisServer {
    struct StartupError: Error, CustomStringConvertible {
        var description: String
    }

    let configuration: CrisisConfiguration
    let store: SQLiteStore
    let registry: DefinitionsRegistry
    let httpClient: HTTPClient
    let application: Application<RouterResponder<AppRequestContext>>
    let sender: OutboxSender
    /// What the router was built from (tests rebuild the router to list its routes).
    let dependencies: WebDependencies

    /// Everything `serve` does before listening; throws with a message for the operator on any fatal problem.
    static func build(
        configuration: CrisisConfiguration, protocolsDirectory: String, escalationDirectory: String, development: Bool,
        environment: [String: String], logger: Logger, clock: any WallClock = SystemWallClock(),
        metricsText: @escaping @Sendable () -> [UInt8] = { [] },
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> CrisisServer {
        try FileManager.default.createDirectory(
            atPath: configuration.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try SQLiteStore(path: configuration.databasePath)
        // Proofs are cached by file hash in the data dir, so only a changed protocol is enumerated again.
        let loader = DefinitionsLoader(
            protocolsDirectory: protocolsDirectory, escalationDirectory: escalationDirectory,
            proofs: ProofCache(path: "\(configuration.dataDir)/protocol-proofs.json"), licences: store, mode: configuration.mode,
            logger: logger.with("component", "definitions"))
        let definitions: Definitions
        switch await loader.load() {
        case .rejected(let diagnostics):
            try? store.close()
            throw StartupError(description: diagnostics.filter { $0.severity == .error }.map(\.description).joined(separator: "\n"))
        case .reloaded(let loaded, let warnings):
            for diagnostic in warnings { logger.warning("definitions.warning", metadata: ["diagnostic": "\(diagnostic)"]) }
            definitions = loaded
        }
        guard !definitions.protocols.ids.isEmpty else {
            try? store.close()
            throw StartupError(description: "no protocol is usable: record licence evidence (`crisisd licence record`) or use development mode")
        }
        let plan = definitions.escalation

        // The process-wide client lives as long as the process, so it needs no shutdown of its own.
        let httpClient = HTTPClient.shared
        let wiring = ReceiverWiring.notifiers(for: plan, environment: environment, client: httpClient)
        guard wiring.errors.isEmpty else {
            try? store.close()
            throw StartupError(description: wiring.errors.joined(separator: "\n"))
        }
        for (name, missing) in wiring.unconfigured {
            logger.warning("receiver.unconfigured", metadata: ["receiver.name": "\(name)", "env.missing": "\(missing.joined(separator: ","))"])
        }
        let uncovered = ReceiverWiring.uncoveredTiers(plan, live: Set(wiring.notifiers.keys))
        if !uncovered.isEmpty && !development {
            try? store.close()
            throw StartupError(
                description: "routed tiers have no live receiver (\(uncovered.joined(separator: "; "))): set the receivers' "
                    + "environment variables (see Escalation/receivers.yaml) or start with --dev")
        }

        let registry = DefinitionsRegistry(definitions)
        let signal = WakeSignal()
        let escalationSignal = WakeSignal()
        let ids = RandomIdentifierGenerator()
        let composer = PageComposer(publicURL: configuration.effectivePublicURL)
        // The sender and the use cases refer to each other (pages just committed go straight to the sender;
        // a round whose pages all failed goes back to the engine), so the sender is built first around a box.
        let actBox = ActOnEpisodeBox()
        let sender = OutboxSender(
            store: store, notifiers: wiring.notifiers, clock: clock, ids: ids, signal: signal,
            logger: logger.with("component", "outbox"), roundMayHaveFailed: { id in await actBox.act?.reconcile(id) })
        let act = ActOnEpisode(
            registry: registry, store: store, composer: composer, clock: clock, ids: ids, outbox: signal,
            committed: { sender.committed($0) }, safetyPlans: store, logger: logger.with("component", "escalation"))
        actBox.act = act
        let submit = SubmitAssessment(
            registry: registry, store: store, composer: composer, clock: clock, ids: ids, signal: signal,
            escalation: escalationSignal, committed: { sender.committed($0) }, logger: logger.with("component", "intake"))
        let ticker = EscalationTicker(
            act: act, store: store, clock: clock, signal: escalationSignal, logger: logger.with("component", "escalation"))
        let watchdog = EscalationWatchdog(
            episodes: store, outbox: store, receivers: configuration.watchdogReceivers, composer: composer, clock: clock, ids: ids,
            signal: signal, logger: logger.with("component", "watchdog"))
        var services: [any Service] = [sender, ticker, watchdog]
        if let heartbeat = configuration.heartbeatURL {
            services.append(
                HeartbeatPinger(
                    url: heartbeat, interval: .seconds(configuration.heartbeatInterval), client: httpClient,
                    logger: logger.with("component", "heartbeat")))
        }
        let verifyPagerDuty = configuration.pagerDutyWebhookSecret.map { secret -> @Sendable (String, [UInt8]) -> Bool in
            let verifier = PagerDutyWebhookVerifier(secret: secret)
            return { header, body in verifier.isValid(signatureHeader: header, body: body) }
        }
        let liveReceivers = Set(wiring.notifiers.keys)
        let reload = ReloadDefinitions(loader: loader, registry: registry, logger: logger.with("component", "definitions"))
        var dependencies = WebDependencies(
            submit: submit, assessments: store, authenticate: AuthenticateToken(store: store, clients: store, now: { clock.now() }),
            readiness: {
                let definitions = registry.current
                return [
                    ("database", await store.isHealthy()),
                    ("protocols", !definitions.protocols.ids.isEmpty),
                    ("receivers", development || ReceiverWiring.uncoveredTiers(definitions.escalation, live: liveReceivers).isEmpty),
                ]
            },
            metricsText: metricsText, maxBodyBytes: configuration.maxBodyBytes, registry: registry,
            publicURL: configuration.effectivePublicURL, reload: reload, overrides: store,
            overrideTier: OverrideTier(
                assessments: store, overrides: store, clock: clock, ids: ids,
                escalation: .init(registry: registry, composer: composer, outbox: signal, ticker: escalationSignal),
                logger: logger.with("component", "judgment")),
            episodes: store, inboundWebhooks: store, actOnEpisode: act, verifyPagerDuty: verifyPagerDuty)
        dependencies.issueAccessToken = IssueAccessToken(
            clients: store, tokenURL: "\(configuration.effectivePublicURL)/auth/token", now: { clock.now() })
        let summarize = SummarizeRisk(assessments: store, overrides: store, episodes: store, safetyPlans: store)
        dependencies.cdsHooks = (verify: VerifyCDSClient(clients: store, now: { clock.now() }), summarize: summarize, feedback: store)
        dependencies.safetyPlans = ManageSafetyPlans(
            registry: registry, store: store, assessments: store, summarize: summarize, clock: clock, ids: ids)
        // The UI is served when its templates are installed beside the binary; intake and paging never depend on it.
        do {
            let (templates, stylesheet, boardScript) = try await UIDependencies.loadTemplates()
            dependencies.ui = UIDependencies(
                signIn: SignIn(
                    users: store,
                    // bcrypt (a quarter of a second) on NIO's blocking pool, as HummingbirdBcrypt advises, never on
                    // the threads that serve intake.
                    verify: { password, hash in
                        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash ?? PasswordHashing.decoy) }
                    },
                    idleTimeout: TimeInterval(configuration.uiIdleTimeout), clock: clock),
                users: store, statistics: store, templates: templates, stylesheet: stylesheet,
                boardScript: boardScript, secureCookies: configuration.tlsEnabled)
        } catch {
            logger.error("ui.templates_missing", metadata: ["hint": "install crisisd_Web.resources beside the binary"])
        }
        if configuration.tlsEnabled && configuration.clientAuth != .none {
            dependencies.tlsPeerSubject = TLSPeerIdentity.subject(of:)
        }

        let server: HTTPServerBuilder
        if configuration.tlsEnabled {
            let certificate: String
            let key: String
            if let certFile = configuration.certFile, let keyFile = configuration.keyFile {
                (certificate, key) = (certFile, keyFile)
            } else {
                let files = try DevelopmentCertificate.ensure(in: configuration.dataDir, now: clock.now())
                logger.warning(
                    "tls.development_certificate",
                    metadata: ["tls.fingerprint_sha256": "\(files.fingerprint)", "tls.cert_file": "\(files.certificate)",
                               "tls.trust_file": "\(files.authority)", "tls.created": "\(files.created)"])
                (certificate, key) = (files.certificate, files.key)
            }
            let tls = try TLSSettings.server(
                certificatePEMFile: certificate, keyPEMFile: key, clientCAFile: configuration.clientCAFile,
                clientAuth: configuration.clientAuth)
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            logger.warning("tls.disabled", metadata: ["listen.host": "\(configuration.host)"])
            server = .http1()
        }
        let application = Application(
            router: buildRouter(dependencies), server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "crisisd"),
            services: services + [DefinitionsReloader(reload: reload)],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                logger.notice("server.listening", metadata: ["listen.port": "\(port)", "tls": "\(configuration.tlsEnabled)"])
                await onServerRunning(port)
            },
            logger: logger.with("component", "http"))
        return CrisisServer(
            configuration: configuration, store: store, registry: registry, httpClient: httpClient, application: application,
            sender: sender, dependencies: dependencies)
    }

    /// Runs until SIGTERM/SIGINT: stops accepting, finishes in-flight requests and the current outbox pass,
    /// then closes the database.
    func run(logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? store.close()
            throw error
        }
        try store.close()
        logger.notice("server.stopped")
    }
}

extension Logger {
    /// A copy with one more metadata entry.
    func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy[metadataKey: key] = "\(value)"
        return copy
    }
}

/// Lets the outbox sender call back into `ActOnEpisode`, which is built after it; set once during `build`.
private final class ActOnEpisodeBox: Sendable {
    private let value = Mutex<ActOnEpisode?>(nil)

    var act: ActOnEpisode? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
