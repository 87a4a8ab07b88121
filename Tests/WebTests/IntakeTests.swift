import CrisisCore
import CrisisTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Storage
import Testing

@testable import crisisd

/// `POST /api/v1/assessments` through the real router, store and definitions (no sockets).
@Suite struct IntakeTests {
    static let subject = #"{"system": "urn:oid:2.16.840.1.113883.19.5", "value": "MRN-4471"}"#

    static func body(_ answers: String, protocol id: String = "cssrs_screen_recent", extra: String = "") -> String {
        #"{"protocol": "\#(id)", "answers": \#(answers), "subject": \#(subject), "site": "east"\#(extra)}"#
    }

    static func headers(_ token: String, key: String? = nil) -> HTTPFields {
        var fields: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        if let key, let name = HTTPField.Name("Idempotency-Key") { fields[name] = key }
        return fields
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var answers: String
        var outcome: String
        var tier: String
        var pages: [String]
        var testDescription: String { "\(answers) → \(outcome)" }
    }

    /// Every row of the C-SSRS triage table and the skip-logic paths, through intake (protocols.md §1.2).
    static let rows: [Row] = [
        Row(answers: #"{"q1": "no", "q2": "no", "q6": "no"}"#, outcome: "none", tier: "none", pages: []),
        Row(answers: #"{"q1": "yes", "q2": "no", "q6": "no"}"#, outcome: "low", tier: "low", pages: []),
        Row(answers: #"{"q1": "no", "q2": "yes", "q3": "no", "q4": "no", "q5": "no", "q6": "no"}"#, outcome: "low", tier: "low", pages: []),
        Row(answers: #"{"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no", "q5": "no", "q6": "no"}"#, outcome: "moderate",
            tier: "moderate", pages: ["supervisor", "supervisor-email"]),
        Row(answers: #"{"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "no"}"#, outcome: "moderate", tier: "moderate",
            pages: ["supervisor", "supervisor-email"]),
        Row(answers: #"{"q1": "yes", "q2": "yes", "q3": "no", "q4": "yes", "q5": "no", "q6": "no"}"#, outcome: "high", tier: "high",
            pages: ["oncall", "pagerduty"]),
        Row(answers: #"{"q1": "yes", "q2": "yes", "q3": "no", "q4": "no", "q5": "yes", "q6": "no"}"#, outcome: "high", tier: "high",
            pages: ["oncall", "pagerduty"]),
        Row(answers: #"{"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"}"#, outcome: "high", tier: "high", pages: ["oncall", "pagerduty"]),
        // Invalid screens are stored (201) and routed at the worst tier their answers could still reach.
        Row(answers: #"{"q1": "no", "q2": "no", "q6": "yes"}"#, outcome: "invalid", tier: "high", pages: ["oncall", "pagerduty"]),
        Row(answers: #"{"q1": "no", "q6": "no"}"#, outcome: "invalid", tier: "high", pages: ["oncall", "pagerduty"]),
        Row(answers: #"{"q1": "no", "q2": "no", "q5": "yes", "q6": "no"}"#, outcome: "invalid", tier: "high", pages: ["oncall", "pagerduty"]),
    ]

    @Test(arguments: rows)
    func triageThroughIntake(_ row: Row) async throws {
        let daemon = try await TestDaemon.make()
        let token = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/assessments", method: .post, headers: Self.headers(token), body: ByteBuffer(string: Self.body(row.answers)))
            #expect(response.status == .created)
            let object = try Self.json(response.body)
            #expect(object["outcome"] as? String == row.outcome)
            #expect(object["tier"] as? String == row.tier)
            #expect(object["protocol"] as? String == "cssrs_screen_recent")
            #expect((object["hash"] as? String)?.hasPrefix("sha256:") == true)
            #expect(object["version"] as? String == "1.0.0")
            #expect(object.keys.contains("score"))
            let pages = try #require(object["pages"] as? [[String: Any]])
            #expect(pages.map { $0["receiver"] as? String } == row.pages)
            let id = try #require(object["id"] as? String)
            #expect(response.headers[.location] == "/api/v1/assessments/\(id)")

            let stored = try await client.execute(uri: "/api/v1/assessments/\(id)", method: .get, headers: Self.headers(token))
            #expect(stored.status == .ok)
            let storedObject = try Self.json(stored.body)
            #expect(storedObject["outcome"] as? String == row.outcome)
            #expect((storedObject["fired"] as? [[String: Any]])?.count == (object["fired"] as? [[String: Any]])?.count)
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String
        var status: Int
        var pointer: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "malformed JSON", body: #"{"protocol": "cssrs_screen_recent", "answers": {"#, status: 400, pointer: ""),
        BadInput(name: "unknown protocol", body: body(#"{"q1": "no"}"#, protocol: "cssrs_v9"), status: 422, pointer: "/protocol"),
        BadInput(name: "unknown item", body: body(#"{"q1": "no", "q2": "no", "q6": "no", "q7": "yes"}"#), status: 422,
                 pointer: "/answers/q7"),
        BadInput(name: "wrong type", body: body(#"{"q1": true, "q2": "no", "q6": "no"}"#), status: 422, pointer: "/answers/q1"),
        BadInput(name: "integer for a yes/no item", body: body(#"{"q1": 1, "q2": "no", "q6": "no"}"#), status: 422,
                 pointer: "/answers/q1"),
        BadInput(name: "missing subject",
                 body: #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "no", "q2": "no", "q6": "no"}}"#, status: 422,
                 pointer: "/subject"),
        BadInput(name: "subject without value",
                 body: #"{"protocol": "cssrs_screen_recent", "answers": {}, "subject": {"system": "urn:x"}}"#, status: 422,
                 pointer: "/subject/value"),
        BadInput(name: "unknown top-level field", body: body(#"{"q1": "no", "q2": "no", "q6": "no"}"#, extra: #", "nmae": "x""#),
                 status: 422, pointer: "/nmae"),
        BadInput(name: "site with spaces", body: body(#"{"q1": "no"}"#).replacingOccurrences(of: #""east""#, with: #""east wing""#),
                 status: 422, pointer: "/site"),
        BadInput(name: "answers not an object", body: body(#"["yes"]"#), status: 422, pointer: "/answers"),
        BadInput(name: "body not an object", body: "[1, 2]", status: 422, pointer: ""),
    ]

    @Test(arguments: badInputs)
    func badInputIsRefusedNamingTheFieldAndStoresNothing(_ input: BadInput) async throws {
        let daemon = try await TestDaemon.make()
        let token = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/assessments", method: .post, headers: Self.headers(token), body: ByteBuffer(string: input.body))
            #expect(response.status.code == input.status)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try Self.json(response.body)
            #expect(problem["status"] as? Int == input.status)
            #expect(problem["pointer"] as? String == input.pointer)
            #expect(!String(buffer: response.body).contains("MRN-4471"))
        }
        #expect(try await daemon.server.store.count(table: "assessment") == 0)
        #expect(try await daemon.server.store.count(table: "outbox") == 0)
    }

    @Test func oversizedBodyGets413() async throws {
        let daemon = try await TestDaemon.make { $0.maxBodyBytes = 2048 }
        let token = try await daemon.token(role: .ehr)
        let padding = String(repeating: " ", count: 4096)
        try await daemon.server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/assessments", method: .post, headers: Self.headers(token),
                body: ByteBuffer(string: Self.body(#"{"q1": "no", "q2": "no", "q6": "no"}"#) + padding))
            #expect(response.status == .contentTooLarge)
        }
        #expect(try await daemon.server.store.count(table: "assessment") == 0)
    }

    @Test func otherContentTypesGet415() async throws {
        let daemon = try await TestDaemon.make()
        let token = try await daemon.token(role: .ehr)
        var formHeaders = Self.headers(token)
        formHeaders[.contentType] = "application/x-www-form-urlencoded"
        let headers = formHeaders
        try await daemon.server.application.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/assessments", method: .post, headers: headers,
                body: ByteBuffer(string: Self.body(#"{"q1": "no", "q2": "no", "q6": "no"}"#)))
            #expect(response.status == .unsupportedMediaType)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
        #expect(try await daemon.server.store.count(table: "assessment") == 0)
    }

    @Test func idempotentRetryReturnsTheSameAssessmentAndNoSecondPage() async throws {
        let daemon = try await TestDaemon.make()
        let token = try await daemon.token(role: .ehr)
        let high = Self.body(#"{"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"}"#)
        try await daemon.server.application.test(.router) { client in
            let first = try await client.execute(
                uri: "/api/v1/assessments", method: .post, headers: Self.headers(token, key: "retry-1"), body: ByteBuffer(string: high))
            let second = try await client.execute(
                uri: "/api/v1/assessments", method: .post, headers: Self.headers(token, key: "retry-1"), body: ByteBuffer(string: high))
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(try Self.json(first.body)["id"] as? String == Self.json(second.body)["id"] as? String)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let conflict = try await client.execute(
                uri: "/api/v1/assessments", method: .post, headers: Self.headers(token, key: "retry-1"),
                body: ByteBuffer(string: Self.body(#"{"q1": "no", "q2": "no", "q6": "no"}"#)))
            #expect(conflict.status == .unprocessableContent)
        }
        #expect(try await daemon.server.store.count(table: "assessment") == 1)
        // One episode, triggered once: on-call webhook and PagerDuty. (Neither is configured here, so the running
        // sender fails them for good and the episode escalates step by step: those pages belong to no screen.)
        #expect(try await daemon.server.store.count(table: "episode") == 1)
        let triggered = try await daemon.server.store.episodes(openOnly: true, limit: 10).first?.assessments.first
        let pages = try await daemon.server.store.pages(for: try #require(triggered))
        #expect(pages.map(\.receiver).sorted() == ["oncall", "pagerduty"])
    }

    @Test func everyAPIRouteNeedsATokenAndTheRightRole() async throws {
        let daemon = try await TestDaemon.make()
        let admin = try await daemon.token(role: .admin)
        let clinician = try await daemon.token(role: .clinician)
        let body = ByteBuffer(string: Self.body(#"{"q1": "no", "q2": "no", "q6": "no"}"#))
        try await daemon.server.application.test(.router) { client in
            let anonymous = try await client.execute(uri: "/api/v1/assessments", method: .post, body: body)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            let wrongToken = try await client.execute(
                uri: "/api/v1/assessments", method: .post, headers: Self.headers("crt_not-a-token"), body: body)
            #expect(wrongToken.status == .unauthorized)
            let forbidden = try await client.execute(uri: "/api/v1/assessments", method: .post, headers: Self.headers(admin), body: body)
            #expect(forbidden.status == .forbidden)
            let readAnonymous = try await client.execute(uri: "/api/v1/assessments/asm_x", method: .get)
            #expect(readAnonymous.status == .unauthorized)
            let readForbidden = try await client.execute(uri: "/api/v1/assessments/asm_x", method: .get, headers: Self.headers(admin))
            #expect(readForbidden.status == .forbidden)
            let missing = try await client.execute(uri: "/api/v1/assessments/asm_x", method: .get, headers: Self.headers(clinician))
            #expect(missing.status == .notFound)
            let created = try await client.execute(uri: "/api/v1/assessments", method: .post, headers: Self.headers(clinician), body: body)
            #expect(created.status == .created)
        }
    }

    @Test func healthEndpointsAnswer() async throws {
        let daemon = try await TestDaemon.make()
        try await daemon.server.application.test(.router) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            #expect(String(buffer: ready.body).contains("database: ok"))
        }
    }
}
