import DefinitionFiles
import Foundation
import Yams

/// `receivers.yaml`: each channel's kind, the environment variables holding its settings, an optional template.
enum ReceiverReader {
    static func read(_ root: Node?, reader: DocumentReader) -> [String: ReceiverDefinition] {
        guard let top = reader.mapping(root, at: "", required: ["schema", "receivers"]) else { return [:] }
        EscalationLoader.checkSchema(top, reader: reader)
        var seen: Set<String> = []
        var receivers: [String: ReceiverDefinition] = [:]
        for entry in reader.sequence(top["receivers"], at: "receivers") {
            // The kind decides which keys are allowed, so read it before checking the keys.
            let kindNode: Node? = if case .mapping(let mapping) = entry.node { mapping[Node("kind")] } else { nil }
            let kind = kindNode.flatMap { reader.enumValue(ReceiverDefinition.Kind.self, $0, at: "\(entry.path).kind") }
            let settings: (required: [String], optional: [String]) =
                kind?.settings ?? ([], ReceiverDefinition.Kind.allCases.flatMap { $0.settings.required + $0.settings.optional })
            guard
                let receiver = reader.mapping(
                    entry.node, at: entry.path, required: ["name", "kind"] + settings.required.map { $0 + "_env" },
                    optional: Array(Set(settings.optional.map { $0 + "_env" })) + ["template"]),
                let name = EscalationLoader.identifier(receiver, "name", kind: "receiver", seen: &seen, reader: reader),
                let kind
            else { continue }
            var environment: [String: String] = [:]
            for setting in settings.required + settings.optional {
                let key = setting + "_env"
                guard receiver[key] != nil, let variable = environmentName(receiver, key, reader: reader) else { continue }
                environment[setting] = variable
            }
            var template: PageTemplate?
            if let node = receiver["template"], let text = reader.string(node, at: receiver.path("template")) {
                if kind == .webhook {
                    reader.error("template-not-supported", at: node, path: receiver.path("template"),
                                 "webhook bodies are the fixed page schema; templates apply to pagerduty, slack and email")
                }
                let (parsed, unknown, malformed) = PageTemplate.parse(text)
                if malformed {
                    reader.error("bad-template", at: node, path: receiver.path("template"), "a '{{' has no closing '}}'")
                }
                for field in unknown {
                    reader.error("template-field-not-allowed", at: node, path: receiver.path("template"),
                                 "'\(field)' is not a page field; allowed: \(PageTemplate.allowedFields.sorted().joined(separator: ", "))")
                }
                template = parsed
            }
            receivers[name] = ReceiverDefinition(name: name, kind: kind, environment: environment, template: template)
        }
        return receivers
    }

    private static func environmentName(_ mapping: MappingView, _ key: String, reader: DocumentReader) -> String? {
        guard let name = reader.string(mapping[key], at: mapping.path(key)) else { return nil }
        guard name.range(of: "^[A-Z][A-Z0-9_]*$", options: .regularExpression) != nil else {
            reader.error("bad-env-name", at: mapping[key], path: mapping.path(key),
                         "'\(key)' names an environment variable (upper case); URLs and secrets are never written inline")
            return nil
        }
        return name
    }
}
