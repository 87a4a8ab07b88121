/// The result of judging one set of answers with one exact protocol version.
public struct Evaluation: Sendable, Hashable {
    public var protocolID: ProtocolID
    public var version: String
    /// `sha256:` plus the hex digest of the protocol file that judged the answers.
    public var hash: String
    /// Instrument-specific outcome name (e.g. `high`, `acute_positive`, or `invalid`).
    public var outcome: String
    public var score: Int?
    public var tier: RiskTier
    public var domain: RiskDomain
    public var flags: [String]
    public var action: RequiredAction
    public var fired: [FiredRule]
    public var problems: [AnswerProblem]
    /// Protocols that must follow (e.g. a same-day C-SSRS after PHQ-9 item 9 ≥ 1).
    public var followUps: [ProtocolID]

    public init(
        protocolID: ProtocolID, version: String, hash: String, outcome: String, score: Int?, tier: RiskTier,
        domain: RiskDomain, flags: [String], action: RequiredAction, fired: [FiredRule], problems: [AnswerProblem],
        followUps: [ProtocolID] = []
    ) {
        self.protocolID = protocolID
        self.version = version
        self.hash = hash
        self.outcome = outcome
        self.score = score
        self.tier = tier
        self.domain = domain
        self.flags = flags
        self.action = action
        self.fired = fired
        self.problems = problems
        self.followUps = followUps
    }

    /// Outcome name given to answers that cannot be scored as they stand.
    public static let invalidOutcome = "invalid"

    /// Whether the answers could not be scored and a human must review them.
    public var isInvalid: Bool { outcome == Self.invalidOutcome }
}

/// One rule whose condition held, with the outcome it votes for and why, in plain words.
public struct FiredRule: Sendable, Hashable {
    public var rule: String
    public var outcome: String
    public var explanation: String

    public init(rule: String, outcome: String, explanation: String) {
        self.rule = rule
        self.outcome = outcome
        self.explanation = explanation
    }
}

/// Something wrong with the answers that makes a screen `invalid` (or, for `answeredWhenNotAsked`, only flags it).
public struct AnswerProblem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A required item that the skip logic asks was not answered.
        case missing
        /// A value outside the item's options or range.
        case outOfRange = "out_of_range"
        /// A positive answer to an item the skip logic says was not asked.
        case contradiction
    }

    public var item: String
    public var kind: Kind
    /// Safe message naming the item and rule, never the answer itself.
    public var message: String

    public init(item: String, kind: Kind, message: String) {
        self.item = item
        self.kind = kind
        self.message = message
    }
}
