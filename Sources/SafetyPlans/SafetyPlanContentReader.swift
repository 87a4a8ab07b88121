import CrisisCore
import Foundation

/// Checks plan content against its template before anything is stored: known sections and fields, entry
/// counts, lengths. Every problem names its JSON pointer (`/sections/warning_signs/entries/0/text`).
public enum SafetyPlanContentReader {
    public static let maxFieldLength = 500
    public static let maxReasonLength = 500

    public struct Problem: Sendable, Equatable {
        public var pointer: String
        public var detail: String
    }

    public static func problems(_ content: SafetyPlanContent, template: SafetyPlanTemplate) -> [Problem] {
        var problems: [Problem] = []
        for (sectionID, section) in content.sections.sorted(by: { $0.key < $1.key }) {
            let base = "/sections/\(sectionID)"
            guard let definition = template.section(sectionID) else {
                problems.append(.init(pointer: base, detail: "unknown section; \(template.id) has \(template.sections.map(\.id).joined(separator: ", "))"))
                continue
            }
            if section.entries.count > definition.maxEntries {
                problems.append(.init(pointer: "\(base)/entries", detail: "at most \(definition.maxEntries) entries"))
            }
            for (index, entry) in section.entries.enumerated() {
                for (field, value) in entry.sorted(by: { $0.key < $1.key }) {
                    let pointer = "\(base)/entries/\(index)/\(field)"
                    if !definition.fields.contains(field) {
                        problems.append(.init(pointer: pointer, detail: "unknown field; entries here have \(definition.fields.joined(separator: ", "))"))
                    } else if value.count > maxFieldLength {
                        problems.append(.init(pointer: pointer, detail: "at most \(maxFieldLength) characters"))
                    }
                }
            }
            if let reason = section.notApplicable {
                if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    problems.append(.init(pointer: "\(base)/not_applicable", detail: "give the reason the section does not apply"))
                } else if reason.count > maxReasonLength {
                    problems.append(.init(pointer: "\(base)/not_applicable", detail: "at most \(maxReasonLength) characters"))
                }
                if !section.filledEntries.isEmpty {
                    problems.append(.init(pointer: "\(base)/not_applicable", detail: "a section with entries cannot also be marked not applicable"))
                }
            }
            if let counselling = section.lethalMeans {
                if !definition.lethalMeans {
                    problems.append(.init(pointer: "\(base)/lethal_means", detail: "lethal-means counselling is recorded on the environment section"))
                }
                if counselling.means.count > 10 || counselling.means.contains(where: { $0.count > 100 }) {
                    problems.append(.init(pointer: "\(base)/lethal_means/means", detail: "at most 10 means of at most 100 characters"))
                }
                if (counselling.note?.count ?? 0) > maxFieldLength {
                    problems.append(.init(pointer: "\(base)/lethal_means/note", detail: "at most \(maxFieldLength) characters"))
                }
            }
        }
        return problems
    }
}
