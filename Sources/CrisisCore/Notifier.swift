import Foundation

/// What happened when a channel tried to deliver one page.
public enum DeliveryResult: Sendable, Hashable {
    case delivered
    /// Worth trying again (5xx, 429, network); `retryAfter` when the receiver asked for a pause.
    case retryableFailure(reason: String, retryAfter: TimeInterval?)
    /// Trying again will not help (4xx other than 408/429, bad configuration).
    case permanentFailure(reason: String)
}

/// One outbound channel (signed webhook, PagerDuty, Slack, e-mail): one method, one page.
public protocol Notifier: Sendable {
    func deliver(_ message: OutboxMessage, now: Date) async -> DeliveryResult
}
