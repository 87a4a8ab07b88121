import CrisisCore
import Foundation
import Workflow

/// The wire shape of an escalation episode, with its timeline when one episode is read.
struct EpisodeDTO: Encodable {
    struct ActorDTO: Encodable {
        var id: String
        var name: String
        var via: String

        init(_ actor: EpisodeActor) {
            id = actor.id
            name = actor.name
            via = actor.via
        }
    }

    struct AcknowledgementDTO: Encodable {
        var by: ActorDTO
        var kind: String
        var at: String
    }

    struct ResolutionDTO: Encodable {
        var by: ActorDTO
        var disposition: String
        var note: Nullable<String>
        var at: String
    }

    struct PolicyDTO: Encodable {
        var id: String
        var planVersion: String
        var planHash: String
    }

    struct EventDTO: Encodable {
        var at: String
        var kind: String
        var actor: Nullable<ActorDTO>
        var detail: [String: String]
    }

    var id: String
    var state: String
    var tier: String
    var domain: String
    var action: String
    var site: Nullable<String>
    var `protocol`: String
    var summary: String
    var policy: PolicyDTO
    var step: Int
    var pass: Int
    var unreached: Bool
    var nextDueAt: Nullable<String>
    var due: Nullable<String>
    var deadline: Nullable<String>
    var assessments: [String]
    var acknowledgements: [AcknowledgementDTO]
    var resolution: Nullable<ResolutionDTO>
    var pagedReceivers: [String]
    var createdAt: String
    var updatedAt: String
    var timeline: [EventDTO]?

    init(_ episode: Episode, timeline: [EpisodeEvent]? = nil) {
        id = episode.id.rawValue
        state = episode.state.rawValue
        tier = episode.tier.rawValue
        domain = episode.domain.rawValue
        action = episode.actionClass.rawValue
        site = Nullable(episode.site)
        self.protocol = episode.protocolID.rawValue
        summary = episode.summary
        policy = PolicyDTO(id: episode.policyID, planVersion: episode.planVersion, planHash: episode.planHash)
        step = episode.step + 1
        pass = episode.pass + 1
        unreached = episode.unreached
        nextDueAt = Nullable(episode.nextDueAt.map(Timestamps.iso8601))
        due = Nullable(episode.due?.rawValue)
        deadline = Nullable(episode.deadline.map(Timestamps.iso8601))
        assessments = episode.assessments.map(\.rawValue)
        acknowledgements = episode.acknowledgements.map {
            AcknowledgementDTO(by: ActorDTO($0.by), kind: $0.kind.rawValue, at: Timestamps.iso8601($0.at))
        }
        resolution = Nullable(episode.resolution.map {
            ResolutionDTO(by: ActorDTO($0.by), disposition: $0.disposition.rawValue, note: Nullable($0.note), at: Timestamps.iso8601($0.at))
        })
        pagedReceivers = episode.pagedReceivers
        createdAt = Timestamps.iso8601(episode.createdAt)
        updatedAt = Timestamps.iso8601(episode.updatedAt)
        self.timeline = timeline?.map {
            EventDTO(at: Timestamps.iso8601($0.at), kind: $0.kind.rawValue, actor: Nullable($0.actor.map(ActorDTO.init)), detail: $0.detail)
        }
    }
}
