import CrisisTestSupport
import EscalationEngine
import Foundation
import Testing

/// On-call resolution across daylight-saving changes, hour-based shifts and overrides.
@Suite struct ScheduleTests {
    static func utc(_ text: String) -> Date {
        guard let date = try? Date.ISO8601FormatStyle().parse(text) else { preconditionFailure(text) }
        return date
    }

    static func newYork(start: String, shift: ScheduleDefinition.ShiftLength, overrides: [ScheduleDefinition.Override] = [])
        -> ScheduleDefinition
    {
        ScheduleDefinition(
            id: "s", timeZone: TimeZone(identifier: "America/New_York")!, start: utc(start), shift: shift, people: ["a", "b", "c"],
            overrides: overrides)
    }

    // 2026-03-01 08:00 EST = 13:00Z, rotating a, b, c daily; the US springs forward on 2026-03-08 and falls back on
    // 2026-11-01. A fixed 24-hour shift would hand off an hour late in summer: 12:30Z on 03-08 would still be a's.
    static let daily = newYork(start: "2026-03-01T13:00:00Z", shift: .days(1))

    @Test(arguments: [
        // Before the spring change: hand-off at 13:00Z (08:00 EST).
        ("2026-03-07T12:59:59Z", "c"), ("2026-03-07T13:00:00Z", "a"),
        // After it: hand-off at 12:00Z (08:00 EDT); the shift that spans the change is 23 hours long.
        ("2026-03-08T11:59:59Z", "a"), ("2026-03-08T12:00:00Z", "b"), ("2026-03-08T12:30:00Z", "b"),
        // Autumn: 08:00 EDT on 2026-10-31 is 12:00Z, 08:00 EST on 2026-11-01 is 13:00Z (a 25-hour shift).
        ("2026-11-01T12:30:00Z", "b"), ("2026-11-01T13:00:00Z", "c"),
    ])
    func dailyHandOffStaysAtLocalEightAcrossDST(_ instant: String, _ expected: String) throws {
        let onCall = try #require(Self.daily.onCall(at: Self.utc(instant)))
        #expect(onCall.person == expected)
    }

    @Test func theShiftSpanningSpringForwardIsTwentyThreeHours() throws {
        let shift = try #require(Self.daily.onCall(at: Self.utc("2026-03-08T06:00:00Z")))
        #expect(shift.until.timeIntervalSince(shift.from) == 23 * 3600)
        let autumn = try #require(Self.daily.onCall(at: Self.utc("2026-11-01T06:00:00Z")))
        #expect(autumn.until.timeIntervalSince(autumn.from) == 25 * 3600)
    }

    @Test func hourShiftsCountElapsedHours() throws {
        let twelve = Self.newYork(start: "2026-03-07T13:00:00Z", shift: .hours(12))
        #expect(twelve.onCall(at: Self.utc("2026-03-08T00:59:59Z"))?.person == "a")
        #expect(twelve.onCall(at: Self.utc("2026-03-08T01:00:00Z"))?.person == "b")
        #expect(twelve.onCall(at: Self.utc("2026-03-08T13:00:00Z"))?.person == "c")
    }

    @Test func overridesWinAndNobodyBeforeTheStart() throws {
        let schedule = Self.newYork(
            start: "2026-03-01T13:00:00Z", shift: .days(1),
            overrides: [.init(person: "z", start: Self.utc("2026-03-02T00:00:00Z"), end: Self.utc("2026-03-02T06:00:00Z"))])
        #expect(schedule.onCall(at: Self.utc("2026-03-02T03:00:00Z"))?.person == "z")
        #expect(schedule.onCall(at: Self.utc("2026-03-02T06:00:00Z"))?.person == "a")
        #expect(schedule.onCall(at: Self.utc("2026-02-28T00:00:00Z")) == nil)
    }

    @Test func coverageCheckFindsAScheduleThatStartsTooLate() throws {
        let (plan, _) = EscalationLoader.load(directory: "\(RepositoryPaths.escalation)/examples/rotation")
        let loaded = try #require(plan)
        #expect(CoverageCheck.gaps(in: loaded, from: Self.utc("2026-03-05T00:00:00Z")).isEmpty)
        let gaps = CoverageCheck.gaps(in: loaded, from: Self.utc("2026-02-25T00:00:00Z"))
        #expect(gaps.first?.schedule == "crisis-clinicians")
        #expect(gaps.first?.at == Self.utc("2026-02-25T00:00:00Z"))
    }

    @Test(arguments: [
        ("{{ref}} {{tier}}", true), ("{{ ref }}", true), ("{{subject}}", false), ("{{answers.q1}}", false), ("{{ref", false),
    ])
    func templatesOnlyNameAllowListedFields(_ source: String, _ valid: Bool) {
        #expect((PageTemplate.parse(source).0 != nil) == valid)
    }
}
