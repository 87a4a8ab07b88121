/// A member of staff who can be paged: an opaque handle and the channels that reach them, tried in order.
public struct PersonDefinition: Sendable, Hashable {
    public var id: String
    /// Receiver names; on a permanent failure or an open circuit the next one is used at once.
    public var contacts: [String]

    public init(id: String, contacts: [String]) {
        self.id = id
        self.contacts = contacts
    }
}
