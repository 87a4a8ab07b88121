import Foundation

/// A screen as stored: who it is about, what was answered, and how it was judged.
public struct Assessment: Sendable, Hashable {
    public var id: AssessmentID
    public var subject: SubjectIdentifier
    /// Site or unit code from the submitter; appears in pages, so it is a code, not free text.
    public var site: String?
    public var answers: Answers
    public var evaluation: Evaluation
    /// When the screen was completed (deadlines count from here).
    public var completedAt: Date
    /// When crisisd received and committed it.
    public var receivedAt: Date
    public var submittedBy: PrincipalID

    public init(
        id: AssessmentID, subject: SubjectIdentifier, site: String?, answers: Answers, evaluation: Evaluation,
        completedAt: Date, receivedAt: Date, submittedBy: PrincipalID
    ) {
        self.id = id
        self.subject = subject
        self.site = site
        self.answers = answers
        self.evaluation = evaluation
        self.completedAt = completedAt
        self.receivedAt = receivedAt
        self.submittedBy = submittedBy
    }

    /// The action deadline, if the outcome's action class has one.
    public var deadline: Date? {
        evaluation.action.withinMinutes.map { completedAt.addingTimeInterval(TimeInterval($0 * 60)) }
    }
}
