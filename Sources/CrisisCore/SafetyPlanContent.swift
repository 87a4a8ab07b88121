import Foundation

/// What a plan says, section by section, in the client's own words. Clinical free text: stored and shown to
/// the client and care team, never logged, paged or put in metrics.
public struct SafetyPlanContent: Sendable, Codable, Equatable {
    /// One section: its entries (each a few named fields, e.g. `text`, or `name` + `phone`), or a reason it
    /// does not apply.
    public struct Section: Sendable, Codable, Equatable {
        public var entries: [[String: String]]
        public var notApplicable: String?
        /// Lethal-means counselling, on the section that makes the environment safe.
        public var lethalMeans: LethalMeansCounselling?

        public init(entries: [[String: String]] = [], notApplicable: String? = nil, lethalMeans: LethalMeansCounselling? = nil) {
            self.entries = entries
            self.notApplicable = notApplicable
            self.lethalMeans = lethalMeans
        }

        /// Entries with at least one non-blank field.
        public var filledEntries: [[String: String]] {
            entries.filter { $0.values.contains { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
        }
    }

    /// The record of lethal-means counselling (reference/protocols.md §6, step 6).
    public struct LethalMeansCounselling: Sendable, Codable, Equatable {
        public var counselled: Bool
        /// What was discussed, e.g. `firearms`, `medications`.
        public var means: [String]
        public var note: String?

        public init(counselled: Bool, means: [String], note: String? = nil) {
            self.counselled = counselled
            self.means = means
            self.note = note
        }
    }

    /// By template section id.
    public var sections: [String: Section]

    public init(sections: [String: Section] = [:]) { self.sections = sections }
}
