/// How urgently a human must act on an outcome.
public enum ActionClass: String, Sendable, Codable, CaseIterable, Comparable {
    /// Nothing is required beyond the screen itself.
    case none
    case routine
    case sameDay = "same_day"
    case beforeDischarge = "before_discharge"
    /// Minutes: precautions now.
    case stat

    /// Tighter classes rank higher.
    public var rank: Int {
        switch self {
        case .none: 0
        case .routine: 1
        case .sameDay: 2
        case .beforeDischarge: 3
        case .stat: 4
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// The action an outcome asks for: its class, how long there is, and the locally editable wording.
public struct RequiredAction: Sendable, Hashable {
    public var actionClass: ActionClass
    /// Minutes from the screen's completion to the deadline; `nil` when the class has no clock deadline.
    public var withinMinutes: Int?
    /// Short recommended action in plain words; never patient data.
    public var text: String

    public init(actionClass: ActionClass, withinMinutes: Int?, text: String) {
        self.actionClass = actionClass
        self.withinMinutes = withinMinutes
        self.text = text
    }
}
