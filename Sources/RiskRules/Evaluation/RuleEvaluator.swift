import CrisisCore

extension ProtocolDefinition {
    /// Judges answers: checks them against the skip logic and options, then applies bands, rules and flags.
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
                if asked == .yes && item.requiredIf?.evaluate(readable) == .yes {
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

    /// Applies bands and rules to valid answers (the most severe matching outcome wins), then the flags.
    func scoredEvaluation(_ answers: Answers, flags extraFlags: [String]) -> Evaluation {
        var fired: [FiredRule] = []
        var winner: ProtocolOutcome?
        func consider(_ candidateID: String) {
            if let candidate = outcome(candidateID), candidate.rank > (winner?.rank ?? Int.min) { winner = candidate }
        }
        for score in scores {
            guard let value = score.term.value(answers),
                let band = score.bands.first(where: { ($0.from...$0.to).contains(value) })
            else { continue }
            fired.append(
                FiredRule(rule: "\(score.id)_band", outcome: band.outcome,
                          explanation: "\(score.label) \(value) is in the band \(band.from)–\(band.to)."))
            consider(band.outcome)
        }
        for rule in rules where rule.condition.evaluate(answers) == .yes {
            fired.append(FiredRule(rule: rule.id, outcome: rule.outcome, explanation: rule.explanation))
            consider(rule.outcome)
        }
        // The default applies only when no band or rule matched. The compiler guarantees it exists; if it ever did
        // not, the most severe outcome is used.
        let chosen = winner ?? outcome(defaultOutcome) ?? mostSevereOutcome
        var tier = chosen.tier
        var domain = chosen.domain
        var action = chosen.action
        var flagIDs = chosen.flags
        var followUps: [ProtocolID] = []
        for flag in flags where flag.condition.evaluate(answers) == .yes {
            flagIDs.append(flag.id)
            fired.append(FiredRule(rule: flag.id, outcome: "flag", explanation: flag.explanation))
            followUps += flag.followUps.filter { !followUps.contains($0) }
            if flag.tier > tier {
                tier = flag.tier
                domain = flag.domain
            }
            if flag.action.actionClass > action.actionClass { action = flag.action }
        }
        return Evaluation(
            protocolID: id, version: version, hash: hash, outcome: chosen.id, score: scores.first?.term.value(answers),
            tier: tier, domain: domain, flags: flagIDs + extraFlags, action: action, fired: fired, problems: [],
            followUps: followUps)
    }

    /// The `invalid` result: routed as the worst completion still reachable, flagged for human review.
    func invalidEvaluation(_ answers: Answers, problems: [AnswerProblem], flags: [String]) -> Evaluation {
        let worst = worstReachableEvaluation(answers, problems: problems)
        let label = self.label(forOutcome: worst.outcome)
        let action = RequiredAction(
            actionClass: worst.action.actionClass, withinMinutes: worst.action.withinMinutes,
            text: "Answers incomplete or contradictory: complete or correct the screen now; "
                + "handled as '\(label)' until a clinician resolves it. \(worst.action.text)")
        let explanation = FiredRule(
            rule: "invalid_answers", outcome: worst.outcome,
            explanation: "The answers could not be scored; the most severe outcome they could still reach is '\(label)'.")
        return Evaluation(
            protocolID: id, version: version, hash: hash, outcome: Evaluation.invalidOutcome, score: nil,
            tier: worst.tier, domain: worst.domain, flags: worst.flags + flags + ["review_required"], action: action,
            fired: [explanation], problems: problems, followUps: worst.followUps)
    }

    var mostSevereOutcome: ProtocolOutcome {
        outcomes.max { $0.rank < $1.rank } ?? ProtocolOutcome(
            id: "unknown", rank: 0, label: "unknown", tier: .high, domain: .self, colour: nil, flags: [],
            action: RequiredAction(actionClass: .stat, withinMinutes: 60, text: "Review now."))
    }

    /// The most severe thing the protocol can say, used when the answer space is too large to search.
    var mostSevereEvaluation: Evaluation {
        let outcome = mostSevereOutcome
        let worstFlag = flags.max { $0.tier < $1.tier }
        let raised = worstFlag.map { $0.tier > outcome.tier } ?? false
        return Evaluation(
            protocolID: id, version: version, hash: hash, outcome: outcome.id, score: nil,
            tier: raised ? worstFlag?.tier ?? outcome.tier : outcome.tier,
            domain: raised ? worstFlag?.domain ?? outcome.domain : outcome.domain, flags: outcome.flags,
            action: outcome.action, fired: [], problems: [])
    }

    /// Bounds the exhaustive search; larger spaces fall back to the protocol's most severe result.
    static let completionSearchLimit = 200_000

    /// The most severe result among every valid completion or correction of the answers.
    ///
    /// Items that are missing or problematic vary over all their values (and absence), and so do the items the
    /// skip logic of a contradicted item depends on, since either side of a contradiction may be the mistake.
    func worstReachableEvaluation(_ answers: Answers, problems: [AnswerProblem]) -> Evaluation {
        let problemItems = Set(problems.map(\.item))
        var varying = Set(items.filter { answers[$0.id] == nil || problemItems.contains($0.id) }.map(\.id))
        for problem in problems where problem.kind == .contradiction {
            varying.formUnion(item(problem.item)?.askedIf.items ?? [])
        }
        let ordered = items.filter { varying.contains($0.id) }
        let spaceSize = ordered.reduce(1.0) { $0 * Double($1.answers.allValues.count + 1) }
        guard spaceSize <= Double(Self.completionSearchLimit) else { return mostSevereEvaluation }

        var candidate = answers
        for itemID in varying { candidate[itemID] = nil }
        var worst: Evaluation?
        let ceiling = mostSevereEvaluation
        func search(_ index: Int) {
            if let worst, worst.tier == ceiling.tier, worst.action.actionClass >= ceiling.action.actionClass { return }
            guard index < ordered.count else {
                guard checkAnswers(candidate).problems.isEmpty else { return }
                let result = scoredEvaluation(candidate, flags: [])
                if worst.map({ isMoreSevere(result, than: $0) }) ?? true { worst = result }
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
        return worst ?? ceiling
    }

    /// Orders results by tier, then action urgency, then outcome rank.
    func isMoreSevere(_ lhs: Evaluation, than rhs: Evaluation) -> Bool {
        if lhs.tier != rhs.tier { return lhs.tier > rhs.tier }
        if lhs.action.actionClass != rhs.action.actionClass { return lhs.action.actionClass > rhs.action.actionClass }
        return (outcome(lhs.outcome)?.rank ?? 0) > (outcome(rhs.outcome)?.rank ?? 0)
    }
}
