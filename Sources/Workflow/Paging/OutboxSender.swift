import CrisisCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Drains the durable outbox: delivers each due page through its receiver's notifier, with backoff, a circuit
/// breaker per receiver, and alternate channels for the same person.
///
/// Delivery is at least once: a page is marked delivered only after the receiver accepted it, so a crash
/// mid-send resends it after restart with the same id (the receiver's idempotency key).
public struct OutboxSender: Service {
    private let store: any OutboxStore
    private let notifiers: [String: any Notifier]
    private let clock: any WallClock
    private let ids: any IdentifierGenerator
    private let signal: WakeSignal
    private let policy: RetryPolicy
    private let tick: Duration
    private let logger: Logger
    private let breakers: Breakers
    private let fresh = FreshPages()
    /// Called when an episode's page fails for good with no alternate left: its round may have reached nobody.
    private let roundMayHaveFailed: @Sendable (EpisodeID) async -> Void

    public init(
        store: any OutboxStore, notifiers: [String: any Notifier], clock: any WallClock, ids: any IdentifierGenerator,
        signal: WakeSignal, policy: RetryPolicy = RetryPolicy(), breaker: CircuitBreaker = CircuitBreaker(),
        tick: Duration = .seconds(1), logger: Logger, roundMayHaveFailed: @escaping @Sendable (EpisodeID) async -> Void = { _ in }
    ) {
        self.store = store
        self.notifiers = notifiers
        self.clock = clock
        self.ids = ids
        self.signal = signal
        self.policy = policy
        self.tick = tick
        self.logger = logger
        self.breakers = Breakers(template: breaker)
        self.roundMayHaveFailed = roundMayHaveFailed
    }

