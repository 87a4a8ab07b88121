import CrisisCore
import RiskRules

/// Hand-written Swift computing exactly what the engine computes from the shipped files, for valid answers:
/// the reference the engine is measured against. Any difference is caught before timing.
enum HandWritten {
    static func cssrsRecent(_ answers: Answers, _ definition: ProtocolDefinition) -> Evaluation? {
        func yes(_ id: String) -> Bool { answers[id] == .code("yes") }
        func present(_ id: String) -> Bool { answers[id] != nil }
        // Skip logic: q1, q2, q6 always; q3–q5 after q2 = yes; q6_recent after q6 = yes.
        guard present("q1"), present("q2"), present("q6") else { return nil }
        if yes("q2") { guard present("q3"), present("q4"), present("q5") else { return nil } }
        if yes("q6") { guard present("q6_recent") else { return nil } }
        var fired: [FiredRule] = []
        var tier = RiskTier.none
        var outcome = "none"
        func fire(_ rule: String, _ result: String, _ resultTier: RiskTier, _ text: String) {
            fired.append(FiredRule(rule: rule, outcome: result, explanation: text))
            if resultTier > tier {
                tier = resultTier
                outcome = result
            }
        }
        if yes("q1") || yes("q2") { fire("wish_or_thoughts", "low", .low, explanation("wish_or_thoughts", definition)) }
        if yes("q3") { fire("method", "moderate", .moderate, explanation("method", definition)) }
        if yes("q6") && answers["q6_recent"] == .code("no") {
            fire("behaviour_over_3_months_ago", "moderate", .moderate, explanation("behaviour_over_3_months_ago", definition))
        }
        if yes("q4") || yes("q5") { fire("intent_or_plan", "high", .high, explanation("intent_or_plan", definition)) }
        if yes("q6") && yes("q6_recent") {
            fire("behaviour_past_3_months", "high", .high, explanation("behaviour_past_3_months", definition))
        }
        let action = definition.outcomeAction(outcome)
        return Evaluation(
            protocolID: definition.id, version: definition.version, hash: definition.hash, outcome: outcome, score: nil,
            tier: tier, domain: .self, flags: [], action: action, fired: fired, problems: [])
    }

    static func phq9(_ answers: Answers, _ definition: ProtocolDefinition) -> Evaluation? {
        var total = 0
        for index in 1...9 {
            guard case .integer(let value)? = answers["item\(index)"], (0...3).contains(value) else { return nil }
            total += value
        }
        let band: (String, Int, Int) =
            switch total {
            case 0...4: ("none_minimal", 0, 4)
            case 5...9: ("mild", 5, 9)
            case 10...14: ("moderate", 10, 14)
            case 15...19: ("moderately_severe", 15, 19)
            default: ("severe", 20, 27)
            }
        var fired = [FiredRule(rule: "total_band", outcome: band.0, explanation: "PHQ-9 total \(total) is in the band \(band.1)–\(band.2).")]
        var tier = RiskTier.none
        var flags: [String] = []
        var followUps: [ProtocolID] = []
        var action = definition.outcomeAction(band.0)
        if case .integer(let item9)? = answers["item9"], item9 >= 1 {
            flags.append("item9_flag")
            fired.append(FiredRule(rule: "item9_flag", outcome: "flag", explanation: definition.flagExplanation("item9_flag")))
            tier = .low
            action = definition.flagAction("item9_flag")
            followUps = [ProtocolID("cssrs_screen_recent")]
        }
        return Evaluation(
            protocolID: definition.id, version: definition.version, hash: definition.hash, outcome: band.0, score: total,
            tier: tier, domain: .self, flags: flags, action: action, fired: fired, problems: [], followUps: followUps)
    }

    private static func explanation(_ rule: String, _ definition: ProtocolDefinition) -> String {
        definition.ruleExplanation(rule)
    }
}
