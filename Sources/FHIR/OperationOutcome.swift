/// FHIR R4 `OperationOutcome`: how FHIR endpoints report errors, naming the element in `expression`.
public struct OperationOutcome: Codable, Sendable, Equatable {
    public struct Issue: Codable, Sendable, Equatable {
        public var severity: String
        /// FHIR issue type, e.g. `not-found`, `invalid`, `processing`.
        public var code: String
        public var diagnostics: String
        public var expression: [String]?
    }

    public var resourceType = "OperationOutcome"
    public var issue: [Issue]

    public init(issues: [Issue]) { issue = issues }

    public init(code: String, diagnostics: String, expression: [String]? = nil) {
        issue = [Issue(severity: "error", code: code, diagnostics: diagnostics, expression: expression)]
    }
}
