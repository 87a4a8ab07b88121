import CrisisCore
import CrisisTestSupport
import EscalationEngine
import Foundation
import Testing

/// The pure state machine, step by step, on the shipped escalation definitions.
@Suite struct EpisodeMachineTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let plan: EscalationPlan = {
        guard let plan = EscalationLoader.load(directory: RepositoryPaths.escalation).0 else { preconditionFailure("shipped plan") }
        return plan
    }()
    static let machine = EpisodeMachine(plan: plan)
    static let clinician = EpisodeActor(id: "prn_1", name: "dr-rivera", via: "api")

    static func trigger(_ tier: RiskTier, action: ActionClass = .stat, assessment: String = "asm_1") -> EpisodeMachine.Trigger {
        EpisodeMachine.Trigger(
            subject: SubjectIdentifier(system: "urn:test", value: "s1"), assessment: AssessmentID(assessment), tier: tier, domain: .self,
            actionClass: action, deadline: start.addingTimeInterval(3600), site: "ED", protocolID: ProtocolID("cssrs_screen_recent"),
            summary: "C-SSRS: High risk")
    }

    static func receivers(_ transition: EpisodeTransition) -> [String] {
        transition.pages.flatMap { $0.deliveries.compactMap(\.channels.first) }.sorted()
    }

    @Test func highOpensAnEpisodeStampedWithThePolicyAndPagesStepOneAtOnce() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        #expect(opened.episode.policyID == "high-risk")
        #expect(opened.episode.planHash == Self.plan.hash)
        #expect(opened.episode.planVersion == Self.plan.version)
        #expect(Self.receivers(opened) == ["oncall", "pagerduty"])
        #expect(opened.pages.first?.event == .triggered)
        #expect(opened.episode.nextDueAt == Self.start.addingTimeInterval(300))
        #expect(opened.events.map(\.kind) == [.triggered, .stepFired])
    }

    @Test func lowAndNoneOpenNothing() {
        #expect(Self.machine.open(Self.trigger(.low, action: .routine), id: EpisodeID("epi_1"), now: Self.start) == nil)
        #expect(Self.machine.open(Self.trigger(.none, action: .none), id: EpisodeID("epi_1"), now: Self.start) == nil)
    }

    @Test func nothingHappensBeforeTheDueTimeAndTheNextStepAtIt() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        #expect(Self.machine.reconcile(opened.episode, currentRoundFailed: false, now: Self.start.addingTimeInterval(299)) == nil)
        let second = try #require(Self.machine.reconcile(opened.episode, currentRoundFailed: false, now: Self.start.addingTimeInterval(300)))
        #expect(second.episode.step == 1)
        #expect(Self.receivers(second) == ["oncall", "pagerduty"])
        let third = try #require(Self.machine.reconcile(second.episode, currentRoundFailed: false, now: Self.start.addingTimeInterval(600)))
        #expect(Self.receivers(third) == ["supervisor", "supervisor-email"])
        let fallback = try #require(Self.machine.reconcile(third.episode, currentRoundFailed: false, now: Self.start.addingTimeInterval(900)))
        #expect(fallback.episode.unreached)
        #expect(Self.receivers(fallback) == ["slack", "supervisor", "supervisor-email"])
        // Paging never just stops: the final fallback again after another interval.
        let again = try #require(Self.machine.reconcile(fallback.episode, currentRoundFailed: false, now: Self.start.addingTimeInterval(1200)))
        #expect(Self.receivers(again) == ["slack", "supervisor", "supervisor-email"])
        #expect(again.episode.firing == fallback.episode.firing + 1)
    }

    @Test func aFailedRoundMovesOnAtOnce() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        let next = try #require(Self.machine.reconcile(opened.episode, currentRoundFailed: true, now: Self.start.addingTimeInterval(2)))
        #expect(next.episode.step == 1)
        #expect(next.events.first?.kind == .stepUnreachable)
    }

    @Test func acknowledgementStopsPagingUntilItTimesOut() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        let acknowledged = try Self.machine.acknowledge(opened.episode, by: Self.clinician, kind: .responding, now: Self.start.addingTimeInterval(60))
        #expect(acknowledged.episode.state == .acknowledged)
        // The 60-minute assessment deadline comes after the 30-minute acknowledgement timeout.
        #expect(acknowledged.episode.nextDueAt == Self.start.addingTimeInterval(60 + 1800))
        #expect(acknowledged.episode.due == .acknowledgementTimeout)
        #expect(Self.receivers(acknowledged) == ["oncall", "pagerduty"])
        #expect(acknowledged.pages.first?.event == .acknowledged)
        #expect(Self.machine.reconcile(acknowledged.episode, currentRoundFailed: false, now: Self.start.addingTimeInterval(1000)) == nil)
        let timedOut = try #require(
            Self.machine.reconcile(acknowledged.episode, currentRoundFailed: false, now: Self.start.addingTimeInterval(1860)))
        #expect(timedOut.episode.state == .notified)
        #expect(timedOut.events.first?.kind == .acknowledgementTimedOut)
        #expect(timedOut.episode.step == 1)
    }

    @Test func withThePatientKeepsOnlyTheAssessmentDeadline() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        let acknowledged = try Self.machine.acknowledge(opened.episode, by: Self.clinician, kind: .withPatient, now: Self.start.addingTimeInterval(60))
        #expect(acknowledged.episode.nextDueAt == Self.start.addingTimeInterval(3600))
        #expect(acknowledged.episode.due == .deadline)
        let passed = try #require(
            Self.machine.reconcile(acknowledged.episode, currentRoundFailed: false, now: Self.start.addingTimeInterval(3600)))
        #expect(passed.events.first?.kind == .deadlinePassed)
    }

    @Test func severalPeopleMayAcknowledge() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        let first = try Self.machine.acknowledge(opened.episode, by: Self.clinician, kind: .responding, now: Self.start)
        let second = try Self.machine.acknowledge(
            first.episode, by: EpisodeActor(id: "prn_2", name: "lee", via: "api"), kind: .withPatient, now: Self.start)
        #expect(second.episode.acknowledgements.map(\.by.name) == ["dr-rivera", "lee"])
    }

    @Test func resolutionNeedsADispositionAndNotesWhereRequired() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        #expect(throws: EpisodeRefusal.dispositionRequired) {
            try Self.machine.resolve(opened.episode, by: Self.clinician, disposition: nil, note: nil, now: Self.start)
        }
        #expect(throws: EpisodeRefusal.noteRequired(.notAtRisk)) {
            try Self.machine.resolve(opened.episode, by: Self.clinician, disposition: .notAtRisk, note: "  ", now: Self.start)
        }
        let resolved = try Self.machine.resolve(
            opened.episode, by: Self.clinician, disposition: .notAtRisk, note: "reassessed with BSSA", now: Self.start)
        #expect(resolved.episode.state == .resolved)
        #expect(resolved.episode.nextDueAt == nil)
        #expect(resolved.pages.first?.event == .resolved)
        #expect(throws: EpisodeRefusal.alreadyResolved) {
            try Self.machine.acknowledge(resolved.episode, by: Self.clinician, kind: .responding, now: Self.start)
        }
        #expect(Self.machine.reconcile(resolved.episode, currentRoundFailed: true, now: Self.start.addingTimeInterval(99_999)) == nil)
    }

    @Test func aHigherRescreenRestartsPagingAndAnEqualOneJoinsQuietly() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.moderate, action: .beforeDischarge), id: EpisodeID("epi_1"), now: Self.start))
        #expect(opened.episode.policyID == "moderate-risk")
        let same = Self.machine.join(opened.episode, Self.trigger(.moderate, action: .beforeDischarge, assessment: "asm_2"), now: Self.start)
        #expect(same.pages.isEmpty)
        #expect(same.events.map(\.kind) == [.joined])
        let raised = Self.machine.join(same.episode, Self.trigger(.high, assessment: "asm_3"), now: Self.start.addingTimeInterval(10))
        #expect(raised.episode.tier == .high)
        #expect(raised.episode.policyID == "high-risk")
        #expect(raised.episode.assessments.map(\.rawValue) == ["asm_1", "asm_2", "asm_3"])
        #expect(Self.receivers(raised) == ["oncall", "pagerduty"])
        let lower = Self.machine.join(raised.episode, Self.trigger(.low, action: .routine, assessment: "asm_4"), now: Self.start)
        #expect(lower.episode.tier == .high)
        #expect(lower.pages.isEmpty)
    }

    @Test func escalateNowFiresTheNextStep() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        let escalated = try Self.machine.escalateNow(opened.episode, by: Self.clinician, now: Self.start.addingTimeInterval(5))
        #expect(escalated.episode.step == 1)
        #expect(escalated.events.first?.kind == .escalatedNow)
        #expect(escalated.pages.first?.event == .escalated)
    }

    @Test func resolvedInPagerDutyIsNotAClinicalResolution() throws {
        let opened = try #require(Self.machine.open(Self.trigger(.high), id: EpisodeID("epi_1"), now: Self.start))
        let agent = EpisodeActor(id: "pagerduty:PABC", name: "Dr PD", via: "pagerduty")
        let elsewhere = try #require(Self.machine.resolvedElsewhere(opened.episode, by: agent, now: Self.start))
        #expect(elsewhere.episode.state == .acknowledged)
        #expect(elsewhere.events.map(\.kind) == [.resolvedElsewhere, .acknowledged])
    }
}
