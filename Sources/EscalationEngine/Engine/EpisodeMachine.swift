import CrisisCore
import Foundation

/// The escalation state machine: pure functions from an episode and an input (a screen, the time, a person's
/// action) to the next episode, the events to record and the pages to send. The caller persists all three in
/// one transaction.
///
/// triggered → notified (step n, pass p) → acknowledged → resolved (with a disposition). An acknowledgement
/// that times out, an assessment deadline that passes, "escalate now" and a step that reaches nobody all move
/// to the next step; after the last step and repeat the final fallback is paged, the episode is marked
/// unreached, and the final fallback is paged again until someone acknowledges.
public struct EpisodeMachine: Sendable {
    public let plan: EscalationPlan

    public init(plan: EscalationPlan) { self.plan = plan }

    /// What opens an episode or joins one: a committed screen.
    public struct Trigger: Sendable {
        public var subject: SubjectIdentifier
        public var assessment: AssessmentID
        public var tier: RiskTier
        public var domain: RiskDomain
        public var actionClass: ActionClass
        public var deadline: Date?
        public var site: String?
        public var protocolID: ProtocolID
        public var summary: String

        public init(
            subject: SubjectIdentifier, assessment: AssessmentID, tier: RiskTier, domain: RiskDomain, actionClass: ActionClass,
            deadline: Date?, site: String?, protocolID: ProtocolID, summary: String
        ) {
            self.subject = subject
            self.assessment = assessment
            self.tier = tier
            self.domain = domain
            self.actionClass = actionClass
            self.deadline = deadline
            self.site = site
            self.protocolID = protocolID
            self.summary = summary
        }
    }

    /// The policy a screen routes to, if it pages anyone.
    public func pagingPolicy(for trigger: Trigger) -> EscalationPolicy? {
        plan.policy(tier: trigger.tier, domain: trigger.domain, site: trigger.site, protocolID: trigger.protocolID)
            .flatMap { $0.pages ? $0 : nil }
    }

    /// A screen for a subject with no open episode in its domain: opens one and fires the first step at once.
    /// `nil` when the screen's route pages nobody.
    public func open(_ trigger: Trigger, id: EpisodeID, now: Date) -> EpisodeTransition? {
        guard let policy = pagingPolicy(for: trigger) else { return nil }
        let episode = Episode(
            id: id, subject: trigger.subject, domain: trigger.domain, tier: trigger.tier, actionClass: trigger.actionClass,
            site: trigger.site, protocolID: trigger.protocolID, summary: trigger.summary, assessments: [trigger.assessment],
            policyID: policy.id, planVersion: plan.version, planHash: plan.hash, deadline: trigger.deadline, now: now)
        var transition = EpisodeTransition(
            episode: episode,
            events: [EpisodeEvent(at: now, kind: .triggered, detail: [
                "assessment": trigger.assessment.rawValue, "tier": trigger.tier.rawValue, "policy": policy.id,
                "plan.version": plan.version, "plan.hash": plan.hash,
            ])],
            pages: [])
        fire(step: 0, pass: 0, policy: policy, event: .triggered, now: now, into: &transition)
        return transition
    }

    /// A new screen for the subject of an open episode in the same domain. Paging restarts only when the tier
    /// rises or the action class tightens (design notes §3); otherwise the screen is recorded.
    public func join(_ episode: Episode, _ trigger: Trigger, now: Date) -> EpisodeTransition {
        var transition = EpisodeTransition(episode: episode, events: [], pages: [])
        transition.episode.assessments.append(trigger.assessment)
        transition.episode.updatedAt = now
        let rises = trigger.tier > episode.tier || trigger.actionClass.rank > episode.actionClass.rank
        guard rises, let policy = pagingPolicy(for: trigger) else {
            transition.events.append(EpisodeEvent(at: now, kind: .joined, detail: [
                "assessment": trigger.assessment.rawValue, "tier": trigger.tier.rawValue,
            ]))
            return transition
        }
        transition.episode.tier = max(trigger.tier, episode.tier)
        if trigger.actionClass.rank > episode.actionClass.rank { transition.episode.actionClass = trigger.actionClass }
        transition.episode.summary = trigger.summary
        transition.episode.deadline = [episode.deadline, trigger.deadline].compactMap { $0 }.min()
        transition.episode.policyID = policy.id
        transition.episode.planVersion = plan.version
        transition.episode.planHash = plan.hash
        transition.episode.unreached = false
        transition.events.append(EpisodeEvent(at: now, kind: .raised, detail: [
            "assessment": trigger.assessment.rawValue, "tier": transition.episode.tier.rawValue, "policy": policy.id,
            "plan.version": plan.version, "plan.hash": plan.hash,
        ]))
        fire(step: 0, pass: 0, policy: policy, event: .escalated, now: now, into: &transition)
        return transition
    }

