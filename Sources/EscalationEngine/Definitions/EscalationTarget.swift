/// Whom a policy step pages.
public enum EscalationTarget: Sendable, Hashable, CustomStringConvertible {
    /// A channel, paged directly (a team pager, a PagerDuty service, a supervisor line).
    case receiver(String)
    /// A person, through their contacts in order.
    case person(String)
    /// Whoever the schedule has on call when the step fires.
    case schedule(String)

    public var description: String {
        switch self {
        case .receiver(let name): "receiver \(name)"
        case .person(let id): "person \(id)"
        case .schedule(let id): "schedule \(id)"
        }
    }
}
