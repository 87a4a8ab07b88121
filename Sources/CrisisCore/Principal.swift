/// A person or system that authenticated to crisisd.
public struct Principal: Sendable, Hashable {
    public var id: PrincipalID
    /// Operator-chosen name of the token or account, e.g. `epic-prod`; not patient data.
    public var name: String
    public var role: Role
    /// SMART scopes when the principal is a registered client (checked on `/fhir`); `nil` for bearer
    /// tokens from `crisisd token create`, which the role alone governs.
    public var scopes: [AccessScope]?

    public init(id: PrincipalID, name: String, role: Role, scopes: [AccessScope]? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.scopes = scopes
    }

    /// Whether a FHIR interaction is allowed: by scope for registered clients, else by the role's rule.
    public func permits(_ interaction: AccessScope.Interaction, on resource: String, roleAllows: (Role) -> Bool) -> Bool {
        guard roleAllows(role) else { return false }
        guard let scopes else { return true }
        return scopes.contains { $0.permits(interaction, on: resource) }
    }
}
