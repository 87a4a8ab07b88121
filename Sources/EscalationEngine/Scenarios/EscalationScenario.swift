import CrisisCore
import Foundation

/// A scripted run of the escalation engine against an injected clock (GoAlert's smoke tests are the model):
/// screens arrive, people act, time passes, and every page must be expected; any page nobody expected fails
/// the scenario at the end.
public struct EscalationScenario: Sendable {
    /// A scalar answer as written in the scenario file.
    public enum Answer: Sendable, Hashable {
        case text(String)
        case number(Int)
        case flag(Bool)
    }

    public struct ExpectedPage: Sendable, Hashable {
        public var receiver: String
        /// `triggered`, `escalated`, `acknowledged`, `resolved`; any when `nil`.
        public var event: String?
        public var recipient: String?
        /// `delivered` (default), `retryable_failure` or `permanent_failure`.
        public var result: String
    }

    public enum Action: Sendable, Hashable {
        case screen(protocolID: String, answers: [String: Answer], subject: String, site: String?)
        case acknowledge(subject: String, by: String, kind: AcknowledgementKind)
        case escalateNow(subject: String, by: String)
        case resolve(subject: String, by: String, disposition: Disposition?, note: String?)
    }

    public struct Step: Sendable {
        /// Seconds after `start`.
        public var at: Int
        public var action: Action?
        /// The refusal the action must meet: `disposition-required`, `note-required`, `already-resolved`.
        public var refused: String?
        /// Pages attempted at exactly this second.
        public var expect: [ExpectedPage]
        /// The subject's episode afterwards.
        public var state: (subject: String, state: Episode.State?, unreached: Bool?, step: Int?)?
        /// 1-based line in the scenario file, for failures.
        public var line: Int
    }

    public var name: String
    public var file: String
    /// Escalation folder the scenario runs against.
    public var escalationDirectory: String
    public var start: Date
    /// Scripted outcomes per receiver for successive attempts; the last one repeats. Default: delivered.
    public var channels: [String: [String]]
    public var steps: [Step]
    /// Seconds after `start` until which time runs after the last step, to catch late unexpected pages.
    public var runUntil: Int
}
