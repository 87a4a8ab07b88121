import CrisisCore

/// A public Questionnaire canonical crisisd accepts besides its own (design notes §9), with the map from its
/// linkIds to one protocol's items. linkIds are opaque by specification: they are never parsed, only looked up.
public struct PublicQuestionnaire: Sendable, Equatable {
    /// The canonical URL without `|version`; any version is accepted, because the map is by LOINC-coded linkId.
    public var canonical: String
    public var protocolID: ProtocolID
    /// Where the form is published (shown in docs and the CapabilityStatement).
    public var source: String
    /// linkId → protocol item id.
    public var items: [String: String]
    /// linkId → protocol score id: a client-supplied total, only a cross-check.
    public var reportedScores: [String: String]
    /// linkId → why it is read and dropped (for example a client-reported risk level).
    public var ignored: [String: String]

    public init(
        canonical: String, protocolID: ProtocolID, source: String, items: [String: String], reportedScores: [String: String],
        ignored: [String: String]
    ) {
        self.canonical = canonical
        self.protocolID = protocolID
        self.source = source
        self.items = items
        self.reportedScores = reportedScores
        self.ignored = ignored
    }
}

/// The accepted public canonicals, by URL.
public struct QuestionnaireRegistry: Sendable, Equatable {
    public private(set) var entries: [String: PublicQuestionnaire]

    public init(_ entries: [PublicQuestionnaire] = []) {
        self.entries = Dictionary(entries.map { ($0.canonical, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(canonical: String) -> PublicQuestionnaire? { entries[canonical] }
}
