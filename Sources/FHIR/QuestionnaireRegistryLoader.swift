import CrisisCore
import DefinitionFiles
import Foundation
import RiskRules
import Yams

/// Reads `Protocols/fhir-questionnaires.yaml` strictly and checks it against the loaded protocols: every
/// canonical once, every protocol, item and score it names exists, no item mapped twice.
public enum QuestionnaireRegistryLoader {
    public static let fileName = "fhir-questionnaires.yaml"

    /// A missing file is an empty registry (only crisisd's own Questionnaires are accepted).
    public static func load(directory: String, protocols: ProtocolLibrary) -> (QuestionnaireRegistry?, [Diagnostic]) {
        let file = "\(directory)/\(fileName)"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            return FileManager.default.fileExists(atPath: file)
                ? (nil, [Diagnostic(.error, code: "unreadable", file: file, path: "", message: "cannot read the file")])
                : (QuestionnaireRegistry(), [])
        }
        let reader = DocumentReader(file: file)
        guard let root = reader.parse(text), let top = reader.mapping(root, at: "", required: ["questionnaires"]) else {
            return (nil, reader.diagnostics)
        }
        var entries: [PublicQuestionnaire] = []
        var seen: Set<String> = []
        for (node, path) in reader.sequence(top.values["questionnaires"], at: "questionnaires") {
            guard
                let entry = reader.mapping(
                    node, at: path, required: ["canonical", "protocol", "source", "items"], optional: ["reported_scores", "ignored"]),
                let canonical = reader.string(entry.values["canonical"], at: entry.path("canonical")),
                let protocolText = reader.string(entry.values["protocol"], at: entry.path("protocol")),
                let source = reader.string(entry.values["source"], at: entry.path("source"))
            else { continue }
            if canonical.contains("|") || !(canonical.hasPrefix("http://") || canonical.hasPrefix("https://")) {
                reader.error("invalid-canonical", at: entry.values["canonical"], path: entry.path("canonical"), "an http(s) URL without |version")
            }
            if !seen.insert(canonical).inserted {
                reader.error("duplicate-canonical", at: entry.values["canonical"], path: entry.path("canonical"), "listed twice")
            }
            guard let definition = protocols[ProtocolID(protocolText)] else {
                reader.error("unknown-protocol", at: entry.values["protocol"], path: entry.path("protocol"), "no loaded protocol '\(protocolText)'")
                continue
            }
            let items = pairs(reader, entry.values["items"], at: entry.path("items"))
            var targets: Set<String> = []
            for (linkId, (item, node)) in items {
                if definition.item(item) == nil {
                    reader.error("unknown-item", at: node, path: "\(entry.path("items")).\(linkId)", "\(protocolText) has no item '\(item)'")
                }
                if !targets.insert(item).inserted {
                    reader.error("item-mapped-twice", at: node, path: "\(entry.path("items")).\(linkId)", "item '\(item)' is mapped twice")
                }
            }
            let scores = pairs(reader, entry.values["reported_scores"], at: entry.path("reported_scores"))
            for (linkId, (score, node)) in scores where !definition.scores.contains(where: { $0.id == score }) {
                reader.error("unknown-score", at: node, path: "\(entry.path("reported_scores")).\(linkId)", "\(protocolText) has no score '\(score)'")
            }
            let ignored = pairs(reader, entry.values["ignored"], at: entry.path("ignored"))
            for linkId in Set(items.keys).intersection(scores.keys).union(Set(items.keys).intersection(ignored.keys)) {
                reader.error("link-id-twice", at: entry.node, path: entry.path("items"), "linkId '\(linkId)' is listed in more than one map")
            }
            entries.append(
                PublicQuestionnaire(
                    canonical: canonical, protocolID: definition.id, source: source, items: items.mapValues(\.0),
                    reportedScores: scores.mapValues(\.0), ignored: ignored.mapValues(\.0)))
        }
        guard !reader.diagnostics.contains(where: { $0.severity == .error }) else { return (nil, reader.diagnostics) }
        return (QuestionnaireRegistry(entries), reader.diagnostics)
    }

    /// A mapping of plain string keys to plain string values.
    private static func pairs(_ reader: DocumentReader, _ node: Node?, at path: String) -> [String: (String, Node)] {
        guard let node else { return [:] }
        guard case .mapping(let mapping) = node else {
            reader.error("wrong-type", at: node, path: path, "expected a mapping of linkId to id")
            return [:]
        }
        var result: [String: (String, Node)] = [:]
        for (key, value) in mapping {
            guard case .scalar(let linkId) = key, let target = reader.string(value, at: "\(path).\(linkId.string)") else { continue }
            result[linkId.string] = (target, value)
        }
        return result
    }
}
