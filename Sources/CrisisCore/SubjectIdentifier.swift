/// A patient ("subject") identified by an identifier system and value, as in FHIR `Identifier`.
///
/// This is patient data: it is stored, never logged, never sent in a page.
public struct SubjectIdentifier: Sendable, Hashable, Codable {
    public var system: String
    public var value: String

    public init(system: String, value: String) {
        self.system = system
        self.value = value
    }
}
