import Foundation

/// Design notes §3: a schedule that a high route depends on must have someone on call at every moment of
/// the coming days; a gap would page nobody at step time.
public enum CoverageCheck {
    /// Gaps (start of each uncovered stretch, sampled every 15 minutes) per schedule used by any paging policy.
    public static func gaps(in plan: EscalationPlan, from start: Date, days: Int = 14) -> [(schedule: String, at: Date)] {
        var used: Set<String> = []
        for policy in plan.policies.values {
            for target in policy.steps.flatMap(\.targets) + policy.finalFallback {
                if case .schedule(let id) = target { used.insert(id) }
            }
        }
        var result: [(String, Date)] = []
        for id in used.sorted() {
            guard let schedule = plan.schedules[id] else { continue }
            var covered = true
            for step in 0..<(days * 24 * 4) {
                let instant = start.addingTimeInterval(TimeInterval(step * 900))
                let now = schedule.onCall(at: instant) != nil
                if !now && covered { result.append((id, instant)) }
                covered = now
            }
        }
        return result
    }
}
