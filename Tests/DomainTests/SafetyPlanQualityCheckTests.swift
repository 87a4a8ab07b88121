import CrisisCore
import CrisisTestSupport
import Foundation
import SafetyPlans
import Testing

/// The quality check's rules and the content reader's refusals, on the shipped Stanley-Brown template.
@Suite struct SafetyPlanQualityCheckTests {
    static let template = SafetyPlanLoader.load(protocolsDirectory: RepositoryPaths.protocols).0!.templates["stanley_brown"]!

    /// Every section filled, a crisis contact with a phone, lethal means written and counselled.
    static var complete: SafetyPlanContent {
        SafetyPlanContent(sections: [
            "warning_signs": .init(entries: [["text": "Not sleeping, pacing at night"]]),
            "internal_coping": .init(entries: [["text": "Walk the dog"]]),
            "social_distraction": .init(entries: [["name": "Sam", "phone": "555-0101", "place": "the library"]]),
            "help_contacts": .init(entries: [["name": "Aunt Rosa", "phone": "555-0102"]]),
            "professionals_agencies": .init(entries: [["name": "988 Lifeline", "phone": "988", "hours": "24/7"]]),
            "environment_safe": .init(entries: [["text": "Medicines kept by Rosa"]], lethalMeans: .init(counselled: true, means: ["medications"])),
            "most_important_thing": .init(entries: [["text": "My daughter"]]),
        ])
    }

    static func codes(_ report: SafetyPlanQualityCheck.Report) -> [String] { report.problems.map(\.code) }

    @Test func aCompletePlanPasses() {
        let report = SafetyPlanQualityCheck.check(Self.complete, template: Self.template, tier: .high, linkedAssessments: 1)
        #expect(report.passes, "\(report)")
        #expect(report.warnings.isEmpty, "\(report.warnings)")
    }

    @Test func anEmptySectionBlocksAndNotApplicableWithAReasonIsAWarning() {
        var content = Self.complete
        content.sections["social_distraction"] = nil
        #expect(Self.codes(SafetyPlanQualityCheck.check(content, template: Self.template, tier: .low, linkedAssessments: 1)) == ["section-empty"])
        content.sections["social_distraction"] = .init(notApplicable: "Lives alone; prefers the library, listed under coping")
        let report = SafetyPlanQualityCheck.check(content, template: Self.template, tier: .low, linkedAssessments: 1)
        #expect(report.passes)
        #expect(report.warnings.map(\.code) == ["marked-not-applicable"])
        // A blank entry is not a filled section.
        content.sections["social_distraction"] = .init(entries: [["name": "  ", "phone": ""]])
        #expect(Self.codes(SafetyPlanQualityCheck.check(content, template: Self.template, tier: .low, linkedAssessments: 1)).contains("section-empty"))
    }

    @Test func someoneToCallNeedsAPhoneNumber() {
        var content = Self.complete
        content.sections["help_contacts"] = .init(entries: [["name": "Aunt Rosa"]])
        content.sections["professionals_agencies"] = .init(entries: [["name": "My clinic", "phone": "ask at reception"]])
        let report = SafetyPlanQualityCheck.check(content, template: Self.template, tier: .low, linkedAssessments: 1)
        #expect(Self.codes(report) == ["no-crisis-contact"])
        #expect(report.warnings.map(\.code).filter { $0 == "contact-without-phone" }.count == 2)
    }

    @Test(arguments: [(RiskTier?.some(.high), true), (.some(.moderate), true), (.some(.low), false), (.some(.none), false), (nil, true)])
    func lethalMeansAreRequiredFromModerateAndWhenTheTierIsUnknown(_ tier: RiskTier?, _ blocks: Bool) {
        var content = Self.complete
        content.sections["environment_safe"] = .init(entries: [["text": "Medicines kept by Rosa"]], lethalMeans: .init(counselled: false, means: []))
        let report = SafetyPlanQualityCheck.check(content, template: Self.template, tier: tier, linkedAssessments: 1)
        #expect(Self.codes(report).contains("lethal-means-not-addressed") == blocks)
        #expect(report.warnings.map(\.code).contains("lethal-means-not-addressed") == !blocks)
    }

    @Test func contentTheTemplateDoesNotHaveIsNamed() {
        var content = Self.complete
        content.sections["reasons_to_live"] = .init(entries: [["text": "x"]])
        content.sections["warning_signs"] = .init(entries: Array(repeating: ["text": "x"], count: 6))
        content.sections["help_contacts"] = .init(entries: [["name": "Rosa", "email": "r@example.org"]])
        content.sections["internal_coping"] = .init(entries: [["text": String(repeating: "a", count: 501)]])
        content.sections["most_important_thing"] = .init(entries: [["text": "My daughter"]], notApplicable: "n/a")
        content.sections["social_distraction"]?.lethalMeans = .init(counselled: true, means: [])
        let pointers = SafetyPlanContentReader.problems(content, template: Self.template).map(\.pointer)
        #expect(pointers == [
            "/sections/help_contacts/entries/0/email", "/sections/internal_coping/entries/0/text", "/sections/most_important_thing/not_applicable",
            "/sections/reasons_to_live", "/sections/social_distraction/lethal_means", "/sections/warning_signs/entries",
        ])
    }
}
