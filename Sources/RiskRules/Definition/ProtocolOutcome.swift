import CrisisCore

/// An instrument outcome and what it means for routing: tier, domain, flags and required action.
package struct ProtocolOutcome: Sendable, Hashable {
    package var id: String
    /// Severity rank inside this protocol; the most severe matching outcome wins.
    package var rank: Int
    package var label: String
    package var tier: RiskTier
    package var domain: RiskDomain
    package var colour: String?
    package var flags: [String]
    package var action: RequiredAction
}

/// A rule: when the condition holds, the answers vote for an outcome.
package struct ProtocolRule: Sendable, Hashable {
    package var id: String
    package var condition: Condition
    /// The condition as written, shown to reviewers.
    package var source: String
    package var outcome: String
    /// Plain-language reason shown with the result.
    package var explanation: String
}