    /// Moves the episode on when its due time has passed, or when every page of the current round failed.
    /// `nil` when nothing is due.
    public func reconcile(_ episode: Episode, currentRoundFailed: Bool, now: Date) -> EpisodeTransition? {
        guard episode.isOpen else { return nil }
        var transition = EpisodeTransition(episode: episode, events: [], pages: [])
        if episode.state == .notified, currentRoundFailed, episode.due != .finalFallback {
            transition.events.append(EpisodeEvent(at: now, kind: .stepUnreachable, detail: ["step": "\(episode.step + 1)"]))
            advance(now: now, into: &transition)
            return transition
        }
        if episode.state == .notified, let handOff = episode.handOffAt, handOff <= now, (episode.nextDueAt ?? .distantFuture) > now {
            handOver(now: now, into: &transition)
            return transition
        }
        guard let due = episode.nextDueAt, due <= now, let reason = episode.due else { return nil }
        switch reason {
        case .nextStep:
            transition.events.append(EpisodeEvent(at: now, kind: .noAcknowledgement, detail: ["step": "\(episode.step + 1)"]))
        case .finalFallback:
            break
        case .acknowledgementTimeout:
            transition.events.append(EpisodeEvent(at: now, kind: .acknowledgementTimedOut))
        case .deadline:
            transition.events.append(EpisodeEvent(at: now, kind: .deadlinePassed))
        }
        advance(now: now, into: &transition)
        return transition
    }

    /// A person acknowledges. Several people may; each is recorded.
    public func acknowledge(_ episode: Episode, by actor: EpisodeActor, kind: AcknowledgementKind, now: Date)
        throws(EpisodeRefusal) -> EpisodeTransition
    {
        guard episode.isOpen else { throw .alreadyResolved }
        var next = episode
        next.acknowledgements.append(Acknowledgement(by: actor, kind: kind, at: now))
        next.state = .acknowledged
        // Someone owns it now; a later re-escalation resolves schedules afresh when its step fires.
        next.handOffAt = nil
        next.updatedAt = now
        let timeout = now.addingTimeInterval(TimeInterval(policy(of: episode)?.acknowledgementTimeout ?? 1800))
        let liveDeadline = episode.deadline.flatMap { $0 > now ? $0 : nil }
        switch kind {
        case .responding:
            if let liveDeadline, liveDeadline < timeout {
                (next.nextDueAt, next.due) = (liveDeadline, .deadline)
            } else {
                (next.nextDueAt, next.due) = (timeout, .acknowledgementTimeout)
            }
        case .withPatient:
            // The person is with the patient: only the assessment deadline (or, without one, the timeout) remains.
            (next.nextDueAt, next.due) = liveDeadline.map { ($0, .deadline) } ?? (timeout, .acknowledgementTimeout)
        }
        return EpisodeTransition(
            episode: next,
            events: [EpisodeEvent(at: now, kind: .acknowledged, actor: actor, detail: ["kind": kind.rawValue])],
            pages: statusPages(next, .acknowledged))
    }

