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

/// Safety plans through the router: write, check, activate, revise, print, export; the disposition gate; one
/// active plan per client under concurrent requests; every bad input named and nothing stored changed.
@Suite struct SafetyPlanAPITests {
    typealias Client = OverrideTests.Client
    static let subject = #"{"system": "urn:oid:1.2.3.4", "value": "MRN-SP-1"}"#
    static let highScreen = #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "yes", "q2": "yes", "q3": "no", "q4": "yes", "q5": "no", "q6": "no"}, "subject": \#(subject)}"#

    static let sections = #"""
        {"warning_signs": {"entries": [{"text": "Not sleeping, pacing at night"}]},
         "internal_coping": {"entries": [{"text": "Walk the dog"}, {"text": "Loud music"}]},
         "social_distraction": {"entries": [{"name": "Sam", "phone": "555-0101", "place": "the library"}]},
         "help_contacts": {"entries": [{"name": "Aunt Rosa", "phone": "555-0102"}]},
         "environment_safe": {"entries": [{"text": "Rosa keeps my medicines"}], "lethal_means": {"counselled": true, "means": ["medications"]}},
         "most_important_thing": {"entries": [{"text": "My daughter"}]}}
        """#

    /// A high screen for the subject; returns (assessment id, episode id).
    static func screen(_ api: Client, _ token: String) async throws -> (String, String) {
        let (status, created) = try await api.call(.post, "/api/v1/assessments", token, highScreen)
        #expect(status == .created)
        return (try #require(created["id"] as? String), try #require((created["episode"] as? [String: Any])?["id"] as? String))
    }

    @Test func aPlanIsWrittenCheckedMadeActivePrintedAndExported() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        try await daemon.server.application.test(.router) { raw in
            let api = Client(client: raw)
            let (assessment, episode) = try await Self.screen(api, ehr)

            // Resolving with "safety plan completed" before any plan exists is refused, naming the field.
            let (gate, refusal) = try await api.call(.post, "/api/v1/episodes/\(episode)/resolve", clinician, #"{"disposition": "safety_plan_completed"}"#)
            #expect(gate == .conflict)
            #expect(refusal["pointer"] as? String == "/disposition")

            // A draft without sections: the professionals section is pre-filled from the directory; the check lists what is missing.
            let (created, draft) = try await api.call(
                .post, "/api/v1/safety-plans", clinician, #"{"subject": \#(Self.subject), "assessments": ["\#(assessment)"]}"#)
            #expect(created == .created)
            let id = try #require(draft["id"] as? String)
            #expect(draft["status"] as? String == "draft")
            #expect(draft["tier_in_force"] as? String == "high")
            let sections = try #require(draft["sections"] as? [[String: Any]])
            #expect(sections.map { $0["id"] as? String } == [
                "warning_signs", "internal_coping", "social_distraction", "help_contacts", "professionals_agencies", "environment_safe", "most_important_thing",
            ])
            #expect((sections[4]["entries"] as? [[String: String]])?.first?["phone"] == "988")
            let problems = ((draft["quality"] as? [String: Any])?["problems"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(problems.filter { $0 == "section-empty" }.count == 6)
            #expect(problems.contains("lethal-means-not-addressed"))

            let (refused, why) = try await api.call(.post, "/api/v1/safety-plans/\(id)/activate", clinician)
            #expect(refused == .unprocessableContent)
            #expect((why["errors"] as? [[String: Any]])?.count == 7)

            // Revise with the client's words (keeping the pre-filled professionals), then activate.
            let professionals = try JSONSerialization.data(withJSONObject: ["entries": sections[4]["entries"] ?? []])
            let full = Self.sections.replacingOccurrences(
                of: #""help_contacts""#, with: #""professionals_agencies": \#(String(decoding: professionals, as: UTF8.self)), "help_contacts""#)
            let (revised, plan) = try await api.call(.post, "/api/v1/safety-plans/\(id)/revisions", clinician, #"{"based_on": 1, "sections": \#(full)}"#)
            #expect(revised == .ok, "\(plan)")
            #expect(plan["revision"] as? Int == 2)
            // Someone writing on top of revision 1 again is told revision 2 exists.
            let (stale, _) = try await api.call(.post, "/api/v1/safety-plans/\(id)/revisions", clinician, #"{"based_on": 1, "sections": \#(full)}"#)
            #expect(stale == .conflict)

            let (activated, active) = try await api.call(.post, "/api/v1/safety-plans/\(id)/activate", clinician)
            #expect(activated == .ok, "\(active)")
            #expect(active["status"] as? String == "active")

            // Print: one page of HTML with the client's words, no script.
            let printed = try await raw.execute(uri: "/api/v1/safety-plans/\(id)/print", method: .get, headers: [.authorization: "Bearer \(ehr)"])
            #expect(printed.status == .ok)
            #expect(printed.headers[.contentType]?.hasPrefix("text/html") == true)
            let html = String(buffer: printed.body)
            #expect(html.contains("Rosa keeps my medicines") && html.contains("Making the environment safe (plan for lethal means safety):"))
            #expect(!html.contains("<script"))
            #expect(html.contains("Evaluation only — licence not recorded"))

            // The CarePlan: one activity per section.
            let exported = try await raw.execute(uri: "/fhir/CarePlan/\(id.replacingOccurrences(of: "_", with: "-"))", method: .get, headers: [.authorization: "Bearer \(ehr)"])
            let carePlan = try #require(try JSONSerialization.jsonObject(with: Data(exported.body.readableBytesView)) as? [String: Any])
            #expect(carePlan["status"] as? String == "active")
            #expect((carePlan["activity"] as? [Any])?.count == 7)

            // Now the disposition works.
            let (resolved, _) = try await api.call(.post, "/api/v1/episodes/\(episode)/resolve", clinician, #"{"disposition": "safety_plan_completed"}"#)
            #expect(resolved == .ok)

            // Revisions are kept with who and when; reads are audited.
            let (_, history) = try await api.call(.get, "/api/v1/safety-plans/\(id)/revisions", clinician)
            #expect((history["revisions"] as? [[String: Any]])?.map { $0["number"] as? Int } == [1, 2])
            let log = try await daemon.server.store.accessLog(plan: SafetyPlanID(id)).map(\.action)
            #expect(["create", "revise", "activate", "print", "export", "read_revisions"].allSatisfy(log.contains))
        }
    }

    @Test func anewActivePlanSupersedesTheOldWhichCannotChange() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        try await daemon.server.application.test(.router) { raw in
            let api = Client(client: raw)
            _ = try await Self.screen(api, ehr)
            var ids: [String] = []
            for _ in 0..<2 {
                let (status, plan) = try await api.call(.post, "/api/v1/safety-plans", clinician, #"{"subject": \#(Self.subject), "sections": \#(Self.sections)}"#)
                #expect(status == .created)
                ids.append(try #require(plan["id"] as? String))
                #expect(try await api.call(.post, "/api/v1/safety-plans/\(ids.last!)/activate", clinician).0 == .ok)
            }
            let (_, old) = try await api.call(.get, "/api/v1/safety-plans/\(ids[0])", clinician)
            #expect(old["status"] as? String == "superseded")
            #expect(old["superseded_by"] as? String == ids[1])
            let (revise, _) = try await api.call(.post, "/api/v1/safety-plans/\(ids[0])/revisions", clinician, #"{"based_on": 1, "sections": \#(Self.sections)}"#)
            #expect(revise == .conflict)
            #expect(try await api.call(.post, "/api/v1/safety-plans/\(ids[0])/activate", clinician).0 == .conflict)
            let (_, list) = try await api.call(.get, "/api/v1/safety-plans?subject=urn:oid:1.2.3.4%7CMRN-SP-1", clinician)
            #expect((list["plans"] as? [[String: Any]])?.compactMap { $0["status"] as? String }.sorted() == ["active", "superseded"])
        }
    }

    @Test func concurrentActivationsLeaveExactlyOneActivePlan() async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        try await daemon.server.application.test(.router) { raw in
            let api = Client(client: raw)
            _ = try await Self.screen(api, ehr)
            var ids: [String] = []
            for _ in 0..<6 {
                let (_, plan) = try await api.call(.post, "/api/v1/safety-plans", clinician, #"{"subject": \#(Self.subject), "sections": \#(Self.sections)}"#)
                ids.append(try #require(plan["id"] as? String))
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for id in ids { group.addTask { try await api.call(.post, "/api/v1/safety-plans/\(id)/activate", clinician).0 } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Each activation either wins or has already been superseded by a later one.
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .conflict })
            let plans = try await daemon.server.store.plans(subject: SubjectIdentifier(system: "urn:oid:1.2.3.4", value: "MRN-SP-1"))
            #expect(plans.filter { $0.status == .active }.count == 1)
        }
    }

    @Test(arguments: [
        (#"{"subject": \#(subject), "sections": {"reasons": {"entries": [{"text": "x"}]}}}"#, "/sections/reasons"),
        (#"{"subject": \#(subject), "sections": {"warning_signs": {"entries": [{"text": "\#(String(repeating: "a", count: 501))"}]}}}"#, "/sections/warning_signs/entries/0/text"),
        (#"{"subject": \#(subject), "sections": {"warning_signs": {"entries": [{"colour": "x"}]}}}"#, "/sections/warning_signs/entries/0/colour"),
        (#"{"subject": {"system": "urn:oid:1.2.3.4", "value": "NOBODY"}}"#, "/subject"),
        (#"{"subject": \#(subject), "assessments": ["asm_UNKNOWN"]}"#, "/assessments/0"),
        (#"{"subject": \#(subject), "template": "beck"}"#, "/template"),
        (#"{"subject": \#(subject), "sections": {"warning_signs": {"entries": [{"text": 3}]}}}"#, "/sections/warning_signs/entries/0/text"),
        (#"{"sections": {}}"#, "/subject"),
    ])
    func badInputIsNamedAndNothingIsStored(_ body: String, _ pointer: String) async throws {
        let daemon = try await TestDaemon.make()
        let ehr = try await daemon.token(role: .ehr)
        let clinician = try await daemon.token(role: .clinician)
        try await daemon.server.application.test(.router) { raw in
            let api = Client(client: raw)
            _ = try await Self.screen(api, ehr)
            let (status, problem) = try await api.call(.post, "/api/v1/safety-plans", clinician, body)
            #expect(status == .unprocessableContent)
            #expect(problem["pointer"] as? String == pointer, "\(problem)")
            let plans = try await daemon.server.store.plans(subject: SubjectIdentifier(system: "urn:oid:1.2.3.4", value: "MRN-SP-1"))
            #expect(plans.isEmpty)
            // Systems and admins do not write plans.
            #expect(try await api.call(.post, "/api/v1/safety-plans", ehr, #"{"subject": \#(Self.subject)}"#).0 == .forbidden)
        }
    }
}
