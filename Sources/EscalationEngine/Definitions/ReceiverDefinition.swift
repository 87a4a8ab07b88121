/// A named outbound channel. Its URL, keys and secrets come from environment variables named here, never
/// from the file itself.
public struct ReceiverDefinition: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Generic webhook signed per Standard Webhooks.
        case webhook
        /// PagerDuty Events API v2.
        case pagerduty
        /// Slack incoming webhook (generic text and a link only).
        case slack
        /// E-mail over SMTP (STARTTLS or implicit TLS).
        case email
        /// Opsgenie Alert API v2 (Atlassian ends the service in April 2027).
        case opsgenie

        /// Settings each kind needs (`*_env` keys in the file, without the suffix), and those it may have.
        var settings: (required: [String], optional: [String]) {
            switch self {
            case .webhook: (["url", "secret"], [])
            case .pagerduty: (["routing_key"], ["events_url"])
            case .slack: (["url"], [])
            case .email: (["url", "from", "to"], ["username", "password", "ca_file"])
            case .opsgenie: (["api_key"], ["api_url"])
            }
        }

        /// Settings that must be present for the channel to be live.
        public var requiredSettings: [String] { settings.required }

        /// Whether the kind can page a person at once (design notes §3: never e-mail or chat alone for high).
        public var pages: Bool {
            switch self {
            case .webhook, .pagerduty, .opsgenie: true
            case .slack, .email: false
            }
        }

        /// Whether the kind is told about acknowledgement and resolution (status updates), not only pages.
        public var receivesStatusUpdates: Bool {
            switch self {
            case .webhook, .pagerduty, .opsgenie: true
            case .slack, .email: false
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// Setting name (`url`, `secret`, `routing_key` …) → environment variable holding its value.
    public var environment: [String: String]
    /// Text of chat messages, e-mails and PagerDuty summaries; only allow-listed fields (see `PageTemplate`).
    public var template: PageTemplate?

    public init(name: String, kind: Kind, environment: [String: String], template: PageTemplate? = nil) {
        self.name = name
        self.kind = kind
        self.environment = environment
        self.template = template
    }

    /// Whether this receiver can page a person at once.
    public var pages: Bool { kind.pages }

    /// The required variables unset (or empty) in `environment`: the receiver is left out while any is.
    public func missingVariables(in environment: [String: String]) -> [String] {
        kind.requiredSettings.compactMap { self.environment[$0] }.filter { (environment[$0] ?? "").isEmpty }.sorted()
    }
}
