import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: AssessmentStore {
    public func submit(_ submission: AssessmentSubmission) async throws -> SubmissionOutcome {
        try await committer.submit(submission)
    }

    /// Commits a batch in one transaction; each submission runs in its own savepoint, so one that fails
    /// (a constraint, say) is rolled back alone and reported to its caller alone.
    static func commit(_ batch: [AssessmentSubmission], pool: DatabasePool) async -> [Result<SubmissionOutcome, any Error>] {
        do {
            return try await pool.write { db in
                batch.map { submission in
                    Result {
                        var outcome: SubmissionOutcome = .idempotencyConflict
                        try db.inSavepoint {
                            outcome = try submitOne(submission, db)
                            return .commit
                        }
                        return outcome
                    }
                }
            }
        } catch {
            // The transaction itself failed: nothing in the batch was committed.
            return batch.map { _ in .failure(error) }
        }
    }

    static func submitOne(_ submission: AssessmentSubmission, _ db: Database) throws -> SubmissionOutcome {
        let principal = submission.assessment.submittedBy.rawValue
        if let key = submission.idempotencyKey,
            let earlier = try Row.fetchOne(
                db, sql: "SELECT request_digest, assessment_id FROM idempotency_key WHERE principal_id = ? AND key = ?",
                arguments: [principal, key])
        {
            guard (earlier["request_digest"] as String) == submission.requestDigest else { return .idempotencyConflict }
            let id = AssessmentID(earlier["assessment_id"])
            guard let assessment = try fetchAssessment(db, id: id) else { return .idempotencyConflict }
            return .replayed(assessment, episode: try episodeOf(db, assessment: id), pages: try fetchPages(db, assessment: id))
        }
        try insert(submission.assessment, db)
        for page in submission.pages { try insert(page, db) }
        if let source = submission.source {
            try db.execute(
                sql: "INSERT INTO source_document (type, id, assessment_id, body) VALUES (?, ?, ?, ?)",
                arguments: [source.type, source.id, submission.assessment.id.rawValue, Data(source.body)])
        }
        var episode: Episode?
        var pages = submission.pages
        if let escalate = submission.escalate {
            let evaluation = submission.assessment.evaluation
            let open = try openEpisode(db, subject: submission.assessment.subject, domain: evaluation.domain)
            if let commit = escalate(open) {
                try save(commit, db)
                episode = commit.episode
                pages += commit.pages
            } else {
                episode = open
            }
        }
        if let key = submission.idempotencyKey {
            try db.cachedStatement(
                sql: """
                    INSERT INTO idempotency_key (principal_id, key, request_digest, assessment_id, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [principal, key, submission.requestDigest, submission.assessment.id.rawValue,
                            submission.assessment.receivedAt])
        }
        return .created(submission.assessment, episode: episode, pages: pages)
    }

    public func assessment(id: AssessmentID) async throws -> Assessment? {
        try await pool.read { db in try Self.fetchAssessment(db, id: id) }
    }

    public func pages(for id: AssessmentID) async throws -> [OutboxMessage] {
        try await pool.read { db in try Self.fetchPages(db, assessment: id) }
    }

    public func sourceDocument(type: String, id: String) async throws -> (SourceDocument, AssessmentID)? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM source_document WHERE type = ? AND id = ?", arguments: [type, id])
            else { return nil }
            let body: Data = row["body"]
            return (SourceDocument(type: type, id: id, body: Array(body)), AssessmentID(row["assessment_id"]))
        }
    }

    public func sourceDocument(type: String, forAssessment id: AssessmentID) async throws -> SourceDocument? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, body FROM source_document WHERE type = ? AND assessment_id = ?", arguments: [type, id.rawValue]
            ).map { row in
                let body: Data = row["body"]
                return SourceDocument(type: type, id: row["id"], body: Array(body))
            }
        }
    }

    public func assessments(for subject: SubjectIdentifier, limit: Int) async throws -> [Assessment] {
        try await pool.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT id FROM assessment WHERE subject_system = ? AND subject_value = ? ORDER BY received_at DESC, id DESC LIMIT ?",
                arguments: [subject.system, subject.value, limit]
            ).compactMap { try Self.fetchAssessment(db, id: AssessmentID($0)) }
        }
    }

    public func episode(forAssessment id: AssessmentID) async throws -> Episode? {
        try await pool.read { db in try Self.episodeOf(db, assessment: id) }
    }

    static func insert(_ assessment: Assessment, _ db: Database) throws {
        let evaluation = assessment.evaluation
        try db.cachedStatement(
            sql: """
                INSERT INTO assessment (id, subject_system, subject_value, site, protocol_id, protocol_version, protocol_hash,
                    outcome, tier, domain, score, flags, action_class, action_within_minutes, action_text, fired, problems,
                    answers, completed_at, received_at, submitted_by, follow_ups)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                assessment.id.rawValue, assessment.subject.system, assessment.subject.value, assessment.site,
                evaluation.protocolID.rawValue, evaluation.version, evaluation.hash, evaluation.outcome,
                evaluation.tier.rawValue, evaluation.domain.rawValue, evaluation.score, ColumnJSON.encode(strings: evaluation.flags),
                evaluation.action.actionClass.rawValue, evaluation.action.withinMinutes, evaluation.action.text,
                ColumnJSON.encode(objects: evaluation.fired.map { ["rule": $0.rule, "outcome": $0.outcome, "explanation": $0.explanation] }),
                ColumnJSON.encode(objects: evaluation.problems.map { ["item": $0.item, "kind": $0.kind.rawValue, "message": $0.message] }),
                ColumnJSON.encode(answers: assessment.answers), assessment.completedAt, assessment.receivedAt,
                assessment.submittedBy.rawValue, ColumnJSON.encode(strings: evaluation.followUps.map(\.rawValue)),
            ])
    }

    static func fetchAssessment(_ db: Database, id: AssessmentID) throws -> Assessment? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM assessment WHERE id = ?", arguments: [id.rawValue]) else {
            return nil
        }
        let fired = ColumnJSON.decodeObjects(row["fired"]).map {
            FiredRule(rule: $0["rule"] ?? "", outcome: $0["outcome"] ?? "", explanation: $0["explanation"] ?? "")
        }
        let problems = ColumnJSON.decodeObjects(row["problems"]).compactMap { object -> AnswerProblem? in
            guard let kind = object["kind"].flatMap(AnswerProblem.Kind.init(rawValue:)) else { return nil }
            return AnswerProblem(item: object["item"] ?? "", kind: kind, message: object["message"] ?? "")
        }
        let evaluation = Evaluation(
            protocolID: ProtocolID(row["protocol_id"]), version: row["protocol_version"], hash: row["protocol_hash"],
            outcome: row["outcome"], score: row["score"], tier: RiskTier(rawValue: row["tier"]) ?? .high,
            domain: RiskDomain(rawValue: row["domain"]) ?? .self, flags: ColumnJSON.decodeStrings(row["flags"]),
            action: RequiredAction(
                actionClass: ActionClass(rawValue: row["action_class"]) ?? .stat, withinMinutes: row["action_within_minutes"],
                text: row["action_text"]),
            fired: fired, problems: problems, followUps: ColumnJSON.decodeStrings(row["follow_ups"]).map(ProtocolID.init))
        return Assessment(
            id: id, subject: SubjectIdentifier(system: row["subject_system"], value: row["subject_value"]), site: row["site"],
            answers: ColumnJSON.decodeAnswers(row["answers"]), evaluation: evaluation, completedAt: row["completed_at"],
            receivedAt: row["received_at"], submittedBy: PrincipalID(row["submitted_by"]))
    }
}
