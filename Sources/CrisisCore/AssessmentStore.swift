import Foundation

/// A submission ready to be committed together with the pages it triggers.
public struct AssessmentSubmission: Sendable {
    public var assessment: Assessment
    public var pages: [OutboxMessage]
    /// Client-chosen retry key, scoped to the submitting principal.
    public var idempotencyKey: String?
    /// Digest of the request body, so a reused key with a different body is refused.
    public var requestDigest: String

    public init(assessment: Assessment, pages: [OutboxMessage], idempotencyKey: String?, requestDigest: String) {
        self.assessment = assessment
        self.pages = pages
        self.idempotencyKey = idempotencyKey
        self.requestDigest = requestDigest
    }
}

/// What committing a submission did.
public enum SubmissionOutcome: Sendable {
    /// Stored now, pages enqueued in the same transaction.
    case created(Assessment, pages: [OutboxMessage])
    /// The idempotency key was used before with the same body: the earlier assessment, nothing new stored.
    case replayed(Assessment, pages: [OutboxMessage])
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
}

/// The durable outbox the sender drains (port).
public protocol OutboxStore: Sendable {
    /// Pending pages whose next attempt is due at `now`, oldest first.
    func duePages(now: Date, limit: Int) async throws -> [OutboxMessage]
    /// The earliest next attempt among pending pages.
    func nextAttemptDate() async throws -> Date?
    func markDelivered(_ id: PageID, at: Date) async throws
    func markRetry(_ id: PageID, reason: String, nextAttemptAt: Date) async throws
    func markFailed(_ id: PageID, reason: String, at: Date) async throws
    /// Enqueues a fallback page for a failing one and detaches the fallback from it, in one transaction.
    func enqueueFallback(_ fallback: OutboxMessage, replacing failing: PageID) async throws
    func pendingCount() async throws -> Int
    /// Makes every pending page due at `date` (used at start: a restart is a reason to try again now).
    /// Returns how many pages are pending.
    func rescheduleAllPending(at date: Date) async throws -> Int
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
        case .duplicateName(let name): "an active token named \(name) already exists"
        case .unavailable(let reason): "database unavailable: \(reason)"
        }
    }
}
