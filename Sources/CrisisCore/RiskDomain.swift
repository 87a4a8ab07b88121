/// Whose safety an outcome is about: the subject's own (`self`) or other people's (`others`).
public enum RiskDomain: String, Sendable, Codable, CaseIterable {
    case `self` = "self"
    case others
}
