/// A CDS Hooks 2.0 card. Optional elements are omitted, never sent empty (the spec forbids `null`, `""`, `[]`).
struct CDSCard: Codable, Sendable, Equatable {
    struct Source: Codable, Sendable, Equatable {
        var label: String
        var url: String?
        var topic: Coding?
    }

    struct Coding: Codable, Sendable, Equatable {
        var system: String
        var code: String
        var display: String
    }

    enum Indicator: String, Codable, Sendable { case info, warning, critical }

    var uuid: String
    /// Under 140 characters.
    var summary: String
    /// GitHub-flavoured Markdown.
    var detail: String?
    var indicator: Indicator
    var source: Source
    var overrideReasons: [Coding]?
}

/// `{"cards": [...]}`.
struct CDSResponse: Codable, Sendable {
    var cards: [CDSCard]
}
