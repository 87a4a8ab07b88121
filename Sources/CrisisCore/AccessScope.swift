import Foundation

/// A SMART v2 system scope (`system/QuestionnaireResponse.c`, `system/*.rs`); v1 `.read`/`.write`/`.*` are
/// read as their v2 equivalents. Only `system/` scopes exist here: crisisd's clients are systems.
public struct AccessScope: Sendable, Hashable, CustomStringConvertible {
    /// The FHIR interactions a scope letter grants, in SMART's `cruds` order.
    public enum Interaction: Character, Sendable, CaseIterable, Comparable {
        case create = "c", read = "r", update = "u", delete = "d", search = "s"

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// A resource type, or `*` for every type.
    public var resourceType: String
    public var interactions: Set<Interaction>

    public init(resourceType: String, interactions: Set<Interaction>) {
        self.resourceType = resourceType
        self.interactions = interactions
    }

    /// Parses one scope; `nil` for anything that is not a `system/` resource scope (query filters included:
    /// crisisd does not narrow by parameter, so it grants none rather than more than was asked).
    public init?(_ text: String) {
        guard text.hasPrefix("system/"), let dot = text.lastIndex(of: ".") else { return nil }
        let resource = String(text[text.index(text.startIndex, offsetBy: 7)..<dot])
        let permission = String(text[text.index(after: dot)...])
        guard resource == "*" || resource.range(of: "^[A-Z][A-Za-z]{1,63}$", options: .regularExpression) != nil else { return nil }
        switch permission {
        case "read": interactions = [.read, .search]
        case "write": interactions = [.create, .update, .delete]
        case "*": interactions = Set(Interaction.allCases)
        default:
            // v2: a non-empty subset of "cruds", letters in that order, none repeated.
            let letters = permission.compactMap(Interaction.init(rawValue:))
            guard !letters.isEmpty, letters.count == permission.count, letters == letters.sorted(),
                Set(letters).count == letters.count
            else { return nil }
            interactions = Set(letters)
        }
        resourceType = resource
    }

    public func permits(_ interaction: Interaction, on resource: String) -> Bool {
        (resourceType == "*" || resourceType == resource) && interactions.contains(interaction)
    }

    /// The v2 spelling, e.g. `system/RiskAssessment.rs`.
    public var description: String {
        "system/\(resourceType).\(String(interactions.sorted().map(\.rawValue)))"
    }

    /// Parses a space-separated scope string; the unparsable words are returned apart.
    public static func parseList(_ text: String) -> (scopes: [AccessScope], unknown: [String]) {
        var scopes: [AccessScope] = []
        var unknown: [String] = []
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            if let scope = AccessScope(word) { scopes.append(scope) } else { unknown.append(word) }
        }
        return (scopes, unknown)
    }

    /// What of `requested` the `allowed` scopes cover: per requested scope, only the letters allowed for its
    /// type (a `*` request is covered only by a `*` allowance).
    public static func granted(_ requested: [AccessScope], within allowed: [AccessScope]) -> [AccessScope] {
        requested.compactMap { scope in
            let kept = scope.interactions.filter { interaction in allowed.contains { $0.permits(interaction, on: scope.resourceType) } }
            return kept.isEmpty ? nil : AccessScope(resourceType: scope.resourceType, interactions: kept)
        }
    }
}