    /// Anyone paged may move the episode to the next step at once.
    public func escalateNow(_ episode: Episode, by actor: EpisodeActor, now: Date) throws(EpisodeRefusal) -> EpisodeTransition {
        guard episode.isOpen else { throw .alreadyResolved }
        var transition = EpisodeTransition(
            episode: episode, events: [EpisodeEvent(at: now, kind: .escalatedNow, actor: actor)], pages: [])
        advance(now: now, into: &transition)
        return transition
    }

    /// Closes the episode with a documented disposition; refused without one.
    public func resolve(_ episode: Episode, by actor: EpisodeActor, disposition: Disposition?, note: String?, now: Date)
        throws(EpisodeRefusal) -> EpisodeTransition
    {
        guard episode.isOpen else { throw .alreadyResolved }
        guard let disposition else { throw .dispositionRequired }
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if disposition.requiresNote && (note ?? "").isEmpty { throw .noteRequired(disposition) }
        var next = episode
        next.state = .resolved
        next.resolution = Resolution(by: actor, disposition: disposition, note: note.flatMap { $0.isEmpty ? nil : $0 }, at: now)
        next.nextDueAt = nil
        next.due = nil
        next.handOffAt = nil
        next.updatedAt = now
        return EpisodeTransition(
            episode: next,
            events: [EpisodeEvent(at: now, kind: .resolved, actor: actor, detail: ["disposition": disposition.rawValue])],
            pages: statusPages(next, .resolved))
    }

    /// PagerDuty reported the incident resolved. That is not a clinical disposition: it is recorded and the
    /// episode stays open (counted as an acknowledgement when nobody had acknowledged).
    public func resolvedElsewhere(_ episode: Episode, by actor: EpisodeActor, now: Date) -> EpisodeTransition? {
        guard episode.isOpen else { return nil }
        var transition = EpisodeTransition(
            episode: episode, events: [EpisodeEvent(at: now, kind: .resolvedElsewhere, actor: actor)], pages: [])
        if episode.state == .notified, let acknowledged = try? acknowledge(episode, by: actor, kind: .responding, now: now) {
            transition.episode = acknowledged.episode
            transition.events += acknowledged.events
            transition.pages = acknowledged.pages
        }
        return transition
    }

    // MARK: - Paging rounds

    private func policy(of episode: Episode) -> EscalationPolicy? {
        plan.policies[episode.policyID]
            ?? plan.policy(tier: episode.tier, domain: episode.domain, site: episode.site, protocolID: episode.protocolID)
    }

    /// The next step, the next repeat pass, or the final fallback.
    private func advance(now: Date, into transition: inout EpisodeTransition) {
        let episode = transition.episode
        let current = policy(of: episode)
        guard let policy = current, !policy.steps.isEmpty else {
            finalFallback(policy: current, now: now, into: &transition)
            return
        }
        if episode.unreached || episode.due == .finalFallback {
            finalFallback(policy: policy, now: now, into: &transition)
        } else if episode.step + 1 < policy.steps.count {
            fire(step: episode.step + 1, pass: episode.pass, policy: policy, event: .escalated, now: now, into: &transition)
        } else if episode.pass < policy.repeatCount {
            fire(step: 0, pass: episode.pass + 1, policy: policy, event: .escalated, now: now, into: &transition)
        } else {
            finalFallback(policy: policy, now: now, into: &transition)
        }
    }

    private func fire(
        step index: Int, pass: Int, policy: EscalationPolicy, event: PageOrder.Event, now: Date, into transition: inout EpisodeTransition
    ) {
        let step = policy.steps[index]
        var deliveries = plan.deliveries(for: step.targets, at: now)
        transition.events.append(EpisodeEvent(at: now, kind: .stepFired, detail: [
            "step": "\(index + 1)", "pass": "\(pass + 1)",
            "recipients": deliveries.map { $0.recipient ?? $0.channels.first ?? "-" }.joined(separator: ","),
        ]))
        if deliveries.count < step.targets.count {
            // Design notes / reference §5.7: "no one on call" pages the fallback at once.
            transition.events.append(EpisodeEvent(at: now, kind: .noOneOnCall, detail: ["step": "\(index + 1)"]))
            deliveries += plan.deliveries(for: policy.finalFallback, at: now)
        }
        transition.episode.state = .notified
        transition.episode.step = index
        transition.episode.pass = pass
        transition.episode.firing += 1
        transition.episode.nextDueAt = now.addingTimeInterval(TimeInterval(step.delay))
        transition.episode.due = .nextStep
        transition.episode.handOffAt = nextHandOff(of: step.targets, after: now)
        transition.episode.updatedAt = now
        record(deliveries, event: event, into: &transition)
    }

