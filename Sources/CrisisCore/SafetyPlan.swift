import Foundation

/// Opaque identifier of a safety plan (all its revisions share it).
public struct SafetyPlanID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A client's Stanley-Brown safety plan: written from a template, revised over time (every revision kept),
/// `draft` until it passes the quality check and is made `active`; making another plan active supersedes it.
public struct SafetyPlan: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case draft, active, superseded
    }

    public var id: SafetyPlanID
    public var subject: SubjectIdentifier
    public var templateID: String
    public var templateVersion: String
    public var templateHash: String
    public var status: Status
    /// The current revision's number (1 for a new plan).
    public var revision: Int
    public var content: SafetyPlanContent
    /// The screens that prompted the plan.
    public var assessments: [AssessmentID]
    public var createdAt: Date
    public var createdBy: PrincipalID
    public var updatedAt: Date
    public var activatedAt: Date?
    public var supersededAt: Date?
    public var supersededBy: SafetyPlanID?

    public init(
        id: SafetyPlanID, subject: SubjectIdentifier, templateID: String, templateVersion: String, templateHash: String,
        status: Status, revision: Int, content: SafetyPlanContent, assessments: [AssessmentID], createdAt: Date,
        createdBy: PrincipalID, updatedAt: Date, activatedAt: Date? = nil, supersededAt: Date? = nil, supersededBy: SafetyPlanID? = nil
    ) {
        self.id = id
        self.subject = subject
        self.templateID = templateID
        self.templateVersion = templateVersion
        self.templateHash = templateHash
        self.status = status
        self.revision = revision
        self.content = content
        self.assessments = assessments
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = updatedAt
        self.activatedAt = activatedAt
        self.supersededAt = supersededAt
        self.supersededBy = supersededBy
    }
}

/// One kept revision: the content as it was, who wrote it and when.
public struct SafetyPlanRevision: Sendable, Equatable {
    public var planID: SafetyPlanID
    public var number: Int
    public var content: SafetyPlanContent
    public var author: PrincipalID
    public var authorName: String
    public var at: Date

    public init(planID: SafetyPlanID, number: Int, content: SafetyPlanContent, author: PrincipalID, authorName: String, at: Date) {
        self.planID = planID
        self.number = number
        self.content = content
        self.author = author
        self.authorName = authorName
        self.at = at
    }
}
