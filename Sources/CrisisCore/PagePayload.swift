import Foundation

/// The body of an outbound page. Its fields are a closed allow-list: ids, tier, codes, words and a link,
/// never names, identifiers, answers or free text from a person.
public struct PagePayload: Codable, Sendable {
    public struct Data: Codable, Sendable {
        /// Opaque case reference (the episode id).
        public var ref: String
        public var tier: String
        public var domain: String
        public var action: String
        public var deadline: String?
        public var site: String?
        /// Trigger and action in words, from the protocol file (design notes §4).
        public var summary: String
        public var link: String

        public init(
            ref: String, tier: String, domain: String, action: String, deadline: String?, site: String?, summary: String, link: String
        ) {
            self.ref = ref
            self.tier = tier
            self.domain = domain
            self.action = action
            self.deadline = deadline
            self.site = site
            self.summary = summary
            self.link = link
        }
    }

    public var type: String
    public var timestamp: String
    public var data: Data

    public init(type: String, timestamp: String, data: Data) {
        self.type = type
        self.timestamp = timestamp
        self.data = data
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? Array(encoder.encode(self))) ?? Array("{}".utf8)
    }
}

extension PagePayload {
    /// Reads a stored page body back (channels render their own wire format from it).
    public static func decode(_ body: [UInt8]) -> PagePayload? {
        try? JSONDecoder().decode(PagePayload.self, from: Foundation.Data(body))
    }

    /// The event's last word (`triggered`, `escalated`, `acknowledged`, `resolved`).
    public var event: String { String(type.split(separator: ".").last ?? "") }

    /// Values for page templates, keyed by the allow-listed field names.
    public var templateFields: [String: String] {
        var fields = [
            "event": event, "ref": data.ref, "tier": data.tier, "domain": data.domain, "action": data.action,
            "summary": data.summary, "link": data.link,
        ]
        if let deadline = data.deadline { fields["deadline"] = deadline }
        if let site = data.site { fields["site"] = site }
        return fields
    }
}
