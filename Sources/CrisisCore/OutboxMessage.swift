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
    public var episodeID: EpisodeID?
    /// The episode's paging round this page belongs to; `nil` for status updates and operational alerts.
    public var firing: Int?
    /// Staff handle of the person paged, when a person (not a channel) was the target.
    public var recipient: String?
    /// Event type, e.g. `crisis.episode.triggered`.
    public var eventType: String
    /// Page JSON (`{"type","timestamp","data"}`) built only from allow-listed, patient-free fields; each channel
    /// renders its wire format from it.
    public var body: [UInt8]
    public var status: Status
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date
    /// Safe reason of the last failed attempt (HTTP status or network error class).
    public var lastError: String?
    /// Channels that reach the same person, tried in order when this one fails for good or keeps failing;
    /// handed on (and cleared here) once the next one is enqueued.
    public var alternates: [String]

    public init(
        id: PageID, receiver: String, assessmentID: AssessmentID?, episodeID: EpisodeID? = nil, firing: Int? = nil,
        recipient: String? = nil, eventType: String, body: [UInt8], status: Status = .pending, attempts: Int = 0, createdAt: Date,
        nextAttemptAt: Date, lastError: String? = nil, alternates: [String] = []
    ) {
        self.id = id
        self.receiver = receiver
        self.assessmentID = assessmentID
        self.episodeID = episodeID
        self.firing = firing
        self.recipient = recipient
        self.eventType = eventType
        self.body = body
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.alternates = alternates
    }

    /// The page sent to the next alternate channel: same body, a new id, the remaining alternates.
    public func handedOn(id: PageID, now: Date) -> OutboxMessage? {
        guard let next = alternates.first else { return nil }
        return OutboxMessage(
            id: id, receiver: next, assessmentID: assessmentID, episodeID: episodeID, firing: firing, recipient: recipient,
            eventType: eventType, body: body, createdAt: now, nextAttemptAt: now, alternates: Array(alternates.dropFirst()))
    }
}
