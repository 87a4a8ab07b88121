import CrisisCore

extension ProtocolDefinition {
    /// A plain-language sheet for clinical sign-off (design notes §10), bound to the file's hash: everything the
    /// engine will do with this file, in the order a reviewer reads a form, without YAML or Swift.
    public func reviewSheet() -> String {
        var lines: [String] = []
        lines.append("# Review: \(title)")
        lines.append("")
        lines.append("Protocol `\(id)` version \(version)")
        lines.append("File hash: \(hash)")
        lines.append("Completed by: \(administeredBy == .clinician ? "a clinician" : "the person screened (asked by staff)")")
        lines.append("")
        lines.append("Attribution: \(attribution)")
        lines.append("")
        lines.append("Licence: \(licence)")
        lines.append(licenceEvidenceRequired
            ? "Licence evidence must be recorded before production use (`crisisd licence record \(id)`)."
            : "No licence evidence needs recording.")
        if !instructions.isEmpty {
            lines.append("")
            lines.append("## Instructions (shown above the questions)")
            lines.append("")
            lines.append(contentsOf: instructions.map { "- \($0)" })
        }
        lines.append("")
        lines.append("## Questions")
        for (index, item) in items.enumerated() {
            lines.append("")
            lines.append("\(index + 1). `\(item.id)` — \(item.text)")
            if let timeframe = item.timeframe { lines.append("   Time frame: \(timeframe)") }
            if let guidance = item.examplesText { lines.append("   Guidance: \(guidance)") }
            lines.append("   Answers: \(describe(item.answers))")
            lines.append("   Asked: \(item.askedIfSource.map { "only when \($0)" } ?? "always")")
            switch (item.requiredIf, item.requiredIfSource) {
            case (nil, _): lines.append("   Required: no")
            case (_, let source?): lines.append("   Required: when \(source)")
            default: lines.append("   Required: yes, whenever asked")
            }
            if let loinc = item.loinc { lines.append("   LOINC: \(loinc)") }
        }
        if !scores.isEmpty {
            lines.append("")
            lines.append("## Scores")
            for score in scores {
                lines.append("")
                lines.append("- \(score.label) (`\(score.id)`), \(score.range.lowerBound)–\(score.range.upperBound)")
                for band in score.bands {
                    lines.append("  - \(band.from)–\(band.to): \(label(forOutcome: band.outcome))")
                }
            }
        }
        lines.append("")
        lines.append("## Outcomes (most severe last; the most severe matching outcome wins)")
        for outcome in outcomes.sorted(by: { $0.rank < $1.rank }) {
            let deadline = outcome.action.withinMinutes.map { ", within \($0) minutes" } ?? ""
            lines.append("")
            lines.append("- **\(outcome.label)** (`\(outcome.id)`): tier \(outcome.tier.rawValue), \(outcome.domain == .self ? "risk to self" : "risk to others"), "
                + "action \(outcome.action.actionClass.rawValue)\(deadline)\(outcome.colour.map { ", colour \($0)" } ?? "")")
            lines.append("  Recommended action: \(outcome.action.text)")
        }
        lines.append("")
        lines.append("When no rule or band matches valid answers: \(label(forOutcome: defaultOutcome)).")
        if !rules.isEmpty {
            lines.append("")
            lines.append("## Rules")
            for rule in rules {
                lines.append("")
                lines.append("- `\(rule.id)`: when `\(rule.source)` → \(label(forOutcome: rule.outcome))")
                lines.append("  Shown as: \(rule.explanation)")
            }
        }
        if !flags.isEmpty {
            lines.append("")
            lines.append("## Flags (raised whatever the outcome)")
            for flag in flags {
                let followUps = flag.followUps.isEmpty ? "" : "; follow-up: \(flag.followUps.map(\.rawValue).joined(separator: ", "))"
                lines.append("")
                lines.append("- `\(flag.id)`: when `\(flag.source)` → at least tier \(flag.tier.rawValue), action \(flag.action.actionClass.rawValue)\(followUps)")
                lines.append("  Shown as: \(flag.explanation)")
            }
        }
        lines.append("")
        lines.append("## Answers that cannot be scored")
        lines.append("")
        lines.append("A required question left unanswered, an answer outside the options, or a positive answer to a question")
        lines.append("the skip logic does not ask makes the result `invalid`. It is stored, flagged for review, and routed at the")
        lines.append("most severe result that completing or correcting the answers could still reach. A \"no\" recorded for a")
        lines.append("question that was not asked is kept and flagged `answered_when_not_asked`.")
        lines.append("")
        lines.append("## Sign-off")
        lines.append("")
        lines.append("I have reviewed this protocol as stated above, for file hash \(hash).")
        lines.append("")
        lines.append("Name: ______________________  Role: ______________________  Date: ____________  Signature: ______________")
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ answers: AnswerSet) -> String {
        switch answers {
        case .choice(let options): options.map { "\($0.label) (`\($0.code)`)" }.joined(separator: ", ")
        case .range(let min, let max, let labels):
            labels.isEmpty ? "a whole number from \(min) to \(max)" : labels.map { "\($0.code) = \($0.label)" }.joined(separator: ", ")
        case .text(let maxLength): "free text, up to \(maxLength) characters (kept in the record, never logged or paged)"
        }
    }
}
