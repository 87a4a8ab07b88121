import GRDB

/// Screens kept in the standard form they arrived as (FHIR QuestionnaireResponse), beside their assessment.
enum M0007 {
    @Sendable static func apply(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE source_document (
                    type TEXT NOT NULL,
                    id TEXT NOT NULL,
                    assessment_id TEXT NOT NULL REFERENCES assessment(id),
                    body BLOB NOT NULL,
                    PRIMARY KEY (type, id)
                );
                CREATE INDEX source_document_assessment ON source_document(assessment_id);
                """)
    }
}
