/// A named outbound channel; its URL and secret come from the environment, never from the file.
public struct ReceiverDefinition: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Generic webhook signed per Standard Webhooks.
        case webhook
    }

    public var name: String
    public var kind: Kind
    /// Environment variable holding the URL.
    public var urlEnvironment: String
    /// Environment variable holding the `whsec_` signing secret.
    public var secretEnvironment: String
    /// Whether this receiver can page a person at once (chat and e-mail cannot carry a high route alone).
    public var pages: Bool { kind == .webhook }
}
