import CrisisCore
import DefinitionFiles
import Foundation
import Yams

/// Turns one protocol file into a `ProtocolDefinition`, or into every diagnostic it has.
///
/// Pipeline: strict read of the node tree (unknown and duplicate keys are errors), then cross-reference
/// checks (names in conditions, outcomes of rules, the default outcome), then the compiled value.
package struct ProtocolCompiler {
    package static func compile(text: String, file: String) -> (ProtocolDefinition?, [Diagnostic]) {
        let reader = DocumentReader(file: file)
        guard let root = reader.parse(text) else { return (nil, reader.diagnostics) }
        let definition = ProtocolCompiler.read(root, reader: reader, hash: SourceHash.of(text))
        return (reader.diagnostics.hasErrors ? nil : definition, reader.diagnostics)
    }

    private static func read(_ root: Node, reader: DocumentReader, hash: String) -> ProtocolDefinition? {
        guard
            let top = reader.mapping(
                root, at: "",
                required: ["schema", "id", "version", "title", "short_title", "attribution", "licence", "answer_sets",
                           "items", "outcomes", "default_outcome"],
                optional: ["instructions", "administered_by", "loinc", "scores", "flags", "rules"])
        else { return nil }
        if let schema = reader.integer(top["schema"], at: "schema"), schema != 1 {
            reader.error("unsupported-schema", at: top["schema"], path: "schema", "schema \(schema) is not supported (expected 1)")
        }
        let id = reader.string(top["id"], at: "id")
        if let id, id.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) == nil {
            reader.error("bad-id", at: top["id"], path: "id", "protocol ids are lower-case letters, digits and '_'")
        }
        let version = reader.string(top["version"], at: "version")
        let title = reader.string(top["title"], at: "title")
        let shortTitle = reader.string(top["short_title"], at: "short_title")
        let attribution = reader.string(top["attribution"], at: "attribution")
        let licence = readLicence(top["licence"], reader: reader)
        let instructions = top["instructions"].map { node in
            reader.sequence(node, at: "instructions").compactMap { reader.string($0.node, at: $0.path) }
        } ?? []
        let administeredBy = top["administered_by"].flatMap {
            reader.enumValue(ProtocolDefinition.Administration.self, $0, at: "administered_by")
        }
        let loinc = top["loinc"].flatMap { reader.string($0, at: "loinc") }
        let answerSets = readAnswerSets(top["answer_sets"], reader: reader)
        let items = readItems(top["items"], answerSets: answerSets, reader: reader)
        let (outcomes, outcomeIDs) = readOutcomes(top["outcomes"], reader: reader)
        let scores = readScores(top["scores"], items: items, outcomeIDs: outcomeIDs, reader: reader)
        let scoreTerms = Dictionary(scores.map { ($0.id, $0.term) }, uniquingKeysWith: { first, _ in first })
        let flags = readFlags(top["flags"], items: items, scores: scoreTerms, reader: reader)
        let defaultOutcome = reader.string(top["default_outcome"], at: "default_outcome")
        if let defaultOutcome, !outcomeIDs.contains(defaultOutcome) {
            reader.error("unknown-outcome", at: top["default_outcome"], path: "default_outcome",
                         "default_outcome '\(defaultOutcome)' is not one of the outcomes")
        }
        let rules = readRules(top["rules"], items: items, scores: scoreTerms, outcomeIDs: outcomeIDs, reader: reader)
        if top["rules"] == nil && scores.allSatisfy(\.bands.isEmpty) {
            reader.error("no-rules", at: root, path: "rules", "a protocol needs rules or score bands to reach its outcomes")
        }

        guard let id, let version, let title, let shortTitle, let attribution, let licence, let defaultOutcome else {
            return nil
        }
        return ProtocolDefinition(
            id: ProtocolID(id), version: version, hash: hash, title: title, shortTitle: shortTitle,
            attribution: attribution, licence: licence.terms, licenceEvidenceRequired: licence.evidenceRequired,
            administeredBy: administeredBy ?? .subject, loinc: loinc, instructions: instructions, items: items,
            outcomes: outcomes, scores: scores, flags: flags, rules: rules, defaultOutcome: defaultOutcome)
    }

    private static func readLicence(_ node: Node?, reader: DocumentReader) -> (terms: String, evidenceRequired: Bool)? {
        guard let licence = reader.mapping(node, at: "licence", required: ["terms", "evidence_required"]) else { return nil }
        let evidenceRequired = reader.bool(licence["evidence_required"], at: licence.path("evidence_required"))
        guard let terms = reader.string(licence["terms"], at: licence.path("terms")), let evidenceRequired else { return nil }
        return (terms, evidenceRequired)
    }

    private static func readAnswerSets(_ node: Node?, reader: DocumentReader) -> [String: AnswerSet] {
        guard case .mapping(let mapping)? = node else {
            if node != nil { reader.error("wrong-type", at: node, path: "answer_sets", "expected a mapping of named answer sets") }
            return [:]
        }
        var sets: [String: AnswerSet] = [:]
        for (keyNode, value) in mapping {
            guard let name = reader.string(keyNode, at: "answer_sets") else { continue }
            let path = "answer_sets.\(name)"
            guard let set = reader.mapping(value, at: path, required: [], optional: ["options", "range", "text"]) else { continue }
            if let text = set["text"] {
                guard set["options"] == nil, set["range"] == nil,
                    let limits = reader.mapping(text, at: set.path("text"), required: ["max_length"]),
                    let maximum = reader.integer(limits["max_length"], at: limits.path("max_length"))
                else {
                    if set["options"] != nil || set["range"] != nil {
                        reader.error("bad-answer-set", at: value, path: path, "an answer set has exactly one of 'options', 'range' or 'text'")
                    }
                    continue
                }
                sets[name] = .text(maxLength: max(1, maximum))
                continue
            }
            switch (set["options"], set["range"]) {
            case (let options?, nil):
                var seen = Set<String>()
                let parsed = reader.sequence(options, at: set.path("options")).compactMap { entry -> AnswerOption? in
                    guard
                        let option = reader.mapping(
                            entry.node, at: entry.path, required: ["code", "label"], optional: ["loinc", "negative"]),
                        let code = reader.string(option["code"], at: option.path("code")),
                        let label = reader.string(option["label"], at: option.path("label"))
                    else { return nil }
                    if !seen.insert(code).inserted {
                        reader.error("duplicate-option", at: option["code"], path: option.path("code"), "option '\(code)' appears twice")
                    }
                    let loinc = option["loinc"].flatMap { reader.string($0, at: option.path("loinc")) }
                    let negative = option["negative"].flatMap { reader.bool($0, at: option.path("negative")) } ?? false
                    return AnswerOption(code: code, label: label, loinc: loinc, negative: negative)
                }
                if parsed.isEmpty { reader.error("empty-options", at: options, path: set.path("options"), "an answer set needs options") }
                sets[name] = .choice(parsed)
            case (nil, let range?):
                guard let bounds = reader.mapping(range, at: set.path("range"), required: ["min", "max"], optional: ["labels"]),
                    let min = reader.integer(bounds["min"], at: bounds.path("min")),
                    let max = reader.integer(bounds["max"], at: bounds.path("max"))
                else { continue }
                if min > max { reader.error("bad-range", at: range, path: set.path("range"), "min is greater than max") }
                var labels: [AnswerOption] = []
                for entry in reader.sequence(bounds["labels"], at: bounds.path("labels")) {
                    guard
                        let label = reader.mapping(entry.node, at: entry.path, required: ["value", "label"], optional: ["loinc"]),
                        let value = reader.integer(label["value"], at: label.path("value")),
                        let text = reader.string(label["label"], at: label.path("label"))
                    else { continue }
                    if value != min + labels.count {
                        reader.error("bad-range-labels", at: label["value"], path: label.path("value"),
                                     "labels list each value from min to max once, in order (expected \(min + labels.count))")
                    }
                    let loinc = label["loinc"].flatMap { reader.string($0, at: label.path("loinc")) }
                    labels.append(AnswerOption(code: String(value), label: text, loinc: loinc, negative: value == min))
                }
                if bounds["labels"] != nil && labels.count != Swift.max(0, max - min + 1) {
                    reader.error("bad-range-labels", at: bounds["labels"], path: bounds.path("labels"),
                                 "labels must cover every value from \(min) to \(max)")
                }
                sets[name] = .range(min: min, max: Swift.max(min, max), labels: labels)
            default:
                reader.error("bad-answer-set", at: value, path: path, "an answer set has exactly one of 'options', 'range' or 'text'")
            }
        }
        return sets
    }

    private static func readItems(_ node: Node?, answerSets: [String: AnswerSet], reader: DocumentReader) -> [ProtocolItem] {
        var items: [ProtocolItem] = []
        for entry in reader.sequence(node, at: "items") {
            guard
                let item = reader.mapping(
                    entry.node, at: entry.path, required: ["id", "text", "answers"],
                    optional: ["loinc", "required", "required_if", "asked_if", "timeframe", "examples_text", "scored"]),
                let id = reader.string(item["id"], at: item.path("id"))
            else { continue }
            if items.contains(where: { $0.id == id }) {
                reader.error("duplicate-item", at: item["id"], path: item.path("id"), "item '\(id)' is declared twice")
            }
            let text = reader.string(item["text"], at: item.path("text"))
            let timeframe = item["timeframe"].flatMap { reader.string($0, at: item.path("timeframe")) }
            _ = item["examples_text"].flatMap { reader.string($0, at: item.path("examples_text")) }
            let loinc = item["loinc"].flatMap { reader.string($0, at: item.path("loinc")) }
            let setName = reader.string(item["answers"], at: item.path("answers"))
            let set = setName.flatMap { answerSets[$0] }
            if let setName, set == nil {
                reader.error("unknown-answer-set", at: item["answers"], path: item.path("answers"), "no answer set named '\(setName)'")
            }
            let required = item["required"].flatMap { reader.bool($0, at: item.path("required")) } ?? true
            _ = item["scored"].flatMap { reader.bool($0, at: item.path("scored")) }
            if item["required"] != nil && item["required_if"] != nil {
                reader.error("conflicting-keys", at: item["required_if"], path: item.path("required_if"),
                             "use either 'required' or 'required_if'")
            }
            // Skip logic may only look back at earlier items, which keeps the question order acyclic.
            let askedIf = item["asked_if"].map {
                readCondition($0, path: item.path("asked_if"), items: items, scores: [:], reader: reader)
            } ?? .always
            // required_if narrows when an asked item must be answered (ASQ: Q5 unless the whole screen was refused).
            let requiredIf: Condition?
            if let node = item["required_if"] {
                requiredIf = readCondition(node, path: item.path("required_if"), items: items, scores: [:], reader: reader)
            } else {
                requiredIf = required ? .always : nil
            }
            guard let text, let set else { continue }
            items.append(
                ProtocolItem(
                    id: id, text: text, loinc: loinc, answers: set, requiredIf: requiredIf, askedIf: askedIf ?? .always,
                    askedIfSource: item["asked_if"].flatMap { $0.scalar?.string },
                    requiredIfSource: item["required_if"].flatMap { $0.scalar?.string },
                    examplesText: item["examples_text"].flatMap { $0.scalar?.string }, timeframe: timeframe))
        }
        if items.isEmpty { reader.error("no-items", at: node, path: "items", "a protocol needs at least one item") }
        return items
    }

    /// The outcomes that read cleanly, and every declared outcome id (so one broken outcome does not also
    /// make each rule naming it an error).
    private static func readOutcomes(_ node: Node?, reader: DocumentReader) -> ([ProtocolOutcome], Set<String>) {
        var outcomes: [ProtocolOutcome] = []
        var declared = Set<String>()
        for entry in reader.sequence(node, at: "outcomes") {
            guard
                let outcome = reader.mapping(
                    entry.node, at: entry.path, required: ["id", "rank", "label", "tier", "domain", "action"],
                    optional: ["colour", "flags"]),
                let id = reader.string(outcome["id"], at: outcome.path("id"))
            else { continue }
            declared.insert(id)
            if id == Evaluation.invalidOutcome {
                reader.error("reserved-outcome", at: outcome["id"], path: outcome.path("id"),
                             "'invalid' is reserved for answers that cannot be scored")
            }
            if outcomes.contains(where: { $0.id == id }) {
                reader.error("duplicate-outcome", at: outcome["id"], path: outcome.path("id"), "outcome '\(id)' is declared twice")
            }
            let rank = reader.integer(outcome["rank"], at: outcome.path("rank"))
            if let rank, outcomes.contains(where: { $0.rank == rank }) {
                reader.error("duplicate-rank", at: outcome["rank"], path: outcome.path("rank"),
                             "two outcomes share rank \(rank); ranks decide which outcome wins")
            }
            let label = reader.string(outcome["label"], at: outcome.path("label"))
            let tier = reader.enumValue(RiskTier.self, outcome["tier"], at: outcome.path("tier"))
            let domain = reader.enumValue(RiskDomain.self, outcome["domain"], at: outcome.path("domain"))
            let colour = reader.isNull(outcome["colour"]) ? nil : outcome["colour"].flatMap { reader.string($0, at: outcome.path("colour")) }
            let flags = reader.sequence(outcome["flags"], at: outcome.path("flags")).compactMap { reader.string($0.node, at: $0.path) }
            let action = readAction(outcome["action"], path: outcome.path("action"), reader: reader)
            guard let rank, let label, let tier, let domain, let action else { continue }
            outcomes.append(
                ProtocolOutcome(id: id, rank: rank, label: label, tier: tier, domain: domain, colour: colour, flags: flags,
                                action: action))
        }
        if declared.isEmpty { reader.error("no-outcomes", at: node, path: "outcomes", "a protocol needs at least one outcome") }
        return (outcomes, declared)
    }

    static func readAction(_ node: Node?, path: String, reader: DocumentReader) -> RequiredAction? {
        guard let action = reader.mapping(node, at: path, required: ["class", "text"], optional: ["within_minutes"]) else {
            return nil
        }
        let actionClass = reader.enumValue(ActionClass.self, action["class"], at: action.path("class"))
        let within = reader.isNull(action["within_minutes"]) ? nil : action["within_minutes"].flatMap {
            reader.integer($0, at: action.path("within_minutes"))
        }
        if let within, within <= 0 {
            reader.error("bad-deadline", at: action["within_minutes"], path: action.path("within_minutes"), "must be positive")
        }
        guard let actionClass, let text = reader.string(action["text"], at: action.path("text")) else { return nil }
        return RequiredAction(actionClass: actionClass, withinMinutes: within, text: text)
    }

    private static func readRules(
        _ node: Node?, items: [ProtocolItem], scores: [String: NumericTerm], outcomeIDs: Set<String>, reader: DocumentReader
    ) -> [ProtocolRule] {
        var rules: [ProtocolRule] = []
        for entry in reader.sequence(node, at: "rules") {
            guard
                let rule = reader.mapping(entry.node, at: entry.path, required: ["id", "when", "outcome", "explain"]),
                let id = reader.string(rule["id"], at: rule.path("id"))
            else { continue }
            if rules.contains(where: { $0.id == id }) {
                reader.error("duplicate-rule", at: rule["id"], path: rule.path("id"), "rule '\(id)' is declared twice")
            }
            let outcome = reader.string(rule["outcome"], at: rule.path("outcome"))
            if let outcome, !outcomeIDs.contains(outcome) {
                reader.error("unknown-outcome", at: rule["outcome"], path: rule.path("outcome"), "no outcome named '\(outcome)'")
            }
            let source = reader.string(rule["when"], at: rule.path("when"))
            let condition = rule["when"].flatMap {
                readCondition($0, path: rule.path("when"), items: items, scores: scores, reader: reader)
            }
            guard let outcome, let source, let condition, let explain = reader.string(rule["explain"], at: rule.path("explain"))
            else { continue }
            rules.append(ProtocolRule(id: id, condition: condition, source: source, outcome: outcome, explanation: explain))
        }
        return rules
    }

    /// Parses and type-checks a condition against the items declared so far.
    /// Quoted scalars start one column after their mark.
    static func quoteColumnOffset(_ node: Node) -> Int {
        if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted { return 1 }
        return 0
    }

    static func readCondition(
        _ node: Node, path: String, items: [ProtocolItem], scores: [String: NumericTerm], reader: DocumentReader
    ) -> Condition? {
        guard let text = reader.string(node, at: path) else { return nil }
        let quoteOffset = quoteColumnOffset(node)
        switch ExpressionParser.parse(text) {
        case .failure(let error):
            reader.error("condition-syntax", at: node, path: path, error.message, columnOffset: error.offset + quoteOffset)
            return nil
        case .success(let expression):
            let checker = ConditionChecker(
                items: items, scores: scores, node: node, path: path, reader: reader, columnBase: quoteOffset)
            return checker.resolve(expression)
        }
    }
}
