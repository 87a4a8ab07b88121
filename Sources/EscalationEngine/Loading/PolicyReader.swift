import DefinitionFiles
import Yams

/// `policies.yaml`: a version, and policies of ordered steps with a repeat count, an acknowledgement timeout
/// and a final fallback.
enum PolicyReader {
    static func read(_ root: Node?, targets: TargetReader, reader: DocumentReader) -> (String?, [String: EscalationPolicy]) {
        guard let top = reader.mapping(root, at: "", required: ["schema", "version", "policies"]) else { return (nil, [:]) }
        EscalationLoader.checkSchema(top, reader: reader)
        let version = reader.string(top["version"], at: "version")
        var seen: Set<String> = []
        var policies: [String: EscalationPolicy] = [:]
        for entry in reader.sequence(top["policies"], at: "policies") {
            guard
                let policy = reader.mapping(
                    entry.node, at: entry.path, required: ["id", "steps"],
                    optional: ["repeat", "acknowledgement_timeout", "final_fallback"]),
                let id = EscalationLoader.identifier(policy, "id", kind: "policy", seen: &seen, reader: reader)
            else { continue }
            var steps: [EscalationPolicy.Step] = []
            for item in reader.sequence(policy["steps"], at: policy.path("steps")) {
                guard let step = reader.mapping(item.node, at: item.path, required: ["targets", "delay"]) else { continue }
                let stepTargets = targets.read(step["targets"], path: step.path("targets"), reader: reader)
                if stepTargets.isEmpty && reader.sequence(step["targets"], at: step.path("targets")).isEmpty {
                    reader.error("empty-step", at: step["targets"], path: step.path("targets"), "a step must page at least one target")
                }
                guard let delay = seconds(step, "delay", minimum: 1, reader: reader) else { continue }
                steps.append(.init(targets: stepTargets, delay: delay))
            }
            let repeatCount = policy["repeat"] == nil ? 0 : (reader.integer(policy["repeat"], at: policy.path("repeat")) ?? 0)
            if !(0...20).contains(repeatCount) {
                reader.error("bad-repeat", at: policy["repeat"], path: policy.path("repeat"), "repeat is a count from 0 to 20")
            }
            let fallback = targets.read(policy["final_fallback"], path: policy.path("final_fallback"), reader: reader)
            let acknowledgementTimeout = policy["acknowledgement_timeout"] == nil
                ? 1800 : seconds(policy, "acknowledgement_timeout", minimum: 60, reader: reader) ?? 1800
            if !steps.isEmpty {
                if policy["final_fallback"] == nil || fallback.isEmpty {
                    reader.error("policy-without-fallback", at: entry.node, path: policy.path("final_fallback"),
                                 "policy '\(id)' pages people, so it needs a final_fallback: paging never just stops")
                }
                if policy["acknowledgement_timeout"] == nil {
                    reader.error("missing-acknowledgement-timeout", at: entry.node, path: policy.path("acknowledgement_timeout"),
                                 "policy '\(id)' pages people, so it needs an acknowledgement_timeout in seconds")
                }
            }
            policies[id] = EscalationPolicy(
                id: id, steps: steps, repeatCount: repeatCount, acknowledgementTimeout: acknowledgementTimeout, finalFallback: fallback)
        }
        return (version, policies)
    }

    private static func seconds(_ mapping: MappingView, _ key: String, minimum: Int, reader: DocumentReader) -> Int? {
        guard let value = reader.integer(mapping[key], at: mapping.path(key)) else { return nil }
        guard value >= minimum, value <= 86_400 else {
            reader.error("bad-duration", at: mapping[key], path: mapping.path(key), "'\(key)' is seconds, from \(minimum) to 86400")
            return nil
        }
        return value
    }
}
