import CrisisCore
import EscalationEngine
import Foundation
import Logging
import Metrics

/// Use case: every change to an open episode — a person's acknowledgement, "escalate now" or resolution, the
/// clock reaching a due step, a round of pages that reached nobody — runs the state machine inside one store
/// transaction that also writes the timeline and the outbox.
public struct ActOnEpisode: Sendable {
    public enum Failure: Error, Sendable {
        case unknownEpisode
        case refused(EpisodeRefusal)
        /// "Safety plan completed" for a moderate-or-higher episode while the client has no active plan.
        case noActiveSafetyPlan
        case storeUnavailable
    }

    private let registry: DefinitionsRegistry
    private let store: any EpisodeStore
    private let composer: PageComposer
    private let clock: any WallClock
    private let ids: any IdentifierGenerator
    private let outbox: WakeSignal
    private let committed: @Sendable ([OutboxMessage]) -> Void
    private let logger: Logger
    private let safetyPlans: (any SafetyPlanStore)?

    public init(
        registry: DefinitionsRegistry, store: any EpisodeStore, composer: PageComposer, clock: any WallClock,
        ids: any IdentifierGenerator, outbox: WakeSignal, committed: @escaping @Sendable ([OutboxMessage]) -> Void = { _ in },
        safetyPlans: (any SafetyPlanStore)? = nil, logger: Logger
    ) {
        self.safetyPlans = safetyPlans
        self.committed = committed
        self.registry = registry
        self.store = store
        self.composer = composer
        self.clock = clock
        self.ids = ids
        self.outbox = outbox
        self.logger = logger
    }

    public func acknowledge(_ id: EpisodeID, by actor: EpisodeActor, kind: AcknowledgementKind) async throws(Failure) -> Episode {
        try await change(id, action: "acknowledged", actor: actor) { machine, episode, _, now throws(EpisodeRefusal) in
            try machine.acknowledge(episode, by: actor, kind: kind, now: now)
        }
    }

    public func escalateNow(_ id: EpisodeID, by actor: EpisodeActor) async throws(Failure) -> Episode {
        try await change(id, action: "escalated_now", actor: actor) { machine, episode, _, now throws(EpisodeRefusal) in
            try machine.escalateNow(episode, by: actor, now: now)
        }
    }

    public func resolve(_ id: EpisodeID, by actor: EpisodeActor, disposition: Disposition?, note: String?)
        async throws(Failure) -> Episode
    {
        // The disposition gate (issue 6): "safety plan completed" needs the client's active plan when the
        // episode is moderate or higher. An active plan is only ever replaced by another active one, so the
        // check cannot be undone between here and the commit.
        if disposition == .safetyPlanCompleted, let safetyPlans {
            do {
                guard let episode = try await store.episode(id: id) else { throw Failure.unknownEpisode }
                if episode.isOpen, episode.tier >= .moderate, try await safetyPlans.activePlan(subject: episode.subject) == nil {
                    throw Failure.noActiveSafetyPlan
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                throw .storeUnavailable
            }
        }
        return try await change(id, action: "resolved", actor: actor) { machine, episode, _, now throws(EpisodeRefusal) in
            try machine.resolve(episode, by: actor, disposition: disposition, note: note, now: now)
        }
    }

    /// PagerDuty says the incident was resolved there: recorded, never a clinical resolution.
    public func resolvedElsewhere(_ id: EpisodeID, by actor: EpisodeActor) async throws(Failure) -> Episode {
        try await change(id, action: "resolved_elsewhere", actor: actor) { machine, episode, _, now in
            machine.resolvedElsewhere(episode, by: actor, now: now)
        }
    }

    /// Runs whatever is due for the episode; returns whether anything changed.
    @discardableResult
    public func reconcile(_ id: EpisodeID) async -> Bool {
        do {
            let before = try await store.episode(id: id)
            let after = try await change(id, action: "reconciled", actor: nil) { machine, episode, roundFailed, now in
                machine.reconcile(episode, currentRoundFailed: roundFailed, now: now)
            }
            return before?.updatedAt != after.updatedAt
        } catch let failure as Failure {
            if case .storeUnavailable = failure {
                logger.error("episode.reconcile_failed", metadata: ["episode.id": "\(id)"])
            }
            return false
        } catch {
            return false
        }
    }

    private func change(
        _ id: EpisodeID, action: String, actor: EpisodeActor?,
        _ step: @escaping @Sendable (EpisodeMachine, Episode, Bool, Date) throws(EpisodeRefusal) -> EpisodeTransition?
    ) async throws(Failure) -> Episode {
        let machine = EpisodeMachine(plan: registry.current.escalation)
        let now = clock.now()
        let composer = composer
        let ids = ids
        let commit: EpisodeCommit?
        do {
            commit = try await store.changeEpisode(id) { episode, roundFailed in
                guard let transition = try step(machine, episode, roundFailed, now) else { return nil }
                return composer.commit(transition, assessment: nil, ids: ids, now: now)
            }
        } catch let refusal as EpisodeRefusal {
            throw .refused(refusal)
        } catch {
            logger.error("episode.store_failed", metadata: ["episode.id": "\(id)", "error.type": "\(type(of: error))"])
            throw .storeUnavailable
        }
        guard let commit else {
            // Nothing to do (nothing due), or no such episode.
            guard let episode = try? await store.episode(id: id) else { throw .unknownEpisode }
            return episode
        }
        var metadata: Logger.Metadata = [
            "episode.id": "\(id)", "episode.state": "\(commit.episode.state.rawValue)", "episode.step": "\(commit.episode.step + 1)",
            "episode.action": "\(action)", "pages": "\(commit.pages.count)",
        ]
        if let actor { metadata["actor.id"] = "\(actor.id)" }
        if commit.episode.unreached { metadata["episode.unreached"] = "true" }
        logger.notice("episode.changed", metadata: metadata)
        for event in commit.events {
            Counter(label: "crisisd_episode_events_total", dimensions: [("kind", event.kind.rawValue)]).increment()
        }
        if !commit.pages.isEmpty {
            committed(commit.pages)
            outbox.notify()
        }
        return commit.episode
    }
}
