import CrisisCore
import EscalationEngine
import Foundation
import Logging
import RiskRules

/// Use cases of clinical judgment: change a tier with a reason, and co-sign lowering `high`.
public struct OverrideTier: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        case unknownAssessment
        case unknownOverride
        case emptyReason
        case reasonTooLong(limit: Int)
        case sameTier
        /// The co-signer must be someone other than the clinician who asked.
        case selfCosign
        case notPending
        case storeUnavailable
    }

    public static let reasonLimit = 2000

    private let assessments: any AssessmentStore
    private let overrides: any OverrideStore
    private let clock: any WallClock
    private let ids: any IdentifierGenerator
    private let escalation: Escalation?
    private let logger: Logger

    /// What a raised tier needs to page: the definitions in force, page rendering, and the loops to wake.
    public struct Escalation: Sendable {
        public var registry: DefinitionsRegistry
        public var composer: PageComposer
        public var outbox: WakeSignal
        public var ticker: WakeSignal

        public init(registry: DefinitionsRegistry, composer: PageComposer, outbox: WakeSignal, ticker: WakeSignal) {
            self.registry = registry
            self.composer = composer
            self.outbox = outbox
            self.ticker = ticker
        }
    }

    /// Without `escalation` a raised tier is recorded but pages nobody (tests of the judgment rules alone).
    public init(
        assessments: any AssessmentStore, overrides: any OverrideStore, clock: any WallClock, ids: any IdentifierGenerator,
        escalation: Escalation? = nil, logger: Logger
    ) {
        self.escalation = escalation
        self.assessments = assessments
        self.overrides = overrides
        self.clock = clock
        self.ids = ids
        self.logger = logger
    }

    /// Requests a new tier; raising or lowering below `high` takes effect at once, lowering `high` waits for a co-sign.
    public func request(
        assessmentID: AssessmentID, tier: RiskTier, reason: String, by principal: Principal
    ) async throws(Failure) -> TierOverride {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyReason }
        guard reason.count <= Self.reasonLimit else { throw .reasonTooLong(limit: Self.reasonLimit) }
        let current: RiskTier
        let assessment: Assessment
        do {
            guard let found = try await assessments.assessment(id: assessmentID) else { throw Failure.unknownAssessment }
            assessment = found
            current = TierOverride.finalTier(computed: found.evaluation.tier, overrides: try await overrides.overrides(for: assessmentID))
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .storeUnavailable
        }
        guard tier != current else { throw .sameTier }
        let override = TierOverride(
            id: ids.make(prefix: "ovr"), assessmentID: assessmentID, fromTier: current, toTier: tier, reason: reason,
            requestedBy: principal.id, requestedAt: clock.now(),
            status: TierOverride.needsCosign(from: current, to: tier) ? .pendingCosign : .effective)
        // A raised tier escalates like a screen at that tier, committed with the override (design notes §2-3).
        let raise = override.status == .effective && tier > current ? escalation.map { raised(assessment, to: tier, with: $0) } : nil
        do {
            try await overrides.addOverride(override, escalate: raise)
        } catch {
            throw .storeUnavailable
        }
        if raise != nil {
            escalation?.outbox.notify()
            escalation?.ticker.notify()
        }
        logger.notice(
            "override.requested",
            metadata: ["assessment.id": "\(assessmentID)", "override.id": "\(override.id)", "tier.from": "\(current.rawValue)",
                       "tier.to": "\(tier.rawValue)", "override.status": "\(override.status.rawValue)"])
        return override
    }

    /// Co-signs a pending override; it then takes effect.
    public func cosign(assessmentID: AssessmentID, overrideID: String, by principal: Principal) async throws(Failure) -> TierOverride {
        let existing: [TierOverride]
        do {
            existing = try await overrides.overrides(for: assessmentID)
        } catch {
            throw .storeUnavailable
        }
        guard let pending = existing.first(where: { $0.id == overrideID }) else { throw .unknownOverride }
        guard pending.status == .pendingCosign else { throw .notPending }
        guard pending.requestedBy != principal.id else { throw .selfCosign }
        let signed: TierOverride?
        do {
            signed = try await overrides.cosign(overrideID: overrideID, assessmentID: assessmentID, by: principal.id, at: clock.now())
        } catch {
            throw .storeUnavailable
        }
        guard let signed else { throw .notPending }
        logger.notice("override.cosigned", metadata: ["assessment.id": "\(assessmentID)", "override.id": "\(overrideID)"])
        return signed
    }

    private func raised(_ assessment: Assessment, to tier: RiskTier, with escalation: Escalation)
        -> @Sendable (Episode?) -> EpisodeCommit?
    {
        let definitions = escalation.registry.current
        let evaluation = assessment.evaluation
        let title = definitions.protocols[evaluation.protocolID]?.shortTitle ?? evaluation.protocolID.rawValue
        let trigger = EpisodeMachine.Trigger(
            subject: assessment.subject, assessment: assessment.id, tier: tier, domain: evaluation.domain,
            actionClass: evaluation.action.actionClass, deadline: assessment.deadline, site: assessment.site,
            protocolID: evaluation.protocolID, summary: "\(title): tier raised to \(tier.rawValue) on clinical judgment")
        return EscalationChange.commit(
            for: trigger, plan: definitions.escalation, composer: escalation.composer, ids: ids, now: clock.now())
    }
}
