/// The loaded templates and the crisis resources directory: one snapshot, swapped whole on reload.
public struct SafetyPlanLibrary: Sendable, Equatable {
    public var templates: [String: SafetyPlanTemplate]
    public var resources: [CrisisResource]

    public init(templates: [SafetyPlanTemplate] = [], resources: [CrisisResource] = []) {
        self.templates = Dictionary(templates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.resources = resources
    }

    /// The template a new plan uses when none is named.
    public static let defaultTemplateID = "stanley_brown"
}
