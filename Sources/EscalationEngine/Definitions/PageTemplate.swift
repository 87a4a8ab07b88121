import Foundation

/// Text with `{{field}}` placeholders drawn from a closed allow-list, so that no receiver can be configured
/// to send anything but opaque references, codes, words from protocol files and a link.
public struct PageTemplate: Sendable, Hashable {
    /// The only fields a template may name (design notes §4, contract "Outbound pages").
    public static let allowedFields: Set<String> = [
        "event", "ref", "tier", "domain", "action", "deadline", "site", "summary", "link",
    ]

    public enum Segment: Sendable, Hashable {
        case text(String)
        case field(String)
    }

    public let source: String
    public let segments: [Segment]

    /// Parses the template; returns the fields it names that are not allowed (empty when valid).
    public static func parse(_ source: String) -> (PageTemplate?, unknownFields: [String], malformed: Bool) {
        var segments: [Segment] = []
        var unknown: [String] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { segments.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else { return (nil, unknown, true) }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !allowedFields.contains(name) { unknown.append(name) }
            segments.append(.field(name))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { segments.append(.text(String(rest))) }
        guard unknown.isEmpty else { return (nil, unknown, false) }
        return (PageTemplate(source: source, segments: segments), [], false)
    }

    private init(source: String, segments: [Segment]) {
        self.source = source
        self.segments = segments
    }

    /// Renders with the page's fields; a missing value renders as `-`.
    public func render(_ fields: [String: String]) -> String {
        segments.map { segment in
            switch segment {
            case .text(let text): text
            case .field(let name): fields[name] ?? "-"
            }
        }.joined()
    }
}
