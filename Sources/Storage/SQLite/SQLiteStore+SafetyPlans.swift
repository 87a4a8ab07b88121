import CrisisCore
import Foundation
import GRDB

extension SQLiteStore: SafetyPlanStore {
    public func createPlan(_ plan: SafetyPlan, revision: SafetyPlanRevision) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO safety_plan (id, subject_system, subject_value, template_id, template_version, template_hash, status,
                        revision, assessments, created_at, created_by, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    plan.id.rawValue, plan.subject.system, plan.subject.value, plan.templateID, plan.templateVersion, plan.templateHash,
                    plan.status.rawValue, plan.revision, ColumnJSON.encode(strings: plan.assessments.map(\.rawValue)), plan.createdAt,
                    plan.createdBy.rawValue, plan.updatedAt,
                ])
            try Self.insert(revision, db)
        }
    }

    public func revisePlan(_ id: SafetyPlanID, basedOn: Int, revision: SafetyPlanRevision) async throws -> SafetyPlan {
        try await pool.write { db in
            guard let plan = try Self.fetchPlan(db, id: id) else { throw SafetyPlanRefusal.notFound }
            guard plan.status != .superseded else { throw SafetyPlanRefusal.superseded }
            guard plan.revision == basedOn else { throw SafetyPlanRefusal.staleRevision(current: plan.revision) }
            var next = revision
            next.number = plan.revision + 1
            try Self.insert(next, db)
            try db.execute(
                sql: "UPDATE safety_plan SET revision = ?, updated_at = ? WHERE id = ?", arguments: [next.number, next.at, id.rawValue])
            guard let updated = try Self.fetchPlan(db, id: id) else { throw SafetyPlanRefusal.notFound }
            return updated
        }
    }

    public func activatePlan(_ id: SafetyPlanID, at: Date, check: @Sendable (SafetyPlan) throws -> Void) async throws -> SafetyPlan {
        try await pool.write { db in
            guard let plan = try Self.fetchPlan(db, id: id) else { throw SafetyPlanRefusal.notFound }
            guard plan.status != .superseded else { throw SafetyPlanRefusal.superseded }
            try check(plan)
            if plan.status == .active { return plan }
            // The subject's other active plan steps down in the same transaction; the partial unique index
            // makes a second active plan impossible even if two activations race.
            try db.execute(
                sql: """
                    UPDATE safety_plan SET status = 'superseded', superseded_at = ?, superseded_by = ?, updated_at = ?
                    WHERE subject_system = ? AND subject_value = ? AND status = 'active' AND id != ?
                    """,
                arguments: [at, id.rawValue, at, plan.subject.system, plan.subject.value, id.rawValue])
            try db.execute(
                sql: "UPDATE safety_plan SET status = 'active', activated_at = ?, updated_at = ? WHERE id = ?", arguments: [at, at, id.rawValue])
            guard let updated = try Self.fetchPlan(db, id: id) else { throw SafetyPlanRefusal.notFound }
            return updated
        }
    }

    public func plan(id: SafetyPlanID) async throws -> SafetyPlan? {
        try await pool.read { db in try Self.fetchPlan(db, id: id) }
    }

    public func plans(subject: SubjectIdentifier) async throws -> [SafetyPlan] {
        try await pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM safety_plan WHERE subject_system = ? AND subject_value = ? ORDER BY created_at DESC, id DESC",
                arguments: [subject.system, subject.value]
            ).compactMap { try Self.fetchPlan(db, id: SafetyPlanID($0)) }
        }
    }

    public func activePlan(subject: SubjectIdentifier) async throws -> SafetyPlan? {
        try await pool.read { db in
            try String.fetchOne(
                db, sql: "SELECT id FROM safety_plan WHERE subject_system = ? AND subject_value = ? AND status = 'active'",
                arguments: [subject.system, subject.value]
            ).flatMap { try Self.fetchPlan(db, id: SafetyPlanID($0)) }
        }
    }

    public func revisions(of id: SafetyPlanID) async throws -> [SafetyPlanRevision] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM safety_plan_revision WHERE plan_id = ? ORDER BY number", arguments: [id.rawValue])
                .compactMap(Self.revision)
        }
    }

    public func recordAccess(plan: SafetyPlanID, principal: PrincipalID, action: String, at: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO safety_plan_access (plan_id, principal_id, action, at) VALUES (?, ?, ?, ?)",
                arguments: [plan.rawValue, principal.rawValue, action, at])
        }
    }

    public func accessLog(plan: SafetyPlanID) async throws -> [(principal: PrincipalID, action: String, at: Date)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM safety_plan_access WHERE plan_id = ? ORDER BY at, rowid", arguments: [plan.rawValue]).map {
                (PrincipalID($0["principal_id"]), $0["action"], $0["at"])
            }
        }
    }

    private static func insert(_ revision: SafetyPlanRevision, _ db: Database) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try db.execute(
            sql: "INSERT INTO safety_plan_revision (plan_id, number, content, author, author_name, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                revision.planID.rawValue, revision.number, String(decoding: try encoder.encode(revision.content), as: UTF8.self),
                revision.author.rawValue, revision.authorName, revision.at,
            ])
    }

    private static func revision(_ row: Row) -> SafetyPlanRevision? {
        guard let content = try? JSONDecoder().decode(SafetyPlanContent.self, from: Data((row["content"] as String).utf8)) else { return nil }
        return SafetyPlanRevision(
            planID: SafetyPlanID(row["plan_id"]), number: row["number"], content: content, author: PrincipalID(row["author"]),
            authorName: row["author_name"], at: row["at"])
    }

    static func fetchPlan(_ db: Database, id: SafetyPlanID) throws -> SafetyPlan? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM safety_plan WHERE id = ?", arguments: [id.rawValue]),
            let status = SafetyPlan.Status(rawValue: row["status"]),
            let current = try Row.fetchOne(
                db, sql: "SELECT * FROM safety_plan_revision WHERE plan_id = ? AND number = ?", arguments: [id.rawValue, row["revision"] as Int]
            ).flatMap(revision)
        else { return nil }
        let assessments = ColumnJSON.decodeStrings(row["assessments"])
        return SafetyPlan(
            id: id, subject: SubjectIdentifier(system: row["subject_system"], value: row["subject_value"]), templateID: row["template_id"],
            templateVersion: row["template_version"], templateHash: row["template_hash"], status: status, revision: row["revision"],
            content: current.content, assessments: assessments.map(AssessmentID.init), createdAt: row["created_at"],
            createdBy: PrincipalID(row["created_by"]), updatedAt: row["updated_at"], activatedAt: row["activated_at"],
            supersededAt: row["superseded_at"], supersededBy: (row["superseded_by"] as String?).map(SafetyPlanID.init))
    }
}
