/// A problem found while loading a definition file, located precisely enough to fix it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    public var severity: Severity
    /// Stable code, e.g. `unknown-key`, so tests and tools can match on it.
    public var code: String
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Key path inside the file, e.g. `items[3].asked_if`.
    public var path: String
    public var message: String

    public init(
        _ severity: Severity, code: String, file: String, line: Int? = nil, column: Int? = nil, path: String,
        message: String
    ) {
        self.severity = severity
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        let at = path.isEmpty ? "" : " (\(path))"
        return "\(location): \(severity.rawValue)[\(code)]\(at): \(message)"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error (warnings alone do not stop loading).
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
