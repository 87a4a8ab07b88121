import CrisisCore

extension ProtocolDefinition {
    /// Rule ids in file order.
    public var ruleIDs: [String] { rules.map(\.id) }

    /// Flag ids in file order.
    public var flagIDs: [String] { flags.map(\.id) }

    /// Outcome ids in file order.
    public var outcomeIDs: [String] { outcomes.map(\.id) }

    /// The outcome given when no band or rule matches.
    public var defaultOutcomeID: String { defaultOutcome }

    /// The plain-language explanation of a rule, for tools that show rules outside an evaluation.
    public func ruleExplanation(_ ruleID: String) -> String {
        rules.first { $0.id == ruleID }?.explanation ?? ""
    }

    /// The required action of an outcome.
    public func outcomeAction(_ outcomeID: String) -> RequiredAction {
        outcome(outcomeID)?.action ?? mostSevereOutcome.action
    }

    /// The explanation of a flag.
    public func flagExplanation(_ flagID: String) -> String {
        flags.first { $0.id == flagID }?.explanation ?? ""
    }

    /// The required action of a flag.
    public func flagAction(_ flagID: String) -> RequiredAction {
        flags.first { $0.id == flagID }?.action ?? mostSevereOutcome.action
    }
}
