/// Cross-instrument risk tier; routes match on it, never on instrument outcome names.
public enum RiskTier: String, Sendable, Codable, CaseIterable, Comparable {
    case none, low, moderate, high

    /// Position in the ordering `none < low < moderate < high`.
    public var rank: Int {
        switch self {
        case .none: 0
        case .low: 1
        case .moderate: 2
        case .high: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
