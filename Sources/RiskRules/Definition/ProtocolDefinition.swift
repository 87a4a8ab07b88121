import CrisisCore

/// A validated, compiled protocol: immutable, tagged with the hash of the exact file that defines it.
public struct ProtocolDefinition: Sendable, Hashable {
    public var id: ProtocolID
    public var version: String
    /// `sha256:` + hex digest of the protocol file's bytes.
    public var hash: String
    public var title: String
    /// Short name used in pages, e.g. "C-SSRS screen".
    public var shortTitle: String
    public var attribution: String
    public var licence: String
    /// Whether use needs licence evidence recorded by an administrator (design notes §7).
    public var licenceEvidenceRequired: Bool
    /// Who answers: the subject (a screen) or a clinician (an assessment such as the BSSA or SAFE-T).
    public var administeredBy: Administration
    /// LOINC panel code, where one exists.
    public var loinc: String?
    /// The form's instructions, verbatim (the PHQ-9 stem, the C-SSRS "Ask Questions 1 and 2"), shown above the
    /// questions.
    public var instructions: [String]
    package var items: [ProtocolItem]
    package var outcomes: [ProtocolOutcome]
    package var scores: [ProtocolScore]
    package var flags: [ProtocolFlag]
    package var rules: [ProtocolRule]
    package var defaultOutcome: String

    /// Who completes a protocol.
    public enum Administration: String, Sendable, Hashable, CaseIterable {
        case subject, clinician
    }

    /// Item ids in the order they are asked.
    public var itemIDs: [String] { items.map(\.id) }

    package func item(_ id: String) -> ProtocolItem? { items.first { $0.id == id } }

    package func outcome(_ id: String) -> ProtocolOutcome? { outcomes.first { $0.id == id } }

    /// The outcome label shown to people for an outcome id (`invalid` included).
    public func label(forOutcome id: String) -> String {
        id == Evaluation.invalidOutcome ? "Invalid: incomplete or contradictory answers" : (outcome(id)?.label ?? id)
    }
}
