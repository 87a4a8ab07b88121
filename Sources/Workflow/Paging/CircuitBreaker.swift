import Foundation

/// Per-receiver circuit breaker: after `threshold` consecutive failures the receiver is skipped for
/// `openFor` seconds (its pages hand on to alternate channels at once), then one attempt probes it.
public struct CircuitBreaker: Sendable, Hashable {
    public var threshold: Int
    public var openFor: TimeInterval
    public private(set) var consecutiveFailures = 0
    public private(set) var openUntil: Date?

    public init(threshold: Int = 5, openFor: TimeInterval = 30) {
        self.threshold = threshold
        self.openFor = openFor
    }

    /// Whether the receiver should be skipped at `now`.
    public func isOpen(at now: Date) -> Bool { openUntil.map { now < $0 } ?? false }

    public mutating func recordSuccess() {
        consecutiveFailures = 0
        openUntil = nil
    }

    /// Counts a failure; returns true when this failure opened the breaker.
    @discardableResult
    public mutating func recordFailure(at now: Date) -> Bool {
        consecutiveFailures += 1
        guard consecutiveFailures >= threshold, !isOpen(at: now) else { return false }
        openUntil = now.addingTimeInterval(openFor)
        return true
    }
}