    /// A schedule of the current step handed off before anyone acknowledged: page the incoming on-call for the
    /// same step; the step's own timing is unchanged.
    private func handOver(now: Date, into transition: inout EpisodeTransition) {
        let episode = transition.episode
        let policy = policy(of: episode)
        let targets = episode.due == .finalFallback || episode.unreached
            ? policy?.finalFallback ?? [] : policy.flatMap { $0.steps.indices.contains(episode.step) ? $0.steps[episode.step].targets : nil } ?? []
        let schedules = targets.filter { if case .schedule = $0 { true } else { false } }
        let deliveries = plan.deliveries(for: schedules, at: now)
        transition.events.append(EpisodeEvent(at: now, kind: .handedOver, detail: [
            "step": "\(episode.step + 1)",
            "recipients": deliveries.map { $0.recipient ?? "-" }.joined(separator: ","),
        ]))
        transition.episode.firing += 1
        transition.episode.handOffAt = nextHandOff(of: targets, after: now)
        transition.episode.updatedAt = now
        record(deliveries, event: .escalated, into: &transition)
    }

    /// The earliest hand-off, strictly after `instant`, of any schedule among the targets.
    private func nextHandOff(of targets: [EscalationTarget], after instant: Date) -> Date? {
        targets.compactMap { target -> Date? in
            guard case .schedule(let id) = target, let onCall = plan.schedules[id]?.onCall(at: instant) else { return nil }
            return onCall.until > instant ? onCall.until : nil
        }.min()
    }

    private func finalFallback(policy: EscalationPolicy?, now: Date, into transition: inout EpisodeTransition) {
        let targets = policy?.finalFallback ?? []
        let deliveries = plan.deliveries(for: targets, at: now)
        transition.events.append(EpisodeEvent(at: now, kind: .finalFallback, detail: [
            "recipients": deliveries.map { $0.recipient ?? $0.channels.first ?? "-" }.joined(separator: ","),
        ]))
        if deliveries.isEmpty {
            // Only a reload that routes this tier to a record-only policy (or a final fallback schedule with nobody
            // on call) gets here: say so in the record, and keep the clock running.
            transition.events.append(EpisodeEvent(at: now, kind: .noOneOnCall, detail: ["step": "final_fallback"]))
        }
        transition.episode.state = .notified
        transition.episode.unreached = true
        transition.episode.firing += 1
        transition.episode.nextDueAt = now.addingTimeInterval(TimeInterval(policy?.finalRepeatInterval ?? 300))
        transition.episode.due = .finalFallback
        transition.episode.handOffAt = nextHandOff(of: targets, after: now)
        transition.episode.updatedAt = now
        record(deliveries, event: .escalated, into: &transition)
    }

    private func record(_ deliveries: [Delivery], event: PageOrder.Event, into transition: inout EpisodeTransition) {
        guard !deliveries.isEmpty else { return }
        transition.pages.append(PageOrder(event: event, deliveries: deliveries, firing: transition.episode.firing))
        let primaries = deliveries.compactMap(\.channels.first)
        transition.episode.pagedReceivers = Array(Set(transition.episode.pagedReceivers).union(primaries)).sorted()
    }

    private func statusPages(_ episode: Episode, _ event: PageOrder.Event) -> [PageOrder] {
        let receivers = episode.pagedReceivers.filter { plan.receivers[$0]?.kind.receivesStatusUpdates == true }
        guard !receivers.isEmpty else { return [] }
        return [PageOrder(event: event, deliveries: receivers.map { Delivery(recipient: nil, channels: [$0]) }, firing: nil)]
    }
}
