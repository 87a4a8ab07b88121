import Foundation

/// Opaque identifier of an escalation episode; the case reference in pages and the PagerDuty dedup key.
public struct EpisodeID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One open (or closed) escalation for a subject and domain: what triggered it, the policy stamped at
/// creation, where paging stands and who has acknowledged.
public struct Episode: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// Paging is running (step `step` of pass `pass`, or the final fallback when `unreached`).
        case notified
        /// Someone acknowledged; the acknowledgement or assessment deadline still runs.
        case acknowledged
        case resolved
    }

    /// What happens when `nextDueAt` passes.
    public enum Due: String, Sendable, Hashable, Codable {
        case nextStep = "next_step"
        case finalFallback = "final_fallback"
        case acknowledgementTimeout = "acknowledgement_timeout"
        case deadline
    }

    public var id: EpisodeID
    public var subject: SubjectIdentifier
    public var domain: RiskDomain
    public var tier: RiskTier
    public var actionClass: ActionClass
    public var site: String?
    public var protocolID: ProtocolID
    /// Trigger and action in words, from the protocol file of the assessment that set the tier.
    public var summary: String
    /// Assessments that joined the episode, the first one opened it.
    public var assessments: [AssessmentID]
    public var policyID: String
    public var planVersion: String
    public var planHash: String
    public var state: State
    /// Index of the step that fired last.
    public var step: Int
    /// Repeat pass (0 for the first run through the steps).
    public var pass: Int
    /// Counts paging rounds; outbox rows carry it so a round whose every page failed is noticed.
    public var firing: Int
    /// The final fallback has been paged: the steps reached nobody who acknowledged.
    public var unreached: Bool
    public var nextDueAt: Date?
    public var due: Due?
    /// The next hand-off of a schedule the current step paged, while nobody has acknowledged: the incoming
    /// on-call is paged then (design notes §3).
    public var handOffAt: Date?
    /// The assessment's action deadline (design notes §3: it runs even after an acknowledgement).
    public var deadline: Date?
    public var acknowledgements: [Acknowledgement]
    public var resolution: Resolution?
    /// Receivers paged so far, told about acknowledgement and resolution.
    public var pagedReceivers: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public var isOpen: Bool { state != .resolved }

    /// When the ticker must next look at the episode: a due step or a hand-off, whichever comes first.
    public var nextWakeAt: Date? { [nextDueAt, handOffAt].compactMap { $0 }.min() }

    /// A new episode at its first step, before any paging round.
    public init(
        id: EpisodeID, subject: SubjectIdentifier, domain: RiskDomain, tier: RiskTier, actionClass: ActionClass, site: String?,
        protocolID: ProtocolID, summary: String, assessments: [AssessmentID], policyID: String, planVersion: String,
        planHash: String, deadline: Date?, now: Date
    ) {
        self.id = id
        self.subject = subject
        self.domain = domain
        self.tier = tier
        self.actionClass = actionClass
        self.site = site
        self.protocolID = protocolID
        self.summary = summary
        self.assessments = assessments
        self.policyID = policyID
        self.planVersion = planVersion
        self.planHash = planHash
        state = .notified
        step = 0
        pass = 0
        firing = 0
        unreached = false
        self.deadline = deadline
        acknowledgements = []
        pagedReceivers = []
        createdAt = now
        updatedAt = now
    }
}

/// Who acted on an episode: a principal through the API, or an agent reported by PagerDuty.
public struct EpisodeActor: Sendable, Hashable, Codable {
    public var id: String
    /// Operator-chosen principal name or PagerDuty agent summary; staff, never patient data.
    public var name: String
    /// `api` or `pagerduty`.
    public var via: String

    public init(id: String, name: String, via: String) {
        self.id = id
        self.name = name
        self.via = via
    }
}

/// Design notes §3: "responding", or "with the patient, precautions started".
public enum AcknowledgementKind: String, Sendable, Hashable, Codable, CaseIterable {
    case responding
    /// Clears the acknowledgement deadline; the assessment deadline still runs.
    case withPatient = "with_patient"
}

public struct Acknowledgement: Sendable, Hashable, Codable {
    public var by: EpisodeActor
    public var kind: AcknowledgementKind
    public var at: Date

    public init(by: EpisodeActor, kind: AcknowledgementKind, at: Date) {
        self.by = by
        self.kind = kind
        self.at = at
    }
}

/// The documented action that closes an episode (design notes §3).
public enum Disposition: String, Sendable, Hashable, Codable, CaseIterable {
    case safetyPlanCompleted = "safety_plan_completed"
    case evaluatedDischargedWithPlan = "evaluated_discharged_with_plan"
    case admittedOrTransferred = "admitted_or_transferred"
    case involuntaryHold = "involuntary_hold"
    case mobileCrisisDispatched = "mobile_crisis_dispatched"
    case elopedWelfareCheck = "eloped_welfare_check"
    case thirdPartyProtectionDocumented = "third_party_protection_documented"
    case notAtRisk = "not_at_risk"
    case other

    /// Dispositions that need the clinician's words (the reason, or what "other" was).
    public var requiresNote: Bool { self == .notAtRisk || self == .other }
}

public struct Resolution: Sendable, Hashable, Codable {
    public var by: EpisodeActor
    public var disposition: Disposition
    /// Clinical free text: stored for the record, never logged or paged.
    public var note: String?
    public var at: Date

    public init(by: EpisodeActor, disposition: Disposition, note: String?, at: Date) {
        self.by = by
        self.disposition = disposition
        self.note = note
        self.at = at
    }
}
