import CrisisCore
import Foundation
import Logging
import ServiceLifecycle

/// Reconciles due escalation work about every second, and at once when woken by a new episode: the next
/// step, an acknowledgement timeout, a passed deadline, a re-page of the final fallback.
///
/// All state is in the database, so a restart (or kill -9) simply resumes: overdue steps fire on the first pass.
public struct EscalationTicker: Service {
    private let act: ActOnEpisode
    private let store: any EpisodeStore
    private let clock: any WallClock
    private let signal: WakeSignal
    private let tick: Duration
    private let logger: Logger

    public init(
        act: ActOnEpisode, store: any EpisodeStore, clock: any WallClock, signal: WakeSignal, tick: Duration = .seconds(1),
        logger: Logger
    ) {
        self.act = act
        self.store = store
        self.clock = clock
        self.signal = signal
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                let changed = await reconcileDue()
                // Something is due but nothing moved (the database refused, say): wait a tick, never spin.
                var stuck = false
                if changed == 0, let next = try? await store.nextEpisodeDueDate() { stuck = next <= clock.now() }
                await signal.wait(atMost: stuck ? tick : await waitDuration())
            }
        } onGracefulShutdown: {
            signal.notify()
        }
    }

    /// Runs every episode whose next step is due now; returns how many changed.
    @discardableResult
    public func reconcileDue() async -> Int {
        let due: [EpisodeID]
        do {
            due = try await store.dueEpisodes(now: clock.now(), limit: 200)
        } catch {
            logger.error("escalation.read_failed", metadata: ["error.type": "\(type(of: error))"])
            return 0
        }
        var changed = 0
        for id in due where await act.reconcile(id) { changed += 1 }
        return changed
    }

    private func waitDuration() async -> Duration {
        guard let next = try? await store.nextEpisodeDueDate() else { return tick }
        let seconds = next.timeIntervalSince(clock.now())
        return seconds <= 0 ? .milliseconds(1) : min(tick, .milliseconds(Int(seconds * 1000) + 1))
    }
}
