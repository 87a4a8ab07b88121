import CrisisCore

/// A named score (e.g. the PHQ-9 total) and the bands that turn it into an outcome.
package struct ProtocolScore: Sendable, Hashable {
    package var id: String
    package var label: String
    package var term: NumericTerm
    package var loinc: String?
    /// Lowest and highest value the items allow.
    package var range: ClosedRange<Int>
    /// Contiguous bands covering `range`, lowest first.
    package var bands: [ScoreBand]
}

/// Scores from `from` to `to` (inclusive) give `outcome`.
package struct ScoreBand: Sendable, Hashable {
    package var from: Int
    package var to: Int
    package var outcome: String
}

/// A flag: raised when its condition holds, whatever the outcome; it can raise the tier and ask for a follow-up.
package struct ProtocolFlag: Sendable, Hashable {
    package var id: String
    package var condition: Condition
    package var source: String
    package var explanation: String
    /// The tier the flag implies (the evaluation's tier is the higher of this and the outcome's).
    package var tier: RiskTier
    package var domain: RiskDomain
    package var action: RequiredAction
    /// Protocols that must follow, e.g. a same-day C-SSRS after PHQ-9 item 9 ≥ 1.
    package var followUps: [ProtocolID]
}
