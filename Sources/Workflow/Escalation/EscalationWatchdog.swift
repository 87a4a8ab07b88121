import CrisisCore
import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Finds open episodes whose next step is overdue (the ticker should have fired it within about a second),
/// raises them in metrics and pages the watchdog receivers once per overdue step.
///
/// It runs beside the ticker in the same process, so it catches a stuck ticker or a failing database write,
/// not a dead process: that is what the outbound heartbeat is for.
public struct EscalationWatchdog: Service {
    private let episodes: any EpisodeStore
    private let outbox: any OutboxStore
    private let receivers: [String]
    private let composer: PageComposer
    private let clock: any WallClock
    private let ids: any IdentifierGenerator
    private let signal: WakeSignal
    private let grace: TimeInterval
    private let interval: Duration
    private let logger: Logger
    private let alerted = AlertedSteps()

    public init(
        episodes: any EpisodeStore, outbox: any OutboxStore, receivers: [String], composer: PageComposer, clock: any WallClock,
        ids: any IdentifierGenerator, signal: WakeSignal, grace: TimeInterval = 30, interval: Duration = .seconds(10), logger: Logger
    ) {
        self.episodes = episodes
        self.outbox = outbox
        self.receivers = receivers
        self.composer = composer
        self.clock = clock
        self.ids = ids
        self.signal = signal
        self.grace = grace
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await check()
            try? await Task.sleep(for: interval)
        }
    }

    /// One pass; returns the overdue episodes it found.
    @discardableResult
    public func check() async -> [Episode] {
        let now = clock.now()
        var overdue: [Episode] = []
        do {
            // The ticker's own query, a grace period in the past: only episodes it should already have moved.
            for id in try await episodes.dueEpisodes(now: now.addingTimeInterval(-grace), limit: 1000) {
                if let episode = try await episodes.episode(id: id), episode.isOpen { overdue.append(episode) }
            }
        } catch {
            logger.error("watchdog.read_failed", metadata: ["error.type": "\(type(of: error))"])
            return []
        }
        Gauge(label: "crisisd_escalation_overdue_episodes").record(overdue.count)
        for episode in overdue {
            let key = "\(episode.id.rawValue)#\(episode.firing)"
            guard alerted.insert(key) else { continue }
            logger.critical(
                "watchdog.episode_overdue",
                metadata: ["episode.id": "\(episode.id)", "episode.step": "\(episode.step + 1)",
                           "overdue.seconds": "\(Int(now.timeIntervalSince(episode.nextWakeAt ?? now)))"])
            let body = composer.watchdogPayload(episode, now: now).encoded()
            let pages = receivers.map {
                OutboxMessage(
                    id: PageID(ids.make(prefix: "msg")), receiver: $0, assessmentID: nil, eventType: "crisis.watchdog.overdue",
                    body: body, createdAt: now, nextAttemptAt: now)
            }
            do {
                try await outbox.enqueue(pages)
                signal.notify()
            } catch {
                alerted.remove(key)
                logger.error("watchdog.enqueue_failed", metadata: ["error.type": "\(type(of: error))"])
            }
        }
        return overdue
    }
}

/// Overdue steps already alerted, so each is paged once.
private final class AlertedSteps: Sendable {
    private let keys = Mutex<Set<String>>([])

    func insert(_ key: String) -> Bool { keys.withLock { $0.insert(key).inserted } }
    func remove(_ key: String) { keys.withLock { _ = $0.remove(key) } }
}
