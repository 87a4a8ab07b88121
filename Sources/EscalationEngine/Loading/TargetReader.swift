import DefinitionFiles
import Yams

/// Reads `{receiver: …}`, `{person: …}` or `{schedule: …}` and checks that the name exists.
struct TargetReader {
    let receivers: [String: ReceiverDefinition]
    let people: [String: PersonDefinition]
    let schedules: [String: ScheduleDefinition]

    func read(_ node: Node?, path: String, reader: DocumentReader) -> [EscalationTarget] {
        reader.sequence(node, at: path).compactMap { item in
            guard let mapping = reader.mapping(item.node, at: item.path, required: [], optional: ["receiver", "person", "schedule"])
            else { return nil }
            let given = ["receiver", "person", "schedule"].filter { mapping[$0] != nil }
            guard given.count == 1, let key = given.first else {
                reader.error("bad-target", at: item.node, path: item.path, "a target names exactly one of receiver, person or schedule")
                return nil
            }
            guard let name = reader.string(mapping[key], at: mapping.path(key)) else { return nil }
            switch key {
            case "receiver":
                guard receivers[name] != nil else {
                    reader.error("unknown-receiver", at: mapping[key], path: mapping.path(key), "no receiver named '\(name)'")
                    return nil
                }
                return .receiver(name)
            case "person":
                guard people[name] != nil else {
                    reader.error("unknown-person", at: mapping[key], path: mapping.path(key), "no person '\(name)' in people.yaml")
                    return nil
                }
                return .person(name)
            default:
                guard schedules[name] != nil else {
                    reader.error("unknown-schedule", at: mapping[key], path: mapping.path(key), "no schedule '\(name)' in schedules.yaml")
                    return nil
                }
                return .schedule(name)
            }
        }
    }
}
