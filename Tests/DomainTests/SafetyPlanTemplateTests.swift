import CrisisCore
import CrisisTestSupport
import Foundation
import SafetyPlans
import Testing

/// `Protocols/safety-plans/`: the shipped Stanley-Brown template and directory load; each kind of mistake is an
/// error with its own code (mutations of the shipped file, so a row cannot pass by being unrelated).
@Suite struct SafetyPlanTemplateTests {
    static var shippedTemplate: String {
        get throws { try String(contentsOfFile: "\(RepositoryPaths.protocols)/safety-plans/stanley_brown.yaml", encoding: .utf8) }
    }

    @Test func theShippedTemplateKeepsThePublishedSectionsInOrder() throws {
        let (library, diagnostics) = SafetyPlanLoader.load(protocolsDirectory: RepositoryPaths.protocols)
        #expect(!diagnostics.contains { $0.severity == .error }, "\(diagnostics)")
        let template = try #require(library?.templates["stanley_brown"])
        #expect(template.sections.map(\.id) == [
            "warning_signs", "internal_coping", "social_distraction", "help_contacts", "professionals_agencies", "environment_safe",
            "most_important_thing",
        ])
        #expect(template.sections.compactMap(\.step) == [1, 2, 3, 4, 5, 6])
        #expect(template.section("environment_safe")?.heading == "Making the environment safe (plan for lethal means safety):")
        #expect(template.licenceEvidenceRequired && template.lockedHeadings)
        #expect(template.attribution.contains("Barbara Stanley") && template.licenceText.contains("electronic medical record"))
        #expect(template.hash.hasPrefix("sha256:"))
        #expect(library?.resources.contains { $0.phone == "988" } == true)
        // Only national lines ship: the deploying organisation must add its local ones, and is told so.
        #expect(diagnostics.contains { $0.code == "no-local-crisis-resources" })
    }

    @Test(arguments: [
        ("  - id: internal_coping\n    step: 2", "  - id: internal_copin\n    step: 2", "stanley-brown-sections"),
        ("    max_entries: 4\n", "    max_entries: 40\n", "out-of-range"),
        ("    fields: [name, phone]\n", "    fields: [name, telephone]\n", "unknown-field"),
        ("    fields: [name, phone]\n", "    fields: [name]\n", "contact-without-phone"),
        ("    prefill: crisis_resources", "    prefill: everything", "unknown-prefill"),
        ("locked_headings: true", "locked_heading: true", "unknown-key"),
        ("schema: 1", "schema: 2", "unsupported-schema"),
        ("id: stanley_brown", "id: Stanley Brown", "invalid-id"),
        ("    step: 1\n", "    step: 1\n    step: 1\n", "duplicate-key"),
    ])
    func aBrokenTemplateIsRefused(_ original: String, _ replacement: String, _ code: String) throws {
        let shipped = try Self.shippedTemplate
        #expect(shipped.contains(original), "the mutation must apply to the shipped file")
        let directory = RepositoryPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(directory)/safety-plans", withIntermediateDirectories: true)
        try shipped.replacingOccurrences(of: original, with: replacement)
            .write(toFile: "\(directory)/safety-plans/stanley_brown.yaml", atomically: true, encoding: .utf8)
        let (library, diagnostics) = SafetyPlanLoader.load(protocolsDirectory: directory)
        #expect(library == nil)
        #expect(diagnostics.map(\.code).contains(code), "\(diagnostics)")
    }

    @Test func aBrokenDirectoryIsRefused() throws {
        let directory = RepositoryPaths.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(directory)/safety-plans", withIntermediateDirectories: true)
        try "resources:\n  - { id: a, name: A, phone: none, hours: always, scope: local }\n  - { id: a, name: B, phone: '1', hours: x, scope: regional }\n"
            .write(toFile: "\(directory)/safety-plans/crisis-resources.yaml", atomically: true, encoding: .utf8)
        let (library, diagnostics) = SafetyPlanLoader.load(protocolsDirectory: directory)
        #expect(library == nil)
        #expect(Set(diagnostics.map(\.code)).isSuperset(of: ["invalid-phone", "bad-value"]), "\(diagnostics)")
    }
}
