import Foundation

/// A page waiting in (or delivered from) the durable outbox.
///
/// The body is rendered once, when the page is enqueued, so every resend carries identical bytes
/// and the same `id` (the receiver's idempotency key).
public struct OutboxMessage: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case pending, delivered, failed
    }

    public var id: PageID
    /// Name of the receiver in `Escalation/receivers.yaml`.
    public var receiver: String
    public var assessmentID: AssessmentID?
    /// Event type, e.g. `crisis.episode.triggered`.
    public var eventType: String
    /// JSON body exactly as it will be sent; built only from allow-listed, patient-free fields.
    public var body: [UInt8]
    public var status: Status
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date
    /// Safe reason of the last failed attempt (HTTP status or network error class).
    public var lastError: String?
    /// Receiver paged instead when this one keeps failing; cleared once that fallback page is enqueued.
    public var fallbackReceiver: String?

    public init(
        id: PageID, receiver: String, assessmentID: AssessmentID?, eventType: String, body: [UInt8],
        status: Status = .pending, attempts: Int = 0, createdAt: Date, nextAttemptAt: Date, lastError: String? = nil,
        fallbackReceiver: String? = nil
    ) {
        self.id = id
        self.receiver = receiver
        self.assessmentID = assessmentID
        self.eventType = eventType
        self.body = body
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.fallbackReceiver = fallbackReceiver
    }
}
