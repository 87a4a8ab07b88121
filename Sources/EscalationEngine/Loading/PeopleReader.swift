import DefinitionFiles
import Yams

/// `people.yaml`: staff handles and the receivers that reach each of them, in order.
enum PeopleReader {
    static func read(_ root: Node?, receivers: [String: ReceiverDefinition], reader: DocumentReader) -> [String: PersonDefinition] {
        guard let top = reader.mapping(root, at: "", required: ["schema", "people"]) else { return [:] }
        EscalationLoader.checkSchema(top, reader: reader)
        var seen: Set<String> = []
        var people: [String: PersonDefinition] = [:]
        for entry in reader.sequence(top["people"], at: "people") {
            guard
                let person = reader.mapping(entry.node, at: entry.path, required: ["id", "contacts"]),
                let id = EscalationLoader.identifier(person, "id", kind: "person", seen: &seen, reader: reader)
            else { continue }
            var contacts: [String] = []
            for contact in reader.sequence(person["contacts"], at: person.path("contacts")) {
                guard let name = reader.string(contact.node, at: contact.path) else { continue }
                if receivers[name] == nil {
                    reader.error("unknown-receiver", at: contact.node, path: contact.path, "no receiver named '\(name)'")
                }
                contacts.append(name)
            }
            if contacts.isEmpty {
                reader.error("person-without-contact", at: person["contacts"], path: person.path("contacts"),
                             "person '\(id)' has no contact: paging them would reach nobody")
            }
            people[id] = PersonDefinition(id: id, contacts: contacts)
        }
        return people
    }
}
