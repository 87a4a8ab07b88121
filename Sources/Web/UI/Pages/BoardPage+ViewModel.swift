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
                sinceTrigger: UITime.duration(now.timeIntervalSince(episode.createdAt)),
                due: (episode.deadline ?? episode.nextDueAt).map { UITime.relative($0, now: now) } ?? "—",
                paged: PagedSummary.describe(episode, timeline: timelines[episode.id] ?? []),
                acknowledged: episode.acknowledgements.last.map(Self.acknowledgement),
                unreached: episode.unreached,
                dispositions: Disposition.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.replacingOccurrences(of: "_", with: " ")) })
        }
    }
}
