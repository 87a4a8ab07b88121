import CrisisCore

/// The answer to a `transaction` or `batch` Bundle: one entry per request entry, in order, each with its
/// HTTP status, and the created resource or an OperationOutcome.
public struct BundleResponse: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public struct Response: Encodable, Sendable {
            public var status: String
            public var location: String?
            public var etag: String?
            public var outcome: OperationOutcome?

            public init(status: String, location: String? = nil, etag: String? = nil, outcome: OperationOutcome? = nil) {
                self.status = status
                self.location = location
                self.etag = etag
                self.outcome = outcome
            }
        }

        /// `Bundle.entry.link`: here `related` → the RiskAssessment the response produced.
        public struct Link: Encodable, Sendable {
            public var relation: String
            public var url: String
        }

        public var link: [Link]?
        public var fullUrl: String?
        public var resource: JSONValue?
        public var response: Response

        public init(fullUrl: String?, resource: JSONValue?, response: Response, related: String? = nil) {
            self.link = related.map { [Link(relation: "related", url: $0)] }
            self.fullUrl = fullUrl
            self.resource = resource
            self.response = response
        }
    }

    public var resourceType = "Bundle"
    /// `transaction-response` or `batch-response`.
    public var type: String
    public var entry: [Entry]

    public init(type: String, entry: [Entry]) {
        self.type = type
        self.entry = entry
    }
}
