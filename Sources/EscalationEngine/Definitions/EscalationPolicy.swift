/// Ordered steps that page until a person acknowledges, then a final fallback that never stops.
public struct EscalationPolicy: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        /// Paged together when the step fires.
        public var targets: [EscalationTarget]
        /// Seconds to wait for an acknowledgement before the next step fires.
        public var delay: Int

        public init(targets: [EscalationTarget], delay: Int) {
            self.targets = targets
            self.delay = delay
        }
    }

    public var id: String
    /// Empty for a record-only policy: screens are stored, nobody is paged, no episode is opened.
    public var steps: [Step]
    /// How many times the whole list of steps runs again before the final fallback.
    public var repeatCount: Int
    /// Seconds an acknowledged episode may stay without a disposition before it escalates again.
    public var acknowledgementTimeout: Int
    /// Paged when the steps and repeats are exhausted or a step reaches nobody; re-paged until acknowledged.
    public var finalFallback: [EscalationTarget]

    public init(id: String, steps: [Step], repeatCount: Int, acknowledgementTimeout: Int, finalFallback: [EscalationTarget]) {
        self.id = id
        self.steps = steps
        self.repeatCount = repeatCount
        self.acknowledgementTimeout = acknowledgementTimeout
        self.finalFallback = finalFallback
    }

    /// Whether matching screens open an episode.
    public var pages: Bool { !steps.isEmpty }

    /// Seconds between re-pages of the final fallback: the last step's delay (at least a minute).
    public var finalRepeatInterval: Int { max(60, steps.last?.delay ?? 300) }
}
