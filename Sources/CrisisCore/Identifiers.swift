import Foundation

/// Opaque identifier of a stored assessment; safe to log and to put in pages.
public struct AssessmentID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Opaque identifier of an outbound page in the outbox; also the receiver's idempotency key.
public struct PageID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Identifier of a principal (a person or a system) that acts on crisisd.
public struct PrincipalID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// Identifier of a protocol (instrument) definition, e.g. `cssrs_screen_recent`.
public struct ProtocolID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Source of new opaque identifiers, injected so domain code never calls `UUID()` itself.
public protocol IdentifierGenerator: Sendable {
    /// A new identifier with the given prefix, unique for the lifetime of the data.
    func make(prefix: String) -> String
}

/// Random 128-bit identifiers rendered in Crockford base32, e.g. `asm_01J8…`.
public struct RandomIdentifierGenerator: IdentifierGenerator {
    public init() {}
    public func make(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let characters = (0..<26).map { _ in alphabet[Int(generator.next() % 32)] }
        return prefix + "_" + String(characters)
    }
}
