/// A person or system that authenticated to crisisd.
public struct Principal: Sendable, Hashable {
    public var id: PrincipalID
    /// Operator-chosen name of the token or account, e.g. `epic-prod`; not patient data.
    public var name: String
    public var role: Role

    public init(id: PrincipalID, name: String, role: Role) {
        self.id = id
        self.name = name
        self.role = role
    }
}
