import CrisisCore
import DefinitionFiles
import Foundation
import Yams

/// Reads `Escalation/cases/*.yaml` strictly, every problem at once.
public enum ScenarioLoader {
    public static let outcomes: Set<String> = ["delivered", "retryable", "permanent", "rate_limited"]

    /// Scenario files in a folder, sorted by name.
    public static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(directory)/\($0)" }
    }

    /// `defaultEscalation` is the folder whose `cases/` holds the file; a scenario may name another with `escalation:`.
    public static func load(file: String, defaultEscalation: String) -> (EscalationScenario?, [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            return (nil, [Diagnostic(.error, code: "unreadable", file: file, path: "", message: "cannot read the file")])
        }
        let reader = DocumentReader(file: file)
        guard
            let top = reader.mapping(
                reader.parse(text), at: "", required: ["name", "timeline"], optional: ["escalation", "start", "channels", "run_until"]),
            let name = reader.string(top["name"], at: "name")
        else { return (nil, reader.diagnostics) }
        let folder = (file as NSString).deletingLastPathComponent
        let escalation = top["escalation"].flatMap { reader.string($0, at: "escalation") }
            .map { (folder as NSString).appendingPathComponent($0) } ?? defaultEscalation
        var start = Date(timeIntervalSince1970: 1_767_614_400)  // 2026-01-05T12:00:00Z
        if let node = top["start"], let text = reader.string(node, at: "start") {
            if let date = try? Date.ISO8601FormatStyle().parse(text) { start = date } else {
                reader.error("bad-time", at: node, path: "start", "expected an ISO 8601 UTC time such as 2026-03-08T11:30:00Z")
            }
        }
        var channels: [String: [String]] = [:]
        if let node = top["channels"], case .mapping(let mapping) = node {
            for (key, value) in mapping {
                guard case .scalar(let receiver) = key else { continue }
                let path = "channels.\(receiver.string)"
                let list = reader.sequence(value, at: path).compactMap { item -> String? in
                    guard let outcome = reader.string(item.node, at: item.path) else { return nil }
                    guard outcomes.contains(outcome) else {
                        reader.error("bad-outcome", at: item.node, path: item.path, "one of \(outcomes.sorted().joined(separator: ", "))")
                        return nil
                    }
                    return outcome
                }
                channels[receiver.string] = list
            }
        } else if top["channels"] != nil {
            reader.error("wrong-type", at: top["channels"], path: "channels", "expected receiver: [outcomes]")
        }
        let runUntil = top["run_until"].flatMap { reader.integer($0, at: "run_until") }
        var steps: [EscalationScenario.Step] = []
        for entry in reader.sequence(top["timeline"], at: "timeline") {
            guard
                let step = reader.mapping(
                    entry.node, at: entry.path, required: ["at"],
                    optional: ["screen", "acknowledge", "escalate_now", "resolve", "refused", "expect", "state"]),
                let at = reader.integer(step["at"], at: step.path("at"))
            else { continue }
            let actions = ["screen", "acknowledge", "escalate_now", "resolve"].filter { step[$0] != nil }
            if actions.count > 1 {
                reader.error("several-actions", at: entry.node, path: entry.path, "one action per timeline entry")
            }
            let action = actions.first.flatMap { readAction($0, step, reader: reader) }
            let refused = step["refused"].flatMap { reader.string($0, at: step.path("refused")) }
            let expect = reader.sequence(step["expect"], at: step.path("expect")).compactMap { item -> EscalationScenario.ExpectedPage? in
                guard
                    let page = reader.mapping(item.node, at: item.path, required: ["receiver"], optional: ["event", "recipient", "result"]),
                    let receiver = reader.string(page["receiver"], at: page.path("receiver"))
                else { return nil }
                return .init(
                    receiver: receiver, event: page["event"].flatMap { reader.string($0, at: page.path("event")) },
                    recipient: page["recipient"].flatMap { reader.string($0, at: page.path("recipient")) },
                    result: page["result"].flatMap { reader.string($0, at: page.path("result")) } ?? "delivered")
            }
            var state: (String, Episode.State?, Bool?, Int?)?
            if let node = step["state"],
                let mapping = reader.mapping(node, at: step.path("state"), required: ["subject"], optional: ["state", "unreached", "step"]),
                let subject = reader.string(mapping["subject"], at: mapping.path("subject"))
            {
                state = (
                    subject, mapping["state"].flatMap { reader.enumValue(Episode.State.self, $0, at: mapping.path("state")) },
                    mapping["unreached"].flatMap { reader.bool($0, at: mapping.path("unreached")) },
                    mapping["step"].flatMap { reader.integer($0, at: mapping.path("step")) })
            }
            steps.append(.init(at: at, action: action, refused: refused, expect: expect, state: state, line: (entry.node.mark?.line ?? 0)))
        }
        guard !reader.diagnostics.hasErrors else { return (nil, reader.diagnostics) }
        let scenario = EscalationScenario(
            name: name, file: file, escalationDirectory: escalation, start: start, channels: channels,
            steps: steps.sorted { $0.at < $1.at }, runUntil: runUntil ?? ((steps.map(\.at).max() ?? 0) + 3600))
        return (scenario, reader.diagnostics)
    }

    private static func readAction(_ key: String, _ step: MappingView, reader: DocumentReader) -> EscalationScenario.Action? {
        let path = step.path(key)
        switch key {
        case "screen":
            guard
                let screen = reader.mapping(step[key], at: path, required: ["protocol", "answers", "subject"], optional: ["site"]),
                let protocolID = reader.string(screen["protocol"], at: screen.path("protocol")),
                let subject = reader.string(screen["subject"], at: screen.path("subject"))
            else { return nil }
            var answers: [String: EscalationScenario.Answer] = [:]
            if case .mapping(let mapping)? = screen["answers"] {
                for (key, value) in mapping {
                    guard case .scalar(let item) = key, case .scalar(let scalar) = value else { continue }
                    if let number = Int(scalar.string) {
                        answers[item.string] = .number(number)
                    } else if scalar.string == "true" || scalar.string == "false" {
                        answers[item.string] = .flag(scalar.string == "true")
                    } else {
                        answers[item.string] = .text(scalar.string)
                    }
                }
            }
            return .screen(
                protocolID: protocolID, answers: answers, subject: subject,
                site: screen["site"].flatMap { reader.string($0, at: screen.path("site")) })
        case "acknowledge":
            guard
                let ack = reader.mapping(step[key], at: path, required: ["subject", "by"], optional: ["kind"]),
                let subject = reader.string(ack["subject"], at: ack.path("subject")), let by = reader.string(ack["by"], at: ack.path("by"))
            else { return nil }
            let kind = ack["kind"].flatMap { reader.enumValue(AcknowledgementKind.self, $0, at: ack.path("kind")) } ?? .responding
            return .acknowledge(subject: subject, by: by, kind: kind)
        case "escalate_now":
            guard
                let escalate = reader.mapping(step[key], at: path, required: ["subject", "by"]),
                let subject = reader.string(escalate["subject"], at: escalate.path("subject")),
                let by = reader.string(escalate["by"], at: escalate.path("by"))
            else { return nil }
            return .escalateNow(subject: subject, by: by)
        default:
            guard
                let resolve = reader.mapping(step[key], at: path, required: ["subject", "by"], optional: ["disposition", "note"]),
                let subject = reader.string(resolve["subject"], at: resolve.path("subject")),
                let by = reader.string(resolve["by"], at: resolve.path("by"))
            else { return nil }
            return .resolve(
                subject: subject, by: by,
                disposition: resolve["disposition"].flatMap { reader.enumValue(Disposition.self, $0, at: resolve.path("disposition")) },
                note: resolve["note"].flatMap { reader.string($0, at: resolve.path("note")) })
        }
    }
}
