import CrisisCore

extension ProtocolDefinition {
    /// Judges answers: checks them against the skip logic and options, then applies the rules.
    ///
    /// Answers that cannot be scored give the outcome `invalid`, routed at the worst tier that completing or
    /// correcting them could still reach (design notes §2), so an incomplete screen is never shown as low risk.
    public func evaluate(_ answers: Answers) -> Evaluation {
        let check = checkAnswers(answers)
        guard check.problems.isEmpty else {
            return invalidEvaluation(answers, problems: check.problems, flags: check.flags)
        }
        return scoredEvaluation(answers, flags: check.flags)
    }

    /// Result of checking answers against the skip logic and options.
    struct AnswerCheck {
        var problems: [AnswerProblem] = []
        var flags: [String] = []
    }

    /// Finds missing, out-of-range and contradictory answers; harmless answers to unasked items become a flag.
    func checkAnswers(_ answers: Answers) -> AnswerCheck {
        var check = AnswerCheck()
        // Out-of-range values are treated as unknown when deciding which items were asked.
        let readable = answers.filter { entry in item(entry.key)?.answers.allows(entry.value) ?? false }
        for item in items {
            let asked = item.askedIf.evaluate(readable)
            guard let value = answers[item.id] else {
                if asked == .yes && item.required {
                    check.problems.append(
                        AnswerProblem(item: item.id, kind: .missing, message: "'\(item.id)' is required and was not answered"))
                }
                continue
            }
            if !item.answers.allows(value) {
                check.problems.append(
                    AnswerProblem(item: item.id, kind: .outOfRange, message: "'\(item.id)' has a value outside its options"))
            } else if asked == .no {
                if item.answers.isNegative(value) {
                    if !check.flags.contains("answered_when_not_asked") { check.flags.append("answered_when_not_asked") }
                } else {
                    check.problems.append(
                        AnswerProblem(item: item.id, kind: .contradiction,
                                      message: "'\(item.id)' was answered positively although the skip logic does not ask it"))
                }
            }
        }
        return check
    }

    /// Applies every rule to valid answers; the most severe matching outcome wins.
    func scoredEvaluation(_ answers: Answers, flags: [String]) -> Evaluation {
        var fired: [FiredRule] = []
        var winner = outcome(defaultOutcome)
        for rule in rules where rule.condition.evaluate(answers) == .yes {
            fired.append(FiredRule(rule: rule.id, outcome: rule.outcome, explanation: rule.explanation))
            if let candidate = outcome(rule.outcome), candidate.rank > (winner?.rank ?? Int.min) {
                winner = candidate
            }
        }
        // The compiler guarantees the default outcome exists; fall back to the most severe one if it ever did not.
        let chosen = winner ?? mostSevereOutcome
        return Evaluation(
            protocolID: id, version: version, hash: hash, outcome: chosen.id, score: nil, tier: chosen.tier,
            domain: chosen.domain, flags: chosen.flags + flags, action: chosen.action, fired: fired, problems: [])
    }

    /// The `invalid` result: routed at the worst outcome still reachable, flagged for human review.
    func invalidEvaluation(_ answers: Answers, problems: [AnswerProblem], flags: [String]) -> Evaluation {
        let worst = worstReachableOutcome(answers, problems: problems)
        let action = RequiredAction(
            actionClass: worst.action.actionClass, withinMinutes: worst.action.withinMinutes,
            text: "Answers incomplete or contradictory: complete or correct the screen now; "
                + "handled as '\(worst.label)' until a clinician resolves it. \(worst.action.text)")
        let explanation = FiredRule(
            rule: "invalid_answers", outcome: worst.id,
            explanation: "The answers could not be scored; the most severe outcome they could still reach is '\(worst.label)'.")
        return Evaluation(
            protocolID: id, version: version, hash: hash, outcome: Evaluation.invalidOutcome, score: nil,
            tier: worst.tier, domain: worst.domain, flags: worst.flags + flags + ["review_required"], action: action,
            fired: [explanation], problems: problems)
    }

    var mostSevereOutcome: ProtocolOutcome {
        outcomes.max { $0.rank < $1.rank } ?? ProtocolOutcome(
            id: "unknown", rank: 0, label: "unknown", tier: .high, domain: .self, colour: nil, flags: [],
            action: RequiredAction(actionClass: .stat, withinMinutes: 60, text: "Review now."))
    }

    /// Bounds the exhaustive search; larger spaces fall back to the protocol's most severe outcome.
    static let completionSearchLimit = 200_000

    /// The most severe outcome among every valid completion or correction of the answers.
    ///
    /// Items that are missing or problematic vary over all their values (and absence), and so do the items the
    /// skip logic of a contradicted item depends on, since either side of a contradiction may be the mistake.
    func worstReachableOutcome(_ answers: Answers, problems: [AnswerProblem]) -> ProtocolOutcome {
        let problemItems = Set(problems.map(\.item))
        var varying = Set(items.filter { answers[$0.id] == nil || problemItems.contains($0.id) }.map(\.id))
        for problem in problems where problem.kind == .contradiction {
            varying.formUnion(item(problem.item)?.askedIf.items ?? [])
        }
        let ordered = items.filter { varying.contains($0.id) }
        let spaceSize = ordered.reduce(1.0) { $0 * Double($1.answers.allValues.count + 1) }
        guard spaceSize <= Double(Self.completionSearchLimit) else { return mostSevereOutcome }

        var fixed = answers
        for itemID in varying { fixed[itemID] = nil }
        var worst: ProtocolOutcome?
        var candidate = fixed
        func search(_ index: Int) {
            if worst?.rank == mostSevereOutcome.rank { return }
            guard index < ordered.count else {
                guard checkAnswers(candidate).problems.isEmpty else { return }
                let result = scoredEvaluation(candidate, flags: [])
                if let reached = outcome(result.outcome), reached.rank > (worst?.rank ?? Int.min) { worst = reached }
                return
            }
            let itemID = ordered[index].id
            for value in [nil] + ordered[index].answers.allValues.map(Optional.some) {
                candidate[itemID] = value
                search(index + 1)
            }
            candidate[itemID] = nil
        }
        search(0)
        return worst ?? mostSevereOutcome
    }
}
