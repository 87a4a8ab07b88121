import DefinitionFiles
import Foundation
import Yams

/// `schedules.yaml`: rotations with a time zone, first hand-off, shift length, people and overrides.
enum ScheduleReader {
    static func read(_ root: Node?, people: [String: PersonDefinition], reader: DocumentReader) -> [String: ScheduleDefinition] {
        guard let top = reader.mapping(root, at: "", required: ["schema", "schedules"]) else { return [:] }
        EscalationLoader.checkSchema(top, reader: reader)
        var seen: Set<String> = []
        var schedules: [String: ScheduleDefinition] = [:]
        for entry in reader.sequence(top["schedules"], at: "schedules") {
            guard
                let schedule = reader.mapping(
                    entry.node, at: entry.path, required: ["id", "time_zone", "rotation"], optional: ["overrides"]),
                let id = EscalationLoader.identifier(schedule, "id", kind: "schedule", seen: &seen, reader: reader),
                let zoneName = reader.string(schedule["time_zone"], at: schedule.path("time_zone"))
            else { continue }
            guard let zone = TimeZone(identifier: zoneName), zoneName.contains("/") || zoneName == "UTC" else {
                reader.error("bad-time-zone", at: schedule["time_zone"], path: schedule.path("time_zone"),
                             "'\(zoneName)' is not an IANA time zone (for example America/New_York)")
                continue
            }
            guard
                let rotation = reader.mapping(
                    schedule["rotation"], at: schedule.path("rotation"), required: ["start", "people"],
                    optional: ["shift_days", "shift_hours"])
            else { continue }
            let start = localTime(rotation, "start", zone: zone, reader: reader)
            let shift = shiftLength(rotation, reader: reader)
            let members = personList(rotation["people"], path: rotation.path("people"), people: people, reader: reader)
            var overrides: [ScheduleDefinition.Override] = []
            for item in reader.sequence(schedule["overrides"], at: schedule.path("overrides")) {
                guard let override = reader.mapping(item.node, at: item.path, required: ["person", "start", "end"]) else { continue }
                let person = personList(override["person"], path: override.path("person"), people: people, reader: reader).first
                let from = localTime(override, "start", zone: zone, reader: reader)
                let until = localTime(override, "end", zone: zone, reader: reader)
                guard let person, let from, let until else { continue }
                guard from < until else {
                    reader.error("bad-override", at: override["end"], path: override.path("end"), "an override must end after it starts")
                    continue
                }
                overrides.append(.init(person: person, start: from, end: until))
            }
            guard let start, let shift, !members.isEmpty else { continue }
            schedules[id] = ScheduleDefinition(
                id: id, timeZone: zone, start: start, shift: shift, people: members, overrides: overrides)
        }
        return schedules
    }

    /// `YYYY-MM-DDTHH:MM` read as wall-clock time in the schedule's zone.
    private static func localTime(_ mapping: MappingView, _ key: String, zone: TimeZone, reader: DocumentReader) -> Date? {
        guard let text = reader.string(mapping[key], at: mapping.path(key)) else { return nil }
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard text.range(of: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$", options: .regularExpression) != nil, parts.count == 5,
            let date = calendar.date(
                from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4])),
            calendar.component(.month, from: date) == parts[1]
        else {
            reader.error("bad-time", at: mapping[key], path: mapping.path(key),
                         "expected local time as YYYY-MM-DDTHH:MM (the schedule's time zone applies)")
            return nil
        }
        return date
    }

    private static func shiftLength(_ rotation: MappingView, reader: DocumentReader) -> ScheduleDefinition.ShiftLength? {
        let days = rotation["shift_days"].flatMap { reader.integer($0, at: rotation.path("shift_days")) }
        let hours = rotation["shift_hours"].flatMap { reader.integer($0, at: rotation.path("shift_hours")) }
        switch (days, hours) {
        case (let days?, nil) where days > 0: return .days(days)
        case (nil, let hours?) where hours > 0: return .hours(hours)
        default:
            reader.error("bad-shift", at: rotation["shift_days"] ?? rotation["shift_hours"], path: rotation.path("shift_days"),
                         "give exactly one of shift_days or shift_hours, a positive whole number")
            return nil
        }
    }

    private static func personList(_ node: Node?, path: String, people: [String: PersonDefinition], reader: DocumentReader)
        -> [String]
    {
        EscalationLoader.nodes(node, path: path, reader: reader).compactMap { item in
            guard let id = reader.string(item.node, at: item.path) else { return nil }
            guard people[id] != nil else {
                reader.error("unknown-person", at: item.node, path: item.path, "no person '\(id)' in people.yaml")
                return nil
            }
            return id
        }
    }
}
