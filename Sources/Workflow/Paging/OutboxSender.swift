import CrisisCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Drains the durable outbox: delivers each due page through its receiver's notifier, with backoff and fallback.
///
/// Delivery is at least once: a page is marked delivered only after the receiver's 2xx, so a crash mid-send
/// resends it after restart with the same id (the receiver's idempotency key).
public struct OutboxSender: Service {
    private let store: any OutboxStore
    private let notifiers: [String: any Notifier]
    private let clock: any WallClock
    private let ids: any IdentifierGenerator
    private let signal: OutboxSignal
    private let policy: RetryPolicy
    private let tick: Duration
    private let logger: Logger

    public init(
        store: any OutboxStore, notifiers: [String: any Notifier], clock: any WallClock, ids: any IdentifierGenerator,
        signal: OutboxSignal, policy: RetryPolicy = RetryPolicy(), tick: Duration = .seconds(1), logger: Logger
    ) {
        self.store = store
        self.notifiers = notifiers
        self.clock = clock
        self.ids = ids
        self.signal = signal
        self.policy = policy
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        // Pages left pending by a previous run (crash, kill -9, restart) are due now, not after their old backoff.
        do {
            let pending = try await store.rescheduleAllPending(at: clock.now())
            if pending > 0 { logger.notice("outbox.resumed", metadata: ["outbox.pending": "\(pending)"]) }
        } catch {
            logger.error("outbox.read_failed", metadata: ["error.type": "\(type(of: error))"])
        }
        // On graceful shutdown the current pass finishes; the loop then ends and undelivered pages stay pending.
        try await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                await drain()
                await signal.wait(atMost: await waitDuration())
            }
        } onGracefulShutdown: {
            signal.notify()
        }
    }

    /// Delivers every page that is due now; returns how many attempts were made.
    @discardableResult
    public func drain() async -> Int {
        let due: [OutboxMessage]
        do {
            due = try await store.duePages(now: clock.now(), limit: 100)
        } catch {
            logger.error("outbox.read_failed", metadata: ["error.type": "\(type(of: error))"])
            return 0
        }
        // Pages to different receivers go out in parallel; one slow receiver must not hold up the others.
        await withTaskGroup(of: Void.self) { group in
            for page in due { group.addTask { await self.attempt(page) } }
        }
        Gauge(label: "crisisd_outbox_depth").record((try? await store.pendingCount()) ?? 0)
        return due.count
    }

    private func waitDuration() async -> Duration {
        guard let next = try? await store.nextAttemptDate() else { return tick }
        let seconds = next.timeIntervalSince(clock.now())
        return seconds <= 0 ? .milliseconds(1) : min(tick, .milliseconds(Int(seconds * 1000) + 1))
    }

    private func attempt(_ page: OutboxMessage) async {
        var metadata: Logger.Metadata = [
            "page.id": "\(page.id)", "receiver.name": "\(page.receiver)", "page.attempt": "\(page.attempts + 1)",
        ]
        if let assessment = page.assessmentID { metadata["assessment.id"] = "\(assessment)" }
        let result: DeliveryResult
        if let notifier = notifiers[page.receiver] {
            result = await notifier.deliver(page, now: clock.now())
        } else {
            logger.warning("page.undeliverable", metadata: metadata.merging(["reason": "receiver not configured"]) { $1 })
            result = .retryableFailure(reason: "receiver not configured", retryAfter: nil)
        }
        let now = clock.now()
        do {
            switch result {
            case .delivered:
                try await store.markDelivered(page.id, at: now)
                count(page, "delivered")
                logger.notice("page.delivered", metadata: metadata)
            case .retryableFailure(let reason, let retryAfter):
                let delay = policy.delay(afterAttempts: page.attempts + 1, retryAfter: retryAfter, random: Double.random(in: 0...1))
                try await store.markRetry(page.id, reason: reason, nextAttemptAt: now.addingTimeInterval(delay))
                count(page, "retryable_failure")
                logger.warning("page.retry", metadata: metadata.merging(["reason": "\(reason)", "retry.in_seconds": "\(Int(delay))"]) { $1 })
                if page.attempts + 1 >= policy.fallbackAfterAttempts { try await pageFallback(for: page, now: now) }
            case .permanentFailure(let reason):
                try await store.markFailed(page.id, reason: reason, at: now)
                count(page, "permanent_failure")
                logger.error("page.failed", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
                try await pageFallback(for: page, now: now)
            }
        } catch {
            // The page stays pending and is attempted again on the next pass.
            logger.error("outbox.update_failed", metadata: metadata.merging(["error.type": "\(type(of: error))"]) { $1 })
        }
    }

    /// Pages the route's fallback receiver with the same body, once per failing page.
    private func pageFallback(for page: OutboxMessage, now: Date) async throws {
        guard let fallback = page.fallbackReceiver, fallback != page.receiver else { return }
        let copy = OutboxMessage(
            id: PageID(ids.make(prefix: "msg")), receiver: fallback, assessmentID: page.assessmentID,
            eventType: page.eventType, body: page.body, createdAt: now, nextAttemptAt: now)
        try await store.enqueueFallback(copy, replacing: page.id)
        logger.warning(
            "page.fallback", metadata: ["page.id": "\(page.id)", "fallback.page.id": "\(copy.id)", "receiver.name": "\(fallback)"])
        signal.notify()
    }

    private func count(_ page: OutboxMessage, _ result: String) {
        Counter(label: "crisisd_page_delivery_attempts_total", dimensions: [("receiver", page.receiver), ("result", result)])
            .increment()
        if result != "delivered" {
            Counter(label: "crisisd_page_delivery_failures_total", dimensions: [("receiver", page.receiver), ("result", result)])
                .increment()
        }
    }
}
