import Foundation

/// De-identified aggregates for program evaluation: counts and durations, never subjects, answers or text.
public struct ProgramStatistics: Sendable, Equatable {
    public struct DailyScreens: Sendable, Equatable {
        /// `yyyy-MM-dd` in UTC.
        public var day: String
        public var tier: RiskTier
        public var count: Int

        public init(day: String, tier: RiskTier, count: Int) {
            self.day = day
            self.tier = tier
            self.count = count
        }
    }

    public var screens: [DailyScreens]
    /// Seconds from an episode's opening to its first acknowledgement, for episodes that were acknowledged.
    public var acknowledgementSeconds: [Double]
    /// Episodes opened in the period whose final fallback ran out without anyone acknowledging.
    public var unreached: Int
    public var episodes: Int

    public init(screens: [DailyScreens], acknowledgementSeconds: [Double], unreached: Int, episodes: Int) {
        self.screens = screens
        self.acknowledgementSeconds = acknowledgementSeconds
        self.unreached = unreached
        self.episodes = episodes
    }
}

/// Aggregates over a period (port).
public protocol StatisticsStore: Sendable {
    func statistics(since: Date) async throws -> ProgramStatistics
}
