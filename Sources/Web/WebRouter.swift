import CrisisCore
import Hummingbird
import NIOCore
import Workflow

/// Everything the HTTP surface needs, wired by the composition root.
public struct WebDependencies: Sendable {
    public var submit: SubmitAssessment
    public var assessments: any AssessmentStore
    public var authenticate: AuthenticateToken
    public var readiness: @Sendable () async -> [(name: String, ok: Bool)]
    public var metricsText: @Sendable () -> [UInt8]
    public var maxBodyBytes: Int
    public var registry: DefinitionsRegistry
    /// Base of canonical URLs (`public_url`).
    public var publicURL: String
    public var reload: ReloadDefinitions
    public var overrides: any OverrideStore
    public var overrideTier: OverrideTier
    public var episodes: any EpisodeStore
    public var inboundWebhooks: any InboundWebhookStore
    public var actOnEpisode: ActOnEpisode
    /// Verifies PagerDuty webhooks; `nil` when no secret is configured (the route is then absent).
    public var verifyPagerDuty: (@Sendable (String, [UInt8]) -> Bool)?
    /// Subject DN of a connection's verified client certificate (mutual TLS); `nil` without TLS client auth.
    public var tlsPeerSubject: (@Sendable (any Channel) async -> String?)? = nil
    /// The SMART token endpoint's use case; `nil` leaves `/auth/token` out.
    public var issueAccessToken: IssueAccessToken? = nil
    /// CDS Hooks: caller verification, the risk summary cards are made from, and where feedback goes; `nil`
    /// leaves `/cds-services` out.
    public var cdsHooks: (verify: VerifyCDSClient, summarize: SummarizeRisk, feedback: any CDSFeedbackStore)? = nil
    /// Safety plans (`/api/v1/safety-plans`, `/fhir/CarePlan`); `nil` leaves them out.
    public var safetyPlans: ManageSafetyPlans? = nil
    /// The server-rendered UI (`/login`, `/board`); `nil` leaves it out.
    public var ui: UIDependencies? = nil

    public init(
        submit: SubmitAssessment, assessments: any AssessmentStore, authenticate: AuthenticateToken,
        readiness: @escaping @Sendable () async -> [(name: String, ok: Bool)], metricsText: @escaping @Sendable () -> [UInt8],
        maxBodyBytes: Int, registry: DefinitionsRegistry, publicURL: String, reload: ReloadDefinitions,
        overrides: any OverrideStore, overrideTier: OverrideTier, episodes: any EpisodeStore,
        inboundWebhooks: any InboundWebhookStore, actOnEpisode: ActOnEpisode,
        verifyPagerDuty: (@Sendable (String, [UInt8]) -> Bool)?
    ) {
        self.episodes = episodes
        self.inboundWebhooks = inboundWebhooks
        self.actOnEpisode = actOnEpisode
        self.verifyPagerDuty = verifyPagerDuty
        self.submit = submit
        self.assessments = assessments
        self.authenticate = authenticate
        self.readiness = readiness
        self.metricsText = metricsText
        self.maxBodyBytes = maxBodyBytes
        self.registry = registry
        self.publicURL = publicURL
        self.reload = reload
        self.overrides = overrides
        self.overrideTier = overrideTier
    }
}

/// Builds the router: health endpoints open, every `/api` route behind a bearer token.
public func buildRouter(_ dependencies: WebDependencies) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let authenticator = RequestAuthenticator(authenticate: dependencies.authenticate, tlsPeerSubject: dependencies.tlsPeerSubject)
    router.add(middleware: AccessLogMiddleware())
    router.add(middleware: MetricsMiddleware())
    HealthController(readiness: dependencies.readiness, metricsText: dependencies.metricsText).addRoutes(to: router)
    // FHIR checks its own tokens so that every error is an OperationOutcome; Questionnaires and the
    // CapabilityStatement are not patient data and need none.
    FHIRController(
        registry: dependencies.registry, publicURL: dependencies.publicURL, assessments: dependencies.assessments,
        overrides: dependencies.overrides, authenticate: authenticator, submit: dependencies.submit,
        maxBodyBytes: dependencies.maxBodyBytes, safetyPlans: dependencies.safetyPlans
    ).addRoutes(to: router)
    if let issue = dependencies.issueAccessToken {
        SMARTController(issue: issue, publicURL: dependencies.publicURL, maxBodyBytes: dependencies.maxBodyBytes).addRoutes(to: router)
    }
    if let cds = dependencies.cdsHooks {
        CDSHooksController(
            verify: cds.verify, summarize: cds.summarize, feedback: cds.feedback, registry: dependencies.registry,
            publicURL: dependencies.publicURL, maxBodyBytes: dependencies.maxBodyBytes
        ).addRoutes(to: router)
    }
    if let ui = dependencies.ui {
        SignInController(ui: ui, maxBodyBytes: dependencies.maxBodyBytes).addRoutes(to: router)
        BoardController(
            ui: ui, episodes: dependencies.episodes, act: dependencies.actOnEpisode, registry: dependencies.registry,
            maxBodyBytes: dependencies.maxBodyBytes
        ).addRoutes(to: router)
        ScreenController(
            ui: ui, submit: dependencies.submit, assessments: dependencies.assessments, episodes: dependencies.episodes,
            registry: dependencies.registry, overrideTier: dependencies.overrideTier, overrides: dependencies.overrides, maxBodyBytes: dependencies.maxBodyBytes
        ).addRoutes(to: router)
        DashboardController(ui: ui, statistics: ui.statistics).addRoutes(to: router)
        ClientController(
            ui: ui, assessments: dependencies.assessments, overrides: dependencies.overrides, safetyPlans: dependencies.safetyPlans,
            registry: dependencies.registry, maxBodyBytes: dependencies.maxBodyBytes
        ).addRoutes(to: router)
        if let safetyPlans = dependencies.safetyPlans {
            PlanController(
                ui: ui, manage: safetyPlans, assessments: dependencies.assessments, registry: dependencies.registry,
                maxBodyBytes: dependencies.maxBodyBytes
            ).addRoutes(to: router)
        }
    }
    // The API's own description is public, like a CapabilityStatement.
    router.get("api/v1/openapi.json") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
    let api = router.group("api/v1").add(middleware: BearerAuthMiddleware(authenticate: authenticator))
    IntakeController(
        submit: dependencies.submit, assessments: dependencies.assessments, overrides: dependencies.overrides,
        maxBodyBytes: dependencies.maxBodyBytes
    ).addRoutes(to: api)
    OverrideController(overrideTier: dependencies.overrideTier, maxBodyBytes: dependencies.maxBodyBytes).addRoutes(to: api)
    AdminController(reload: dependencies.reload).addRoutes(to: api)
    if let safetyPlans = dependencies.safetyPlans {
        SafetyPlanController(manage: safetyPlans, registry: dependencies.registry, maxBodyBytes: dependencies.maxBodyBytes).addRoutes(to: api)
    }
    EpisodeController(episodes: dependencies.episodes, act: dependencies.actOnEpisode, maxBodyBytes: dependencies.maxBodyBytes)
        .addRoutes(to: api)
    // PagerDuty authenticates by signature, not by bearer token.
    if let verify = dependencies.verifyPagerDuty {
        PagerDutyWebhookController(
            verify: verify, seen: dependencies.inboundWebhooks, act: dependencies.actOnEpisode, maxBodyBytes: dependencies.maxBodyBytes
        ).addRoutes(to: router)
    }
    router.add(middleware: UnmatchedRouteMiddleware(routes: router.routes.map { ($0.path, $0.method) }))
    return router
}
