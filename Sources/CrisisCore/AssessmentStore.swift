import Foundation

/// A submission ready to be committed together with the pages it triggers.
public struct AssessmentSubmission: Sendable {
    public var assessment: Assessment
    public var pages: [OutboxMessage]
    /// Client-chosen retry key, scoped to the submitting principal.
    public var idempotencyKey: String?
    /// Digest of the request body, so a reused key with a different body is refused.
    public var requestDigest: String
    /// Given the subject's open episode in the screen's domain (if any), the episode change to commit with the
    /// screen: open one, join one, or nothing. Runs inside the commit's transaction.
    public var escalate: (@Sendable (Episode?) -> EpisodeCommit?)?
    /// The document the screen arrived as (a FHIR QuestionnaireResponse), kept with it.
    public var source: SourceDocument?

    public init(
        assessment: Assessment, pages: [OutboxMessage], idempotencyKey: String?, requestDigest: String,
        escalate: (@Sendable (Episode?) -> EpisodeCommit?)? = nil, source: SourceDocument? = nil
    ) {
        self.source = source
        self.assessment = assessment
        self.pages = pages
        self.idempotencyKey = idempotencyKey
        self.requestDigest = requestDigest
        self.escalate = escalate
    }
}

/// A screen as it arrived in a standard format, stored beside the assessment (e.g. a FHIR QuestionnaireResponse).
public struct SourceDocument: Sendable, Hashable {
    /// Resource type, e.g. `QuestionnaireResponse`.
    public var type: String
    public var id: String
    public var body: [UInt8]

    public init(type: String, id: String, body: [UInt8]) {
        self.type = type
        self.id = id
        self.body = body
    }
}

/// What committing a submission did.
public enum SubmissionOutcome: Sendable {
    /// Stored now, with the episode it opened or joined and its pages, in the same transaction.
    case created(Assessment, episode: Episode?, pages: [OutboxMessage])
    /// The idempotency key was used before with the same body: the earlier assessment, nothing new stored.
    case replayed(Assessment, episode: Episode?, pages: [OutboxMessage])
    /// The idempotency key was used before with a different body.
    case idempotencyConflict
}

/// Durable storage of assessments (port; SQLite and PostgreSQL implement it).
public protocol AssessmentStore: Sendable {
    /// Commits the assessment and its pages in one durable transaction, or replays an earlier one.
    func submit(_ submission: AssessmentSubmission) async throws -> SubmissionOutcome
    func assessment(id: AssessmentID) async throws -> Assessment?
    /// Pages enqueued for an assessment, in creation order.
    func pages(for id: AssessmentID) async throws -> [OutboxMessage]
    /// The episode the assessment opened or joined, if any.
    func episode(forAssessment id: AssessmentID) async throws -> Episode?
    /// The stored document of this type and id, with the assessment it produced.
    func sourceDocument(type: String, id: String) async throws -> (SourceDocument, AssessmentID)?
    /// The document of this type an assessment arrived as.
    func sourceDocument(type: String, forAssessment id: AssessmentID) async throws -> SourceDocument?
    /// A subject's assessments, newest first.
    func assessments(for subject: SubjectIdentifier, limit: Int) async throws -> [Assessment]
}

/// The durable outbox the sender drains (port).
public protocol OutboxStore: Sendable {
    /// Pending pages whose next attempt is due at `now`, oldest first.
    func duePages(now: Date, limit: Int) async throws -> [OutboxMessage]
    /// The earliest next attempt among pending pages.
    func nextAttemptDate() async throws -> Date?
    /// Each mark also appends a delivery attempt to the page's episode timeline, in the same transaction.
    func markDelivered(_ page: OutboxMessage, at: Date) async throws
    func markRetry(_ page: OutboxMessage, reason: String, at: Date, nextAttemptAt: Date) async throws
    func markFailed(_ page: OutboxMessage, reason: String, at: Date) async throws
    /// Enqueues the page to the next alternate channel and clears the failing page's alternates, in one transaction.
    func handOn(_ next: OutboxMessage, from failing: PageID) async throws
    /// Enqueues pages that belong to no episode (operational alerts such as the watchdog's).
    func enqueue(_ pages: [OutboxMessage]) async throws
    func pendingCount() async throws -> Int
    /// Makes every pending page due at `date` (used at start: a restart is a reason to try again now).
    /// Returns how many pages are pending.
    func rescheduleAllPending(at date: Date) async throws -> Int
}

/// Inbound webhook deliveries already acted on, so a redelivery is acknowledged without acting twice (port).
public protocol InboundWebhookStore: Sendable {
    func hasSeen(source: String, id: String) async throws -> Bool
    func recordSeen(source: String, id: String, at: Date) async throws
}

/// Stored API tokens: only a hash of each token is kept (port).
public protocol TokenStore: Sendable {
    func createToken(name: String, role: Role, tokenHash: String, principalID: PrincipalID, at: Date) async throws
    /// Revokes by name; false when no active token has that name.
    func revokeToken(name: String, at: Date) async throws -> Bool
    func principal(forTokenHash hash: String) async throws -> Principal?
    func tokens() async throws -> [TokenSummary]
}

/// A token as listed by `crisisd token list` (never the token itself).
public struct TokenSummary: Sendable, Hashable {
    public var name: String
    public var role: Role
    public var createdAt: Date
    public var revokedAt: Date?

    public init(name: String, role: Role, createdAt: Date, revokedAt: Date?) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Errors a store reports; messages are safe to show.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case duplicateName(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .duplicateName(let name): "an active entry named \(name) already exists"
        case .unavailable(let reason): "database unavailable: \(reason)"
        }
    }
}
