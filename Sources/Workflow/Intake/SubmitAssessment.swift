import CrisisCore
import EscalationEngine
import Foundation
import Logging
import Metrics
import RiskRules

/// Use case: judge a screen, commit it with the pages it triggers in one transaction, then wake the sender.
public struct SubmitAssessment: Sendable {
    /// A screen as received, already decoded from the wire.
    public struct Request: Sendable {
        public var protocolID: ProtocolID
        public var answers: [String: RawAnswer]
        public var subject: SubjectIdentifier
        public var site: String?
        public var completedAt: Date?
        public var idempotencyKey: String?
        /// Digest of the request body, to tell a true retry from a reused key.
        public var requestDigest: String
        public var principal: Principal
        /// Scores the client sent (score id → value): compared with crisisd's, never used (design notes §8).
        public var reportedScores: [String: Int]
        /// Flags the intake adds, e.g. a questionnaire version other than the loaded one.
        public var intakeFlags: [String]
        /// The document the screen arrived as, stored with it; its id is made here.
        public var source: (type: String, body: @Sendable (_ id: String) -> [UInt8])?

        public init(
            protocolID: ProtocolID, answers: [String: RawAnswer], subject: SubjectIdentifier, site: String?,
            completedAt: Date?, idempotencyKey: String?, requestDigest: String, principal: Principal,
            reportedScores: [String: Int] = [:], intakeFlags: [String] = [],
            source: (type: String, body: @Sendable (_ id: String) -> [UInt8])? = nil
        ) {
            self.reportedScores = reportedScores
            self.intakeFlags = intakeFlags
            self.source = source
            self.protocolID = protocolID
            self.answers = answers
            self.subject = subject
            self.site = site
            self.completedAt = completedAt
            self.idempotencyKey = idempotencyKey
            self.requestDigest = requestDigest
            self.principal = principal
        }
    }

    /// The committed (or replayed) assessment, the episode it opened or joined, and its pages.
    public struct Result: Sendable {
        public var assessment: Assessment
        public var episode: Episode?
        public var pages: [OutboxMessage]
        /// True when an earlier submission with the same idempotency key was returned.
        public var replayed: Bool
    }

    /// Why a screen was refused; nothing is stored in any of these cases.
    public enum Failure: Error, Sendable {
        case unknownProtocol(ProtocolID)
        case unreadableAnswers([AnswerRejection])
        case idempotencyConflict
        /// The database could not commit; the client must retry (never reported as accepted).
        case storeUnavailable
    }

    /// Added when a client-supplied score differs from crisisd's own.
    public static let reportedScoreMismatchFlag = "reported_score_mismatch"

    private let registry: DefinitionsRegistry
    private let store: any AssessmentStore
    private let composer: PageComposer
    private let clock: any WallClock
    private let ids: any IdentifierGenerator
    private let signal: WakeSignal
    private let escalation: WakeSignal
    private let committed: @Sendable ([OutboxMessage]) -> Void
    private let logger: Logger

    public init(
        registry: DefinitionsRegistry, store: any AssessmentStore, composer: PageComposer, clock: any WallClock,
        ids: any IdentifierGenerator, signal: WakeSignal, escalation: WakeSignal = WakeSignal(),
        committed: @escaping @Sendable ([OutboxMessage]) -> Void = { _ in }, logger: Logger
    ) {
        self.committed = committed
        self.escalation = escalation
        self.registry = registry
        self.store = store
        self.composer = composer
        self.clock = clock
        self.ids = ids
        self.signal = signal
        self.logger = logger
    }

    public func callAsFunction(_ request: Request) async throws(Failure) -> Result {
        let definitions = registry.current
        guard let definition = definitions.protocols[request.protocolID] else {
            throw .unknownProtocol(request.protocolID)
        }
        let answers: Answers
        switch definition.read(request.answers) {
        case .success(let read): answers = read
        case .failure(let rejections): throw .unreadableAnswers(rejections.all)
        }
        let now = clock.now()
        var evaluation = definition.evaluate(answers)
        if definitions.unlicensed.contains(definition.id) { evaluation.flags.append(LicenceGate.evaluationOnlyFlag) }
        evaluation.flags += request.intakeFlags
        if let score = evaluation.score, request.reportedScores.values.contains(where: { $0 != score }) {
            // A client-supplied total never decides anything; a mismatch is flagged for review.
            evaluation.flags.append(Self.reportedScoreMismatchFlag)
        }
        let assessment = Assessment(
            id: AssessmentID(ids.make(prefix: "asm")), subject: request.subject, site: request.site, answers: answers,
            evaluation: evaluation, completedAt: request.completedAt ?? now, receivedAt: now,
            submittedBy: request.principal.id)
        let outcome: SubmissionOutcome
        do {
            outcome = try await store.submit(
                AssessmentSubmission(
                    assessment: assessment, pages: [], idempotencyKey: request.idempotencyKey,
                    requestDigest: request.requestDigest,
                    escalate: escalation(for: assessment, definition: definition, plan: definitions.escalation, now: now),
                    source: request.source.map { source in
                        let id = ids.make(prefix: "qr").replacingOccurrences(of: "_", with: "-")
                        return SourceDocument(type: source.type, id: id, body: source.body(id))
                    }))
        } catch {
            logger.error("assessment.store_failed", metadata: ["error.type": "\(type(of: error))"])
            throw .storeUnavailable
        }
        switch outcome {
        case .idempotencyConflict:
            throw .idempotencyConflict
        case .replayed(let earlier, let episode, let earlierPages):
            logger.info("assessment.replayed", metadata: ["assessment.id": "\(earlier.id)"])
            return Result(assessment: earlier, episode: episode, pages: earlierPages, replayed: true)
        case .created(let stored, let episode, let storedPages):
            let evaluation = stored.evaluation
            logger.notice(
                "assessment.committed",
                metadata: [
                    "assessment.id": "\(stored.id)", "protocol.id": "\(evaluation.protocolID)",
                    "protocol.version": "\(evaluation.version)", "assessment.outcome": "\(evaluation.outcome)",
                    "assessment.tier": "\(evaluation.tier.rawValue)", "pages": "\(storedPages.count)",
                    "episode.id": "\(episode?.id.rawValue ?? "-")",
                ])
            Counter(label: "crisisd_assessments_total", dimensions: [("outcome", evaluation.outcome), ("tier", evaluation.tier.rawValue)])
                .increment()
            if !storedPages.isEmpty {
                committed(storedPages)
                signal.notify()
            }
            if episode != nil { escalation.notify() }
            return Result(assessment: stored, episode: episode, pages: storedPages, replayed: false)
        }
    }

    /// The episode change committed with the screen: open an episode, join the subject's open one, or none.
    private func escalation(for assessment: Assessment, definition: ProtocolDefinition, plan: EscalationPlan, now: Date)
        -> @Sendable (Episode?) -> EpisodeCommit?
    {
        let evaluation = assessment.evaluation
        let trigger = EpisodeMachine.Trigger(
            subject: assessment.subject, assessment: assessment.id, tier: evaluation.tier, domain: evaluation.domain,
            actionClass: evaluation.action.actionClass, deadline: assessment.deadline, site: assessment.site,
            protocolID: evaluation.protocolID, summary: composer.trigger(assessment, definition: definition))
        return EscalationChange.commit(for: trigger, plan: plan, composer: composer, ids: ids, now: now)
    }
}
