import CrisisCore
import DefinitionFiles
import Yams

extension ProtocolCompiler {
    /// Reads `scores`: each a sum or count over items, with optional bands that must cover its whole range.
    static func readScores(
        _ node: Node?, items: [ProtocolItem], outcomeIDs: Set<String>, reader: DocumentReader
    ) -> [ProtocolScore] {
        var scores: [ProtocolScore] = []
        for entry in reader.sequence(node, at: "scores") {
            guard
                let score = reader.mapping(entry.node, at: entry.path, required: ["id", "label", "value"], optional: ["loinc", "bands"]),
                let id = reader.string(score["id"], at: score.path("id")),
                let label = reader.string(score["label"], at: score.path("label")),
                let valueNode = score["value"], let source = reader.string(valueNode, at: score.path("value"))
            else { continue }
            if items.contains(where: { $0.id == id }) || scores.contains(where: { $0.id == id }) {
                reader.error("duplicate-score", at: score["id"], path: score.path("id"), "'\(id)' is already an item or score")
            }
            let loinc = score["loinc"].flatMap { reader.string($0, at: score.path("loinc")) }
            guard let term = readTerm(source, node: valueNode, path: score.path("value"), items: items, reader: reader),
                let range = range(of: term, items: items)
            else { continue }
            let bands = readBands(score["bands"], path: score.path("bands"), range: range, outcomeIDs: outcomeIDs, reader: reader)
            scores.append(ProtocolScore(id: id, label: label, term: term, loinc: loinc, range: range, bands: bands))
        }
        return scores
    }

    /// A score's definition: `sum(…)` or `count(…)`, checked like a condition's terms.
    private static func readTerm(
        _ source: String, node: Node, path: String, items: [ProtocolItem], reader: DocumentReader
    ) -> NumericTerm? {
        switch ExpressionParser.parseTerm(source) {
        case .failure(let error):
            reader.error("condition-syntax", at: node, path: path, error.message, columnOffset: error.offset + quoteColumnOffset(node))
            return nil
        case .success(.operand):
            reader.error("bad-score", at: node, path: path, "a score is sum(…) or count(…) over items")
            return nil
        case .success(let term):
            // Check the term by resolving `term >= 0` with the condition checker.
            let checker = ConditionChecker(
                items: items, scores: [:], node: node, path: path, reader: reader, columnBase: quoteColumnOffset(node))
            guard case .compare(let resolved, _, _)? = checker.resolve(.comparison(term, .greaterOrEqual, .operand(Operand(value: .number(0), offset: 0))))
            else { return nil }
            return resolved
        }
    }

    /// The values a score can take, from its items' ranges.
    private static func range(of term: NumericTerm, items: [ProtocolItem]) -> ClosedRange<Int>? {
        switch term {
        case .sum(let ids):
            var low = 0
            var high = 0
            for id in ids {
                guard case .range(let min, let max, _)? = items.first(where: { $0.id == id })?.answers else { return nil }
                low += min
                high += max
            }
            return low...high
        case .count(let ids, _):
            return 0...ids.count
        case .item, .score:
            return nil
        }
    }

    /// Bands `{to, outcome}` in ascending order; together they must cover the score's range without gaps.
    private static func readBands(
        _ node: Node?, path: String, range: ClosedRange<Int>, outcomeIDs: Set<String>, reader: DocumentReader
    ) -> [ScoreBand] {
        guard let node else { return [] }
        var bands: [ScoreBand] = []
        var next = range.lowerBound
        for entry in reader.sequence(node, at: path) {
            guard
                let band = reader.mapping(entry.node, at: entry.path, required: ["to", "outcome"]),
                let to = reader.integer(band["to"], at: band.path("to")),
                let outcome = reader.string(band["outcome"], at: band.path("outcome"))
            else { continue }
            if !outcomeIDs.contains(outcome) {
                reader.error("unknown-outcome", at: band["outcome"], path: band.path("outcome"), "no outcome named '\(outcome)'")
            }
            if to < next {
                reader.error("bands-not-ascending", at: band["to"], path: band.path("to"),
                             "band ends at \(to), before it starts at \(next): list bands lowest first")
                continue
            }
            bands.append(ScoreBand(from: next, to: to, outcome: outcome))
            next = to + 1
        }
        if next <= range.upperBound {
            reader.error("bands-incomplete", at: node, path: path,
                         "bands stop at \(next - 1) but the score reaches \(range.upperBound)")
        } else if next > range.upperBound + 1 {
            reader.error("bands-beyond-range", at: node, path: path,
                         "the last band ends at \(next - 1) but the score can only reach \(range.upperBound)")
        }
        return bands
    }

    /// Reads `flags`: conditions that add a flag (and can raise the tier) whatever the outcome.
    static func readFlags(
        _ node: Node?, items: [ProtocolItem], scores: [String: NumericTerm], reader: DocumentReader
    ) -> [ProtocolFlag] {
        var flags: [ProtocolFlag] = []
        for entry in reader.sequence(node, at: "flags") {
            guard
                let flag = reader.mapping(
                    entry.node, at: entry.path, required: ["id", "when", "explain", "tier", "domain", "action"],
                    optional: ["follow_up"]),
                let id = reader.string(flag["id"], at: flag.path("id")),
                let whenNode = flag["when"], let source = reader.string(whenNode, at: flag.path("when"))
            else { continue }
            if flags.contains(where: { $0.id == id }) {
                reader.error("duplicate-flag", at: flag["id"], path: flag.path("id"), "flag '\(id)' is declared twice")
            }
            let condition = readCondition(whenNode, path: flag.path("when"), items: items, scores: scores, reader: reader)
            let explanation = reader.string(flag["explain"], at: flag.path("explain"))
            let tier = reader.enumValue(RiskTier.self, flag["tier"], at: flag.path("tier"))
            let domain = reader.enumValue(RiskDomain.self, flag["domain"], at: flag.path("domain"))
            let action = readAction(flag["action"], path: flag.path("action"), reader: reader)
            let followUps = reader.sequence(flag["follow_up"], at: flag.path("follow_up")).compactMap {
                reader.string($0.node, at: $0.path).map(ProtocolID.init)
            }
            guard let condition, let explanation, let tier, let domain, let action else { continue }
            flags.append(
                ProtocolFlag(id: id, condition: condition, source: source, explanation: explanation, tier: tier, domain: domain,
                             action: action, followUps: followUps))
        }
        return flags
    }
}
