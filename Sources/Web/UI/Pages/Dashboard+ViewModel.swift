import CrisisCore
import Foundation

/// The dashboard: screens per day by tier and time to acknowledge, as server-rendered SVG with the same
/// numbers in tables (never colour alone), and the unreached count. De-identified aggregates only.
struct DashboardViewModel {
    struct DayRow {
        var day: String
        var none: Int
        var low: Int
        var moderate: Int
        var high: Int
        var total: Int
    }

    struct Bucket {
        var label: String
        var count: Int
    }

    var user: String
    var csrf: String
    var days: Int
    var rows: [DayRow]
    var buckets: [Bucket]
    var screensChart: String
    var acknowledgementChart: String
    var median: String
    var unreached: Int
    var episodes: Int

    static let tierColours: [(RiskTier, String)] = [(.none, "#6b6b6b"), (.low, "#1a4d8f"), (.moderate, "#b35900"), (.high, "#a00000")]
    static let bucketLimits: [(String, Double)] = [("under 1 min", 60), ("1–5 min", 300), ("5–10 min", 600), ("10–15 min", 900), ("15–30 min", 1800), ("over 30 min", .infinity)]

    init(_ statistics: ProgramStatistics, days: Int, now: Date, user: String, csrf: String) {
        self.user = user
        self.csrf = csrf
        self.days = days
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let dayList = (0..<days).reversed().map { formatter.string(from: now.addingTimeInterval(-Double($0) * 86_400)) }
        rows = dayList.map { day in
            let count = { (tier: RiskTier) in statistics.screens.filter { $0.day == day && $0.tier == tier }.map(\.count).reduce(0, +) }
            let (none, low, moderate, high) = (count(.none), count(.low), count(.moderate), count(.high))
            return DayRow(day: day, none: none, low: low, moderate: moderate, high: high, total: none + low + moderate + high)
        }
        var counts = Array(repeating: 0, count: Self.bucketLimits.count)
        for seconds in statistics.acknowledgementSeconds {
            counts[Self.bucketLimits.firstIndex { seconds < $0.1 } ?? counts.count - 1] += 1
        }
        buckets = zip(Self.bucketLimits, counts).map { Bucket(label: $0.0, count: $1) }
        let sorted = statistics.acknowledgementSeconds.sorted()
        median = sorted.isEmpty ? "no acknowledged escalations" : "\(Int((sorted[sorted.count / 2] / 60).rounded())) min"
        unreached = statistics.unreached
        episodes = statistics.episodes
        screensChart = Self.stackedBars(rows)
        acknowledgementChart = Self.bars(buckets)
    }

    /// Stacked bars, one per day, a layer per tier; a `<title>` on each bar for assistive technology.
    static func stackedBars(_ rows: [DayRow]) -> String {
        let width = 640, height = 220, bottom = 190, barWidth = max(8, (width - 40) / max(rows.count, 1) - 6)
        let maximum = max(rows.map(\.total).max() ?? 0, 1)
        var svg = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" role="img" aria-labelledby="screens-title"><title id="screens-title">Screens per day by tier</title>"##
        for (index, row) in rows.enumerated() {
            let x = 30 + index * (barWidth + 6)
            var y = bottom
            for (tier, colour) in tierColours {
                let count = [RiskTier.none: row.none, .low: row.low, .moderate: row.moderate, .high: row.high][tier] ?? 0
                guard count > 0 else { continue }
                let barHeight = max(1, count * 170 / maximum)
                y -= barHeight
                svg += ##"<rect x="\##(x)" y="\##(y)" width="\##(barWidth)" height="\##(barHeight)" fill="\##(colour)"><title>\##(row.day): \##(count) \##(tier.rawValue)</title></rect>"##
            }
            if index % 2 == 0 { svg += ##"<text x="\##(x)" y="\##(bottom + 16)" font-size="10" fill="#111">\##(row.day.suffix(5))</text>"## }
        }
        svg += ##"<line x1="28" y1="\##(bottom)" x2="\##(width - 4)" y2="\##(bottom)" stroke="#111"/><text x="2" y="20" font-size="11" fill="#111">\##(maximum)</text></svg>"##
        return svg
    }

    static func bars(_ buckets: [Bucket]) -> String {
        let maximum = max(buckets.map(\.count).max() ?? 0, 1)
        var svg = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 200" role="img" aria-labelledby="ack-title"><title id="ack-title">Time to acknowledge</title>"##
        for (index, bucket) in buckets.enumerated() {
            let x = 20 + index * 100
            let barHeight = bucket.count * 140 / maximum
            svg += ##"<rect x="\##(x)" y="\##(160 - barHeight)" width="80" height="\##(max(barHeight, 0))" fill="#1a4d8f"><title>\##(bucket.label): \##(bucket.count)</title></rect>"##
            svg += ##"<text x="\##(x)" y="178" font-size="11" fill="#111">\##(bucket.label)</text><text x="\##(x)" y="\##(155 - barHeight)" font-size="11" fill="#111">\##(bucket.count)</text>"##
        }
        return svg + ##"<line x1="16" y1="160" x2="636" y2="160" stroke="#111"/></svg>"##
    }

    /// `kind,key,tier,count` rows: screens per day and tier, then acknowledgement-time buckets, then totals.
    var csv: String {
        var lines = ["kind,key,tier,count"]
        for row in rows {
            for (tier, count) in [("none", row.none), ("low", row.low), ("moderate", row.moderate), ("high", row.high)] {
                lines.append("screens,\(row.day),\(tier),\(count)")
            }
        }
        for bucket in buckets { lines.append("time_to_acknowledge,\(bucket.label),,\(bucket.count)") }
        lines.append("episodes,total,,\(episodes)")
        lines.append("episodes,unreached,,\(unreached)")
        return lines.joined(separator: "\n") + "\n"
    }
}
