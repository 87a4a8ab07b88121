import CrisisCore

/// The set of protocols in force: one snapshot, swapped whole on reload.
public struct ProtocolLibrary: Sendable {
    public private(set) var protocols: [ProtocolID: ProtocolDefinition]

    public init(_ definitions: [ProtocolDefinition]) {
        protocols = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public subscript(id: ProtocolID) -> ProtocolDefinition? { protocols[id] }

    /// Protocol ids in a stable order.
    public var ids: [ProtocolID] { protocols.keys.sorted() }
}
