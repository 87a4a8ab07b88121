import CrisisCore
import Foundation
import Workflow

/// The wire shape of a stored assessment: the evaluation object of the contract plus id, subject and pages.
struct AssessmentDTO: Encodable {
    struct SubjectDTO: Encodable {
        var system: String
        var value: String
    }

    struct ActionDTO: Encodable {
        var `class`: String
        var withinMinutes: Nullable<Int>
        var deadline: Nullable<String>
        var text: String
    }

    struct FiredDTO: Encodable {
        var rule: String
        var outcome: String
        var explanation: String
    }

    struct ProblemDTO: Encodable {
        var item: String
        var kind: String
        var message: String
        var pointer: String
    }

    struct PageDTO: Encodable {
        var id: String
        var receiver: String
        var status: String
    }

    var id: String
    var subject: SubjectDTO
    var site: Nullable<String>
    var `protocol`: String
    var version: String
    var hash: String
    var outcome: String
    var score: Nullable<Int>
    var tier: String
    /// The tier in force: the latest effective override's, else the computed `tier`.
    var finalTier: String
    var overrides: [OverrideDTO]
    var domain: String
    var flags: [String]
    var action: ActionDTO
    var fired: [FiredDTO]
    var problems: [ProblemDTO]
    var followUps: [String]
    var completedAt: String
    var receivedAt: String
    var pages: [PageDTO]
    /// The escalation episode the screen opened or joined (null when its route pages nobody).
    var episode: Nullable<EpisodeSummaryDTO>

    init(_ assessment: Assessment, pages: [OutboxMessage], episode: Episode?, overrides: [TierOverride] = []) {
        let evaluation = assessment.evaluation
        id = assessment.id.rawValue
        subject = SubjectDTO(system: assessment.subject.system, value: assessment.subject.value)
        site = Nullable(assessment.site)
        self.protocol = evaluation.protocolID.rawValue
        version = evaluation.version
        hash = evaluation.hash
        outcome = evaluation.outcome
        score = Nullable(evaluation.score)
        tier = evaluation.tier.rawValue
        finalTier = TierOverride.finalTier(computed: evaluation.tier, overrides: overrides).rawValue
        self.overrides = overrides.map(OverrideDTO.init)
        domain = evaluation.domain.rawValue
        flags = evaluation.flags
        action = ActionDTO(
            class: evaluation.action.actionClass.rawValue, withinMinutes: Nullable(evaluation.action.withinMinutes),
            deadline: Nullable(assessment.deadline.map(Timestamps.iso8601)), text: evaluation.action.text)
        fired = evaluation.fired.map { FiredDTO(rule: $0.rule, outcome: $0.outcome, explanation: $0.explanation) }
        problems = evaluation.problems.map {
            ProblemDTO(item: $0.item, kind: $0.kind.rawValue, message: $0.message, pointer: "/answers/\(pointerEscape($0.item))")
        }
        followUps = evaluation.followUps.map(\.rawValue)
        completedAt = Timestamps.iso8601(assessment.completedAt)
        receivedAt = Timestamps.iso8601(assessment.receivedAt)
        self.pages = pages.map { PageDTO(id: $0.id.rawValue, receiver: $0.receiver, status: $0.status.rawValue) }
        self.episode = Nullable(episode.map { EpisodeSummaryDTO($0, opener: assessment.id) })
    }
}

/// The episode as seen from one of its screens.
struct EpisodeSummaryDTO: Encodable {
    var id: String
    var state: String
    var tier: String
    /// True when this screen opened the episode, false when it joined an open one.
    var opened: Bool

    init(_ episode: Episode, opener: AssessmentID) {
        id = episode.id.rawValue
        state = episode.state.rawValue
        tier = episode.tier.rawValue
        opened = episode.assessments.first == opener
    }
}

/// An optional that encodes as an explicit JSON `null`, so clients always see the field.
struct Nullable<Wrapped: Encodable>: Encodable {
    var value: Wrapped?

    init(_ value: Wrapped?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
