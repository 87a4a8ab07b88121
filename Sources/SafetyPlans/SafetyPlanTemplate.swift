import CrisisCore

/// A safety-plan form as data: its sections in published order, each with its heading (locked when the form's
/// licence says so), a plain-language prompt, the fields an entry has and how many entries fit.
public struct SafetyPlanTemplate: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        public var id: String
        /// The form's step number, where it has one.
        public var step: Int?
        public var heading: String
        public var prompt: String
        /// Field names of one entry, e.g. `[text]` or `[name, phone, place]`.
        public var fields: [String]
        public var maxEntries: Int
        /// A section of people or services to call: at least one entry across such sections needs a phone.
        public var contact: Bool
        /// Filled from the crisis resources directory when a plan is created.
        public var prefillFromResources: Bool
        /// The section that records lethal-means counselling.
        public var lethalMeans: Bool
    }

    public var id: String
    public var version: String
    /// SHA-256 of the file, recorded on every plan written from it.
    public var hash: String
    public var title: String
    public var attribution: String
    public var licenceText: String
    public var licenceEvidenceRequired: Bool
    /// Headings are the published form's; a plan only fills the sections in.
    public var lockedHeadings: Bool
    public var sections: [Section]

    public func section(_ id: String) -> Section? { sections.first { $0.id == id } }
}
