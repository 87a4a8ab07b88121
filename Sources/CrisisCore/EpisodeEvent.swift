import Foundation

/// One entry in an episode's timeline, the clinical record of the escalation.
public struct EpisodeEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case triggered, joined, raised
        case stepFired = "step_fired"
        case noOneOnCall = "no_one_on_call"
        /// A schedule handed off while nobody had acknowledged: the incoming on-call was paged.
        case handedOver = "handed_over"
        case stepUnreachable = "step_unreachable"
        case noAcknowledgement = "no_acknowledgement"
        case finalFallback = "final_fallback"
        case acknowledged
        case acknowledgementTimedOut = "acknowledgement_timed_out"
        case deadlinePassed = "deadline_passed"
        case escalatedNow = "escalated_now"
        case resolved
        case resolvedElsewhere = "resolved_elsewhere"
        /// One delivery attempt of one page (recorded by the sender).
        case delivery
    }

    public var at: Date
    public var kind: Kind
    public var actor: EpisodeActor?
    /// Small string facts (step, receiver, result …); the resolution note is the only free text.
    public var detail: [String: String]

    public init(at: Date, kind: Kind, actor: EpisodeActor? = nil, detail: [String: String] = [:]) {
        self.at = at
        self.kind = kind
        self.actor = actor
        self.detail = detail
    }
}

/// Why an action on an episode was refused.
public enum EpisodeRefusal: Error, Sendable, Hashable {
    case alreadyResolved
    /// Design notes §3: closing needs a documented disposition.
    case dispositionRequired
    /// `not_at_risk` and `other` need the clinician's words.
    case noteRequired(Disposition)
}

/// An episode change ready to commit in one transaction: the new episode, its timeline entries, its pages.
public struct EpisodeCommit: Sendable {
    public var episode: Episode
    public var events: [EpisodeEvent]
    public var pages: [OutboxMessage]

    public init(episode: Episode, events: [EpisodeEvent], pages: [OutboxMessage]) {
        self.episode = episode
        self.events = events
        self.pages = pages
    }
}

/// Durable episodes and their timelines (port; SQLite implements it).
public protocol EpisodeStore: Sendable {
    func episode(id: EpisodeID) async throws -> Episode?
    /// The episode's timeline, oldest first, delivery attempts included.
    func timeline(id: EpisodeID) async throws -> [EpisodeEvent]
    /// Open episodes (or all, newest first), for the board and the API.
    func episodes(openOnly: Bool, limit: Int) async throws -> [Episode]
    /// The subject's open episodes (at most one per domain).
    func openEpisodes(subject: SubjectIdentifier) async throws -> [Episode]
    /// Open episodes whose next step is due at `now`.
    func dueEpisodes(now: Date, limit: Int) async throws -> [EpisodeID]
    func nextEpisodeDueDate() async throws -> Date?
    /// Reads the episode and whether every page of its current round failed, runs `change` inside the same write
    /// transaction and commits what it returns (nothing when it returns `nil`; a thrown error rolls back).
    func changeEpisode(_ id: EpisodeID, _ change: @escaping @Sendable (Episode, _ currentRoundFailed: Bool) throws -> EpisodeCommit?)
        async throws -> EpisodeCommit?
    /// The episode a PagerDuty dedup key names.
    func episodeID(forDedupKey key: String) async throws -> EpisodeID?
}