    public func run() async throws {
        // Pages left pending by a previous run (crash, kill -9, restart) are due now, not after their old backoff.
        do {
            let pending = try await store.rescheduleAllPending(at: clock.now())
            if pending > 0 { logger.notice("outbox.resumed", metadata: ["outbox.pending": "\(pending)"]) }
        } catch {
            logger.error("outbox.read_failed", metadata: ["error.type": "\(type(of: error))"])
        }
        // Each page is sent in its own child task as soon as it is due, so a new page never waits for the
        // attempts before it (or their commits) to finish. A page in flight is not picked up again.
        // On graceful shutdown the loop ends, attempts in flight finish, undelivered pages stay pending.
        let inFlight = InFlight()
        try await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var lastGauge = ContinuousClock.now - .seconds(2)
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    // Pages just committed are sent straight away, before the database is asked for anything else.
                    func dispatch(_ page: OutboxMessage) {
                        guard inFlight.begin(page, now: .now) else { return }
                        group.addTask {
                            let recorded = await self.attempt(page)
                            // A page whose outcome could not be written stays pending; holding it back keeps a
                            // failing database from turning into a storm of resends to the receiver.
                            inFlight.end(page, recorded: recorded, holdUntil: .now + .seconds(Int64(policy.cap)))
                            signal.notify()
                        }
                    }
                    fresh.takeAll().forEach(dispatch)
                    let due: [OutboxMessage]
                    do {
                        due = try await store.duePages(now: clock.now(), limit: 100)
                    } catch {
                        logger.error("outbox.read_failed", metadata: ["error.type": "\(type(of: error))"])
                        due = []
                    }
                    due.forEach(dispatch)
                    if ContinuousClock.now - lastGauge >= .seconds(1) {
                        lastGauge = ContinuousClock.now
                        Gauge(label: "crisisd_outbox_depth").record((try? await store.pendingCount()) ?? 0)
                    }
                    // Everything due is in flight: its completion (or a new commit) wakes the loop.
                    let idle = !due.isEmpty && due.allSatisfy { inFlight.contains($0.id, now: .now) }
                    await signal.wait(atMost: idle ? tick : await waitDuration())
                }
            }
        } onGracefulShutdown: {
            signal.notify()
        }
    }

    /// Hands over pages the caller has just committed, so the running loop sends them without reading them back.
    /// They are in the outbox already: if this process dies first, the next start sends them.
    public func committed(_ pages: [OutboxMessage]) {
        guard !pages.isEmpty else { return }
        fresh.append(pages)
        signal.notify()
    }

    /// Delivers every page that is due now and waits for the attempts; returns how many were made (tests and the
    /// scenario harness drive the sender step by step with it).
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

    /// One delivery attempt and its bookkeeping; false when the outcome could not be written to the store.
    @discardableResult
    private func attempt(_ page: OutboxMessage) async -> Bool {
        var metadata: Logger.Metadata = [
            "page.id": "\(page.id)", "receiver.name": "\(page.receiver)", "page.attempt": "\(page.attempts + 1)",
        ]
        if let episode = page.episodeID { metadata["episode.id"] = "\(episode)" }
        let result: DeliveryResult
        if let openUntil = breakers.openUntil(page.receiver, now: clock.now()) {
            // Skip the receiver while its breaker is open: the next channel takes over at once.
            result = .retryableFailure(reason: "circuit open", retryAfter: openUntil.timeIntervalSince(clock.now()))
        } else if let notifier = notifiers[page.receiver] {
            result = await notifier.deliver(page, now: clock.now())
            breakers.record(page.receiver, delivered: result == .delivered, now: clock.now())
        } else {
            // Left out at start because its variables are unset: nothing to retry until it is configured.
            result = .permanentFailure(reason: "receiver not configured")
        }
        let now = clock.now()
        do {
            switch result {
            case .delivered:
                try await store.markDelivered(page, at: now)
                count(page, "delivered")
                logger.notice("page.delivered", metadata: metadata)
            case .retryableFailure(let reason, let retryAfter):
                let delay = policy.delay(afterAttempts: page.attempts + 1, retryAfter: retryAfter, random: Double.random(in: 0...1))
                try await store.markRetry(page, reason: reason, at: now, nextAttemptAt: now.addingTimeInterval(delay))
                count(page, "retryable_failure")
                logger.warning("page.retry", metadata: metadata.merging(["reason": "\(reason)", "retry.in_seconds": "\(Int(delay))"]) { $1 })
                if reason == "circuit open" || page.attempts + 1 >= policy.fallbackAfterAttempts {
                    try await handOn(page, now: now)
                }
            case .permanentFailure(let reason):
                try await store.markFailed(page, reason: reason, at: now)
                count(page, "permanent_failure")
                logger.error("page.failed", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
                if try await !handOn(page, now: now), let episode = page.episodeID {
                    await roundMayHaveFailed(episode)
                }
            }
        } catch {
            // The page stays pending and is attempted again on the next pass.
            logger.error("outbox.update_failed", metadata: metadata.merging(["error.type": "\(type(of: error))"]) { $1 })
            return false
        }
        return true
    }

    /// Pages the next channel that reaches the same person, once per failing page; false when none is left.
    @discardableResult
    private func handOn(_ page: OutboxMessage, now: Date) async throws -> Bool {
        guard let next = page.handedOn(id: PageID(ids.make(prefix: "msg")), now: now) else { return false }
        try await store.handOn(next, from: page.id)
        logger.warning(
            "page.handed_on", metadata: ["page.id": "\(page.id)", "next.page.id": "\(next.id)", "receiver.name": "\(next.receiver)"])
        signal.notify()
        return true
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

/// The breakers of all receivers, shared by the sender's parallel attempts.
private final class Breakers: Sendable {
    private let template: CircuitBreaker
    private let state = Mutex<[String: CircuitBreaker]>([:])

    init(template: CircuitBreaker) { self.template = template }

    func openUntil(_ receiver: String, now: Date) -> Date? {
        state.withLock { breakers in
            guard let breaker = breakers[receiver], breaker.isOpen(at: now) else { return nil }
            return breaker.openUntil
        }
    }

    func record(_ receiver: String, delivered: Bool, now: Date) {
        state.withLock { breakers in
            var breaker = breakers[receiver] ?? template
            if delivered { breaker.recordSuccess() } else { breaker.recordFailure(at: now) }
            breakers[receiver] = breaker
        }
    }
}

/// Pages being attempted right now (never sent twice at once), attempts already recorded (a poll that read the
/// row before the record was committed must not send it again), and pages held back after their outcome could
/// not be recorded.
private final class InFlight: Sendable {
    private struct State {
        var attempting: Set<PageID> = []
        /// Page → attempts recorded so far; a row offered with fewer is a stale read of an attempt already made.
        var recorded: [PageID: Int] = [:]
        var heldUntil: [PageID: ContinuousClock.Instant] = [:]
    }

    private let state = Mutex(State())

    /// False when the page is in flight, held back, or offered from a read older than its last recorded attempt.
    func begin(_ page: OutboxMessage, now: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            if state.attempting.contains(page.id) { return false }
            if let until = state.heldUntil[page.id] {
                guard until <= now else { return false }
                state.heldUntil[page.id] = nil
            }
            if let done = state.recorded[page.id] {
                guard page.attempts >= done else { return false }
                state.recorded[page.id] = nil
            }
            state.attempting.insert(page.id)
            return true
        }
    }

    func end(_ page: OutboxMessage, recorded: Bool, holdUntil: ContinuousClock.Instant) {
        state.withLock { state in
            state.attempting.remove(page.id)
            if recorded {
                state.recorded[page.id] = page.attempts + 1
                // Delivered and failed pages are never offered again; keep the memory bounded all the same.
                if state.recorded.count > 10_000 { state.recorded.removeAll() }
            } else {
                state.heldUntil[page.id] = holdUntil
            }
        }
    }

    func contains(_ id: PageID, now: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            state.attempting.contains(id) || (state.heldUntil[id].map { $0 > now } ?? false)
        }
    }
}

/// Committed pages handed over by the use cases, waiting for the dispatch loop.
private final class FreshPages: Sendable {
    private let pages = Mutex<[OutboxMessage]>([])

    func append(_ new: [OutboxMessage]) { pages.withLock { $0 += new } }
    func takeAll() -> [OutboxMessage] { pages.withLock { pages in defer { pages = [] }; return pages } }
}
