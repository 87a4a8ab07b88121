import Foundation

/// An on-call rotation in a time zone, with temporary overrides.
///
/// Hand-offs of day-based shifts happen at the same local wall-clock time every day, so a shift that spans
/// a daylight-saving change is 23 or 25 hours long; hour-based shifts count elapsed hours.
public struct ScheduleDefinition: Sendable, Hashable {
    public enum ShiftLength: Sendable, Hashable {
        case days(Int)
        case hours(Int)
    }

    /// Someone else covers `[start, end)`.
    public struct Override: Sendable, Hashable {
        public var person: String
        public var start: Date
        public var end: Date

        public init(person: String, start: Date, end: Date) {
            self.person = person
            self.start = start
            self.end = end
        }
    }

    public var id: String
    public var timeZone: TimeZone
    /// First hand-off (an instant, read from local time in `timeZone`).
    public var start: Date
    public var shift: ShiftLength
    public var people: [String]
    public var overrides: [Override]

    public init(id: String, timeZone: TimeZone, start: Date, shift: ShiftLength, people: [String], overrides: [Override]) {
        self.id = id
        self.timeZone = timeZone
        self.start = start
        self.shift = shift
        self.people = people
        self.overrides = overrides
    }

    /// Who is on call at `instant`, with the shift's bounds; `nil` before the rotation starts.
    public func onCall(at instant: Date) -> (person: String, from: Date, until: Date)? {
        if let override = overrides.last(where: { $0.start <= instant && instant < $0.end }) {
            return (override.person, override.start, override.end)
        }
        guard !people.isEmpty, instant >= start, let index = shiftIndex(at: instant) else { return nil }
        let from = handOff(index)
        let until = handOff(index + 1)
        return (people[index % people.count], from, until)
    }

    /// The instant of hand-off number `index` (0 is `start`).
    public func handOff(_ index: Int) -> Date {
        switch shift {
        case .hours(let hours):
            return start.addingTimeInterval(TimeInterval(index * hours * 3600))
        case .days(let days):
            return calendar.date(byAdding: .day, value: index * days, to: start) ?? start
        }
    }

    private func shiftIndex(at instant: Date) -> Int? {
        switch shift {
        case .hours(let hours):
            return Int(instant.timeIntervalSince(start) / TimeInterval(hours * 3600))
        case .days(let days):
            // Count whole local days, then correct by one either way around a DST change.
            guard let elapsed = calendar.dateComponents([.day], from: start, to: instant).day else { return nil }
            var index = elapsed / days
            while index > 0 && handOff(index) > instant { index -= 1 }
            while handOff(index + 1) <= instant { index += 1 }
            return index
        }
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
