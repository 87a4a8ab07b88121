import CrisisCore
import Foundation

/// The supervisor board: open episodes, most urgent deadline first.
struct BoardPageViewModel {
    struct Row {
        var id: String
        var tierWord: String
        /// CSS class for the tier colour; the word is always shown too (never colour alone).
        var tierClass: String
        var domain: String
        var protocolName: String
        var site: String
        var client: String
        var sinceTrigger: String
        var due: String
        var paged: String
        var acknowledged: String?
        var unreached: Bool
        var dispositions: [Option]
    }

    struct Option {
        var value: String
        var label: String
    }

    var user: String
    var role: String
    var csrf: String
    var rows: [Row]
    /// Stored, not computed: templates see stored properties only.
    var empty: Bool
    var notice: String?

    /// "Dr Chen (responding)": who acknowledged, and how.
    static func acknowledgement(_ acknowledgement: Acknowledgement) -> String {
        "\(acknowledgement.by.name) (\(acknowledgement.kind == .withPatient ? "with the patient" : "responding"))"
    }

    static func rows(
        _ episodes: [Episode], timelines: [EpisodeID: [EpisodeEvent]], protocolName: (ProtocolID) -> String, now: Date
    ) -> [Row] {
        episodes.sorted { ($0.deadline ?? $0.nextDueAt ?? .distantFuture) < ($1.deadline ?? $1.nextDueAt ?? .distantFuture) }.map { episode in
            Row(
                id: episode.id.rawValue, tierWord: episode.tier.rawValue.capitalized, tierClass: "tier-\(episode.tier.rawValue)",
                domain: episode.domain == .self ? "suicide risk" : "violence risk", protocolName: protocolName(episode.protocolID),
                site: episode.site ?? "—", client: "\(episode.subject.value)",
                sinceTrigger: duration(now.timeIntervalSince(episode.createdAt)),
                due: (episode.deadline ?? episode.nextDueAt).map { relative($0, now: now) } ?? "—",
                paged: PagedSummary.describe(episode, timeline: timelines[episode.id] ?? []),
                acknowledged: episode.acknowledgements.last.map(Self.acknowledgement),
                unreached: episode.unreached,
                dispositions: Disposition.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "_", with: " ")) })
        }
    }

    /// "in 59 min" or "overdue by 3 min".
    static func relative(_ date: Date, now: Date) -> String {
        date < now ? "overdue by \(duration(now.timeIntervalSince(date)))" : "in \(duration(date.timeIntervalSince(now)))"
    }

    /// "15:44 UTC, 29 Nov (in 59 min)": a deadline a person can read at a glance.
    static func deadline(_ date: Date, now: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "HH:mm 'UTC', d MMM"
        return "\(formatter.string(from: date)) (\(relative(date, now: now)))"
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(max(0, seconds) / 60)
        return minutes < 60 ? "\(minutes) min" : "\(minutes / 60) h \(minutes % 60) min"
    }
}
