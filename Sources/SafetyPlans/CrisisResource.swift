/// An entry of the crisis resources directory (988, emergency services, the local mobile crisis team, the
/// nearest emergency department): pre-fills a plan's professionals-and-agencies section.
public struct CrisisResource: Sendable, Equatable, Codable {
    public enum Scope: String, Sendable, Codable, CaseIterable { case national, local }

    public var id: String
    public var name: String
    public var phone: String
    public var hours: String
    public var scope: Scope
}
