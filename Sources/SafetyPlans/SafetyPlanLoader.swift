import CrisisCore
import DefinitionFiles
import Foundation
import Yams

/// Loads `Protocols/safety-plans/`: every `*.yaml` template except `crisis-resources.yaml`, which is the
/// directory. Strict like the protocol loader: unknown keys, duplicates and bad values are errors with
/// file:line:column; the Stanley-Brown template must keep its published sections in order.
public enum SafetyPlanLoader {
    public static let folder = "safety-plans"
    public static let resourcesFile = "crisis-resources.yaml"
    /// The published Stanley-Brown sections, in order (reference/protocols.md §6).
    static let stanleyBrownSections = [
        "warning_signs", "internal_coping", "social_distraction", "help_contacts", "professionals_agencies", "environment_safe",
        "most_important_thing",
    ]
    static let knownFields: Set<String> = ["text", "name", "phone", "place", "hours"]

    /// A missing folder is an empty library (no plans can be written); errors make the library `nil`.
    public static func load(protocolsDirectory: String) -> (SafetyPlanLibrary?, [Diagnostic]) {
        let directory = "\(protocolsDirectory)/\(folder)"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return (SafetyPlanLibrary(), []) }
        var diagnostics: [Diagnostic] = []
        var templates: [SafetyPlanTemplate] = []
        var resources: [CrisisResource] = []
        for name in names.sorted() where name.hasSuffix(".yaml") {
            let file = "\(directory)/\(name)"
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(.error, code: "unreadable", file: file, path: "", message: "cannot read the file as UTF-8"))
                continue
            }
            if name == resourcesFile {
                let (read, fileDiagnostics) = readResources(text, file: file)
                resources = read
                diagnostics += fileDiagnostics
            } else {
                let (template, fileDiagnostics) = readTemplate(text, file: file, hash: SourceHash.of(text))
                diagnostics += fileDiagnostics
                if let template {
                    if name != "\(template.id).yaml" {
                        diagnostics.append(
                            Diagnostic(.error, code: "file-mismatch", file: file, path: "id", message: "template '\(template.id)' must be in \(template.id).yaml"))
                    }
                    templates.append(template)
                }
            }
        }
        if !templates.isEmpty && !resources.contains(where: { $0.scope == .local }) {
            diagnostics.append(
                Diagnostic(.warning, code: "no-local-crisis-resources", file: "\(directory)/\(resourcesFile)", path: "resources",
                           message: "no local entry (mobile crisis team, nearest emergency department): plans list national lines only"))
        }
        return (diagnostics.hasErrors ? nil : SafetyPlanLibrary(templates: templates, resources: resources), diagnostics)
    }

    static func readTemplate(_ text: String, file: String, hash: String) -> (SafetyPlanTemplate?, [Diagnostic]) {
        let reader = DocumentReader(file: file)
        guard let root = reader.parse(text),
            let top = reader.mapping(
                root, at: "", required: ["schema", "id", "version", "title", "attribution", "licence", "sections"], optional: ["locked_headings"])
        else { return (nil, reader.diagnostics) }
        if let schema = reader.integer(top.values["schema"], at: "schema"), schema != 1 {
            reader.error("unsupported-schema", at: top.values["schema"], path: "schema", "only schema 1 is understood")
        }
        let id = reader.string(top.values["id"], at: "id") ?? ""
        if id.range(of: "^[a-z][a-z0-9_]{0,63}$", options: .regularExpression) == nil {
            reader.error("invalid-id", at: top.values["id"], path: "id", "lower-case letters, digits and '_'")
        }
        let licence = reader.mapping(top.values["licence"], at: "licence", required: ["text", "evidence_required"])
        var sections: [SafetyPlanTemplate.Section] = []
        var seen: Set<String> = []
        for (node, path) in reader.sequence(top.values["sections"], at: "sections") {
            guard
                let entry = reader.mapping(
                    node, at: path, required: ["id", "heading", "prompt", "fields", "max_entries"],
                    optional: ["step", "contact", "prefill", "lethal_means"]),
                let sectionID = reader.string(entry.values["id"], at: entry.path("id")),
                let heading = reader.string(entry.values["heading"], at: entry.path("heading")),
                let prompt = reader.string(entry.values["prompt"], at: entry.path("prompt")),
                let maxEntries = reader.integer(entry.values["max_entries"], at: entry.path("max_entries"))
            else { continue }
            if !seen.insert(sectionID).inserted { reader.error("duplicate-section", at: entry.values["id"], path: entry.path("id"), "section '\(sectionID)' twice") }
            if !(1...20).contains(maxEntries) { reader.error("out-of-range", at: entry.values["max_entries"], path: entry.path("max_entries"), "1 to 20") }
            let fields = reader.sequence(entry.values["fields"], at: entry.path("fields")).compactMap { reader.string($0.node, at: $0.path) }
            if fields.isEmpty || Set(fields).count != fields.count {
                reader.error("invalid-fields", at: entry.values["fields"], path: entry.path("fields"), "a non-empty list of distinct field names")
            }
            for field in fields where !knownFields.contains(field) {
                reader.error("unknown-field", at: entry.values["fields"], path: entry.path("fields"), "'\(field)' is not one of \(knownFields.sorted().joined(separator: ", "))")
            }
            let contact = entry.values["contact"].flatMap { reader.bool($0, at: entry.path("contact")) } ?? false
            if contact && !fields.contains("phone") {
                reader.error("contact-without-phone", at: entry.values["contact"], path: entry.path("contact"), "a contact section needs a phone field")
            }
            var prefill = false
            if let node = entry.values["prefill"] {
                if reader.string(node, at: entry.path("prefill")) == "crisis_resources" { prefill = true } else {
                    reader.error("unknown-prefill", at: node, path: entry.path("prefill"), "the only prefill is crisis_resources")
                }
            }
            sections.append(
                .init(
                    id: sectionID, step: entry.values["step"].flatMap { reader.integer($0, at: entry.path("step")) }, heading: heading,
                    prompt: prompt, fields: fields, maxEntries: maxEntries, contact: contact, prefillFromResources: prefill,
                    lethalMeans: entry.values["lethal_means"].flatMap { reader.bool($0, at: entry.path("lethal_means")) } ?? false))
        }
        if id == "stanley_brown" && sections.map(\.id) != stanleyBrownSections {
            reader.error(
                "stanley-brown-sections", at: top.values["sections"], path: "sections",
                "the Stanley-Brown form's sections are \(stanleyBrownSections.joined(separator: ", ")), in that order (design notes §7)")
        }
        if !sections.contains(where: \.contact) {
            reader.error("no-contact-section", at: top.values["sections"], path: "sections", "a safety plan needs a section of people or services to call")
        }
        guard !reader.diagnostics.hasErrors, let licence,
            let licenceText = reader.string(licence.values["text"], at: "licence.text"),
            let evidence = reader.bool(licence.values["evidence_required"], at: "licence.evidence_required"),
            let version = reader.string(top.values["version"], at: "version"),
            let title = reader.string(top.values["title"], at: "title"),
            let attribution = reader.string(top.values["attribution"], at: "attribution")
        else { return (nil, reader.diagnostics) }
        let locked = top.values["locked_headings"].flatMap { reader.bool($0, at: "locked_headings") } ?? false
        return (
            SafetyPlanTemplate(
                id: id, version: version, hash: hash, title: title, attribution: attribution, licenceText: licenceText,
                licenceEvidenceRequired: evidence, lockedHeadings: locked, sections: sections),
            reader.diagnostics
        )
    }

    static func readResources(_ text: String, file: String) -> ([CrisisResource], [Diagnostic]) {
        let reader = DocumentReader(file: file)
        guard let root = reader.parse(text), let top = reader.mapping(root, at: "", required: ["resources"]) else { return ([], reader.diagnostics) }
        var resources: [CrisisResource] = []
        for (node, path) in reader.sequence(top.values["resources"], at: "resources") {
            guard let entry = reader.mapping(node, at: path, required: ["id", "name", "phone", "hours", "scope"]),
                let id = reader.string(entry.values["id"], at: entry.path("id")),
                let name = reader.string(entry.values["name"], at: entry.path("name")),
                let phone = reader.string(entry.values["phone"], at: entry.path("phone")),
                let hours = reader.string(entry.values["hours"], at: entry.path("hours")),
                let scope = reader.enumValue(CrisisResource.Scope.self, entry.values["scope"], at: entry.path("scope"))
            else { continue }
            if !phone.contains(where: \.isNumber) { reader.error("invalid-phone", at: entry.values["phone"], path: entry.path("phone"), "a phone number has digits") }
            if resources.contains(where: { $0.id == id }) { reader.error("duplicate-resource", at: entry.values["id"], path: entry.path("id"), "'\(id)' twice") }
            resources.append(CrisisResource(id: id, name: name, phone: phone, hours: hours, scope: scope))
        }
        return (resources, reader.diagnostics)
    }
}
