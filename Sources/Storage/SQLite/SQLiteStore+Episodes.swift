import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: EpisodeStore {
    public func episode(id: EpisodeID) async throws -> Episode? {
        try await pool.read { db in try Self.fetchEpisode(db, id: id) }
    }

    public func timeline(id: EpisodeID) async throws -> [EpisodeEvent] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM episode_event WHERE episode_id = ? ORDER BY seq", arguments: [id.rawValue])
                .map { row in
                    let actor: String? = row["actor"]
                    return EpisodeEvent(
                        at: row["at"], kind: EpisodeEvent.Kind(rawValue: row["kind"]) ?? .delivery,
                        actor: actor.flatMap { try? Self.decoder.decode(EpisodeActor.self, from: Data($0.utf8)) },
                        detail: (try? Self.decoder.decode([String: String].self, from: Data((row["detail"] as String).utf8))) ?? [:])
                }
        }
    }

    public func episodes(openOnly: Bool, limit: Int) async throws -> [Episode] {
        try await pool.read { db in
            let filter = openOnly ? "WHERE state != 'resolved'" : ""
            return try String.fetchAll(
                db, sql: "SELECT document FROM episode \(filter) ORDER BY created_at DESC LIMIT ?", arguments: [limit]
            ).compactMap(Self.decodeEpisode)
        }
    }

    public func openEpisodes(subject: SubjectIdentifier) async throws -> [Episode] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT document FROM episode WHERE subject_system = ? AND subject_value = ? AND state != 'resolved' ORDER BY created_at",
                arguments: [subject.system, subject.value]
            ).compactMap(Self.decodeEpisode)
        }
    }

    public func dueEpisodes(now: Date, limit: Int) async throws -> [EpisodeID] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM episode WHERE state != 'resolved' AND next_due_at <= ? ORDER BY next_due_at LIMIT ?",
                arguments: [now, limit]
            ).map(EpisodeID.init)
        }
    }

    public func nextEpisodeDueDate() async throws -> Date? {
        try await pool.read { db in
            try Date.fetchOne(db, sql: "SELECT MIN(next_due_at) FROM episode WHERE state != 'resolved'")
        }
    }

    public func changeEpisode(
        _ id: EpisodeID, _ change: @escaping @Sendable (Episode, _ currentRoundFailed: Bool) throws -> EpisodeCommit?
    ) async throws -> EpisodeCommit? {
        try await pool.write { db in
            guard let episode = try Self.fetchEpisode(db, id: id) else { return nil }
            // A round has failed when it has pages and none is still pending or delivered.
            let row = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*) AS total, SUM(status = 'failed') AS failed FROM outbox WHERE episode_id = ? AND firing = ?",
                arguments: [id.rawValue, episode.firing])
            let total: Int = row?["total"] ?? 0
            let failed: Int = row?["failed"] ?? 0
            guard let commit = try change(episode, total > 0 && failed == total) else { return nil }
            try Self.save(commit, db)
            return commit
        }
    }

    public func episodeID(forDedupKey key: String) async throws -> EpisodeID? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT id FROM episode WHERE id = ?", arguments: [key]).map(EpisodeID.init)
        }
    }

    /// Open episode of a subject in a domain (the unique index allows at most one).
    static func openEpisode(_ db: Database, subject: SubjectIdentifier, domain: RiskDomain) throws -> Episode? {
        try String.fetchOne(
            db,
            sql: "SELECT document FROM episode WHERE subject_system = ? AND subject_value = ? AND domain = ? AND state != 'resolved'",
            arguments: [subject.system, subject.value, domain.rawValue]
        ).flatMap(decodeEpisode)
    }

    static func episodeOf(_ db: Database, assessment: AssessmentID) throws -> Episode? {
        try String.fetchOne(
            db,
            sql: """
                SELECT e.document FROM episode e JOIN episode_assessment ea ON ea.episode_id = e.id
                WHERE ea.assessment_id = ? ORDER BY e.created_at DESC LIMIT 1
                """,
            arguments: [assessment.rawValue]
        ).flatMap(decodeEpisode)
    }

    /// Writes the episode (insert or update), links its new assessments, appends its events and enqueues its pages.
    static func save(_ commit: EpisodeCommit, _ db: Database) throws {
        let episode = commit.episode
        let document = String(decoding: try encoder.encode(episode), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO episode (id, subject_system, subject_value, domain, state, next_due_at, firing, created_at, updated_at, document)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET state = excluded.state, next_due_at = excluded.next_due_at,
                    firing = excluded.firing, updated_at = excluded.updated_at, document = excluded.document
                """,
            arguments: [
                episode.id.rawValue, episode.subject.system, episode.subject.value, episode.domain.rawValue, episode.state.rawValue,
                episode.nextWakeAt, episode.firing, episode.createdAt, episode.updatedAt, document,
            ])
        for assessment in episode.assessments {
            try db.execute(
                sql: "INSERT OR IGNORE INTO episode_assessment (episode_id, assessment_id) VALUES (?, ?)",
                arguments: [episode.id.rawValue, assessment.rawValue])
        }
        for event in commit.events { try insert(event, episode: episode.id, db) }
        for page in commit.pages { try insert(page, db) }
    }

    static func insert(_ event: EpisodeEvent, episode: EpisodeID, _ db: Database) throws {
        let actor = try event.actor.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try db.cachedStatement(sql: "INSERT INTO episode_event (episode_id, at, kind, actor, detail) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [
                episode.rawValue, event.at, event.kind.rawValue, actor,
                String(decoding: try encoder.encode(event.detail), as: UTF8.self),
            ])
    }

    static func fetchEpisode(_ db: Database, id: EpisodeID) throws -> Episode? {
        try String.fetchOne(db, sql: "SELECT document FROM episode WHERE id = ?", arguments: [id.rawValue]).flatMap(decodeEpisode)
    }

    static func decodeEpisode(_ document: String) -> Episode? {
        try? decoder.decode(Episode.self, from: Data(document.utf8))
    }

    /// Dates as milliseconds since 1970 keep the stored document exact.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()
}
