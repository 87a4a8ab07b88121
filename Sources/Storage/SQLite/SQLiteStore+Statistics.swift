import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: StatisticsStore {
    public func statistics(since: Date) async throws -> ProgramStatistics {
        try await pool.read { db in
            // Dates are stored as "yyyy-MM-dd HH:mm:ss.SSS" UTC text, so the first ten characters are the day.
            let screens = try Row.fetchAll(
                db,
                sql: "SELECT substr(received_at, 1, 10) AS day, tier, COUNT(*) AS count FROM assessment WHERE received_at >= ? GROUP BY day, tier ORDER BY day",
                arguments: [since]
            ).compactMap { row -> ProgramStatistics.DailyScreens? in
                guard let tier = RiskTier(rawValue: row["tier"]) else { return nil }
                return .init(day: row["day"], tier: tier, count: row["count"])
            }
            let episodes = try String.fetchAll(db, sql: "SELECT document FROM episode WHERE created_at >= ?", arguments: [since])
                .compactMap(Self.decodeEpisode)
            let acknowledged = episodes.compactMap { episode in
                episode.acknowledgements.map(\.at).min().map { $0.timeIntervalSince(episode.createdAt) }
            }
            return ProgramStatistics(
                screens: screens, acknowledgementSeconds: acknowledged, unreached: episodes.filter(\.unreached).count, episodes: episodes.count)
        }
    }
}
