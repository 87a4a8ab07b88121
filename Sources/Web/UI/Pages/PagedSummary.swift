import CrisisCore

/// Who was paged, and whether the page got there: "oncall (delivered), pagerduty (failed: receiver not
/// configured)". A receiver's name alone would tell a supervisor that someone was reached when nobody was.
enum PagedSummary {
    static func describe(_ episode: Episode, timeline: [EpisodeEvent]) -> String {
        guard !episode.pagedReceivers.isEmpty else { return "nobody yet" }
        return episode.pagedReceivers.map { receiver in
            let last = timeline.last { $0.kind == .delivery && $0.detail["receiver"] == receiver }
            return "\(receiver) (\(state(last)))"
        }.joined(separator: ", ")
    }

    private static func state(_ attempt: EpisodeEvent?) -> String {
        guard let attempt else { return "sending" }
        let reason = attempt.detail["reason"].map { ": \($0)" } ?? ""
        switch attempt.detail["result"] {
        case "delivered": return "delivered"
        case "retryable_failure": return "retrying\(reason)"
        case "permanent_failure": return "failed\(reason)"
        default: return "sending"
        }
    }
}
