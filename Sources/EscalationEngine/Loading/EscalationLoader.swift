import CrisisCore
import DefinitionFiles
import Foundation
import Yams

/// Loads `Escalation/`: receivers, people, schedules, policies and routes. Every cross-reference is checked
/// and every problem reported at once, with file, line, column and key path.
public enum EscalationLoader {
    /// `people.yaml` and `schedules.yaml` are optional (a plan may page receivers only).
    public static func load(directory: String) -> (EscalationPlan?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var sources: [String] = []
        func read(_ name: String, optional: Bool = false) -> (DocumentReader, Node?)? {
            let file = "\(directory)/\(name)"
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                if !optional {
                    diagnostics.append(Diagnostic(.error, code: "unreadable", file: file, path: "", message: "cannot read the file"))
                }
                return nil
            }
            sources.append(name + "\u{0}" + text)
            let reader = DocumentReader(file: file)
            return (reader, reader.parse(text))
        }

        var receivers: [String: ReceiverDefinition] = [:]
        if let (reader, root) = read("receivers.yaml") {
            receivers = ReceiverReader.read(root, reader: reader)
            diagnostics += reader.diagnostics
        }
        var people: [String: PersonDefinition] = [:]
        if let (reader, root) = read("people.yaml", optional: true) {
            people = PeopleReader.read(root, receivers: receivers, reader: reader)
            diagnostics += reader.diagnostics
        }
        var schedules: [String: ScheduleDefinition] = [:]
        if let (reader, root) = read("schedules.yaml", optional: true) {
            schedules = ScheduleReader.read(root, people: people, reader: reader)
            diagnostics += reader.diagnostics
        }
        var version: String?
        var policies: [String: EscalationPolicy] = [:]
        let references = TargetReader(receivers: receivers, people: people, schedules: schedules)
        if let (reader, root) = read("policies.yaml") {
            (version, policies) = PolicyReader.read(root, targets: references, reader: reader)
            diagnostics += reader.diagnostics
        }
        var routes: [Route] = []
        if let (reader, root) = read("routes.yaml") {
            let partial = EscalationPlan(
                version: "", hash: "", receivers: receivers, people: people, schedules: schedules, policies: policies, routes: [])
            routes = RouteReader.read(root, plan: partial, reader: reader)
            diagnostics += reader.diagnostics
        }
        guard !diagnostics.hasErrors, let version else { return (nil, diagnostics) }
        let plan = EscalationPlan(
            version: version, hash: SourceHash.of(sources.joined(separator: "\u{0}")), receivers: receivers, people: people,
            schedules: schedules, policies: policies, routes: routes)
        return (plan, diagnostics)
    }

    static func checkSchema(_ top: MappingView, reader: DocumentReader) {
        if let schema = reader.integer(top["schema"], at: "schema"), schema != 1 {
            reader.error("unsupported-schema", at: top["schema"], path: "schema", "schema \(schema) is not supported (expected 1)")
        }
    }

    /// An identifier for receivers, people, schedules and policies: lower case, digits, `-` and `_`.
    static func identifier(_ mapping: MappingView, _ key: String, kind: String, seen: inout Set<String>, reader: DocumentReader)
        -> String?
    {
        guard let name = reader.string(mapping[key], at: mapping.path(key)) else { return nil }
        guard name.range(of: "^[a-z0-9][a-z0-9_-]*$", options: .regularExpression) != nil else {
            reader.error("bad-identifier", at: mapping[key], path: mapping.path(key),
                         "\(kind) names use lower case letters, digits, '-' and '_'")
            return nil
        }
        if !seen.insert(name).inserted {
            reader.error("duplicate-id", at: mapping[key], path: mapping.path(key), "\(kind) '\(name)' is declared twice")
        }
        return name
    }

    /// The node itself, or each element when it is a list (match keys take one value or several).
    static func nodes(_ node: Node?, path: String, reader: DocumentReader) -> [(node: Node, path: String)] {
        guard let node else { return [] }
        if case .sequence = node { return reader.sequence(node, at: path) }
        return [(node, path)]
    }
}
