import CrisisCore

/// Pages a transition asks for: one event type to a list of deliveries.
public struct PageOrder: Sendable, Hashable {
    public enum Event: String, Sendable, Hashable {
        case triggered, escalated, acknowledged, resolved

        /// The Standard Webhooks event type (contract: "Outbound pages").
        public var type: String { "crisis.episode.\(rawValue)" }
    }

    public var event: Event
    public var deliveries: [Delivery]
    /// The paging round for pages to people; `nil` for status updates.
    public var firing: Int?
}

/// The result of one state-machine step: the new episode, what to record and what to send.
public struct EpisodeTransition: Sendable {
    public var episode: Episode
    public var events: [EpisodeEvent]
    public var pages: [PageOrder]
}
