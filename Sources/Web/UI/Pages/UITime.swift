import Foundation

/// Times as people read them under pressure. Times are in UTC and say so (sites have no time zone yet).
enum UITime {
    /// "15:44 UTC, 29 Nov (in 59 min)": a deadline at a glance.
    static func deadline(_ date: Date, now: Date) -> String {
        "\(clock(date)) (\(relative(date, now: now)))"
    }

    /// "15:44 UTC, 29 Nov": something that happened today or this week.
    static func clock(_ date: Date) -> String { format(date, "HH:mm 'UTC', d MMM") }

    /// "29 Nov 2026, 15:44 UTC": a client's history, which spans years.
    static func dated(_ date: Date) -> String { format(date, "d MMM yyyy, HH:mm 'UTC'") }

    /// "in 59 min" or "overdue by 3 min".
    static func relative(_ date: Date, now: Date) -> String {
        date < now ? "overdue by \(duration(now.timeIntervalSince(date)))" : "in \(duration(date.timeIntervalSince(now)))"
    }

    /// "42 min", "2 h 5 min".
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(max(0, seconds) / 60)
        return minutes < 60 ? "\(minutes) min" : "\(minutes / 60) h \(minutes % 60) min"
    }

    private static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
