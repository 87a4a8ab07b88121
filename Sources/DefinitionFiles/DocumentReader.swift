import CrisisCore
import Yams

/// Reads a YAML node tree strictly, collecting every problem as a `Diagnostic` instead of stopping at the first.
///
/// Yams' `Decodable` path ignores unknown keys and resolves YAML 1.1 booleans (`yes` → true); reading the
/// node tree keeps scalars as written and gives line and column for each diagnostic.
package final class DocumentReader {
    package let file: String
    package private(set) var diagnostics: [Diagnostic] = []

    package init(file: String) { self.file = file }

    /// Parses YAML text into its root node, reporting syntax errors and duplicate keys.
    package func parse(_ text: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                error("empty-file", at: nil, path: "", "the file is empty")
                return nil
            }
            return root
        } catch let yamlError as YamlError {
            switch yamlError {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                .composer(_, let problem, let mark, _):
                diagnostics.append(
                    Diagnostic(.error, code: "yaml-syntax", file: file, line: mark.line, column: mark.column, path: "",
                               message: problem))
            case .duplicatedKeysInMapping(let duplicates, let context):
                diagnostics.append(
                    Diagnostic(.error, code: "duplicate-key", file: file, line: context.mark.line,
                               column: context.mark.column, path: "",
                               message: "duplicate key(s): \(duplicates.sorted().joined(separator: ", "))"))
            default:
                error("yaml-syntax", at: nil, path: "", "the file is not valid YAML")
            }
            return nil
        } catch {
            self.error("yaml-syntax", at: nil, path: "", "the file is not valid YAML")
            return nil
        }
    }

    /// Records an error at a node.
    package func error(_ code: String, at node: Node?, path: String, _ message: String, columnOffset: Int = 0) {
        diagnostics.append(
            Diagnostic(.error, code: code, file: file, line: node?.mark?.line,
                       column: node?.mark.map { $0.column + columnOffset }, path: path, message: message))
    }

    /// Records a warning at a node.
    package func warning(_ code: String, at node: Node?, path: String, _ message: String) {
        diagnostics.append(
            Diagnostic(.warning, code: code, file: file, line: node?.mark?.line, column: node?.mark?.column,
                       path: path, message: message))
    }

    /// A mapping whose keys are checked against `required` and `optional`; unknown and missing keys are reported.
    package func mapping(_ node: Node?, at path: String, required: [String], optional: [String] = []) -> MappingView? {
        guard let node else { return nil }
        guard case .mapping(let mapping) = node else {
            error("wrong-type", at: node, path: path, "expected a mapping")
            return nil
        }
        var values: [String: Node] = [:]
        let allowed = Set(required + optional)
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                error("wrong-type", at: keyNode, path: path, "keys must be plain strings")
                continue
            }
            let keyPath = path.isEmpty ? key.string : "\(path).\(key.string)"
            if allowed.contains(key.string) {
                values[key.string] = value
            } else {
                let hint = Self.closest(to: key.string, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                error("unknown-key", at: keyNode, path: keyPath, "unknown key '\(key.string)'\(hint)")
            }
        }
        for key in required where values[key] == nil {
            error("missing-key", at: node, path: path.isEmpty ? key : "\(path).\(key)", "missing required key '\(key)'")
        }
        return MappingView(node: node, path: path, values: values)
    }

    /// The elements of a sequence with their key paths.
    package func sequence(_ node: Node?, at path: String) -> [(node: Node, path: String)] {
        guard let node else { return [] }
        guard case .sequence(let sequence) = node else {
            error("wrong-type", at: node, path: path, "expected a list")
            return []
        }
        return sequence.enumerated().map { ($0.element, "\(path)[\($0.offset)]") }
    }

    /// A non-empty string scalar, kept exactly as written.
    package func string(_ node: Node?, at path: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            error("wrong-type", at: node, path: path, "expected a non-empty string")
            return nil
        }
        return scalar.string
    }

    /// An integer scalar.
    package func integer(_ node: Node?, at path: String) -> Int? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string) else {
            error("wrong-type", at: node, path: path, "expected an integer")
            return nil
        }
        return value
    }

    /// A boolean scalar: `true` or `false` only (YAML 1.1 `yes`/`no` are refused as ambiguous).
    package func bool(_ node: Node?, at path: String) -> Bool? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node, ["true", "false"].contains(scalar.string) else {
            error("wrong-type", at: node, path: path, "expected true or false")
            return nil
        }
        return scalar.string == "true"
    }

    /// A string scalar that must be one of an enumeration's raw values.
    package func enumValue<Value: RawRepresentable & CaseIterable>(
        _ type: Value.Type, _ node: Node?, at path: String
    ) -> Value? where Value.RawValue == String {
        guard let raw = string(node, at: path) else { return nil }
        guard let value = Value(rawValue: raw) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            error("bad-value", at: node, path: path, "'\(raw)' is not one of: \(allowed)")
            return nil
        }
        return value
    }

    /// Whether the node is an explicit YAML null (`null`, `~` or empty).
    package func isNull(_ node: Node?) -> Bool {
        guard case .scalar(let scalar)? = node, scalar.style == .plain else { return false }
        return ["null", "~", ""].contains(scalar.string)
    }

    /// The allowed key nearest to a misspelt one, if it is close enough to be a typo.
    static func closest(to key: String, in candidates: Set<String>) -> String? {
        let limit = max(1, key.count / 3)
        var best: (key: String, distance: Int)?
        for candidate in candidates.sorted() {
            let distance = editDistance(key, candidate)
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        return best?.key
    }

    /// Levenshtein distance between two short strings.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                let deletion = previous[j] + 1
                let insertion = current[j - 1] + 1
                current[j] = Swift.min(substitution, deletion, insertion)
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A checked mapping: look keys up by name and build child paths.
package struct MappingView {
    package let node: Node
    package let path: String
    package let values: [String: Node]

    package subscript(key: String) -> Node? { values[key] }

    package func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
