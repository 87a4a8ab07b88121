import Foundation

/// Exponential backoff with jitter, capped so a page is never held back longer than the cap.
public struct RetryPolicy: Sendable {
    public var base: TimeInterval
    public var cap: TimeInterval
    /// Failed attempts after which the route's fallback receiver is paged as well.
    public var fallbackAfterAttempts: Int

    public init(base: TimeInterval = 1, cap: TimeInterval = 30, fallbackAfterAttempts: Int = 4) {
        self.base = base
        self.cap = cap
        self.fallbackAfterAttempts = fallbackAfterAttempts
    }

    /// Delay before the next attempt after `attempts` failures; a receiver's `Retry-After` is honoured up to the cap.
    public func delay(afterAttempts attempts: Int, retryAfter: TimeInterval?, random: Double) -> TimeInterval {
        let exponential = min(cap, base * pow(2, Double(max(0, attempts - 1))))
        // Jitter in [50%, 100%] of the exponential delay spreads retries from many pages.
        let jittered = exponential * (0.5 + 0.5 * min(max(random, 0), 1))
        return min(cap, max(jittered, retryAfter ?? 0))
    }
}
