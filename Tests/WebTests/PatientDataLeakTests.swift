import AsyncHTTPClient
import CrisisCore
import CrisisTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import crisisd

/// Seeds identifiers, answers and a resolution note, runs accepted and refused screens and an episode's
/// acknowledgement and resolution end to end, then searches logs, pages and error bodies for every seeded value.
@Suite struct PatientDataLeakTests {
    static let seeds = ["LEAKCHECK-314159", "urn:oid:9.8.7.6.5", "LEAKNOTE", "LEAKANSWER"]

    @Test func subjectIdentifiersAndAnswersNeverLeaveTheDatabase() async throws {
        let receiver = LoopbackReceiver()
        let errorBodies = try await receiver.run { receiverPort -> [String] in
            let daemon = try await TestDaemon.make(
                environment: [
                    "CRISISD_ONCALL_WEBHOOK_URL": "http://127.0.0.1:\(receiverPort)/hook",
                    "CRISISD_ONCALL_WEBHOOK_SECRET": TestDaemon.oncallSecret,
                    "CRISISD_SUPERVISOR_WEBHOOK_URL": "http://127.0.0.1:\(receiverPort)/hook",
                    "CRISISD_SUPERVISOR_WEBHOOK_SECRET": TestDaemon.supervisorSecret,
                ], development: false)
            let token = try await daemon.token(role: .ehr)
            let clinician = try await daemon.token(role: .clinician)
            let subject = #""subject": {"system": "urn:oid:9.8.7.6.5", "value": "LEAKCHECK-314159"}"#
            // A second subject, so the invalid screen opens its own episode instead of joining the first.
            let other = #""subject": {"system": "urn:oid:9.8.7.6.5", "value": "LEAKCHECK-314159B"}"#
            let bodies = [
                // high: pages on-call
                #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"}, \#(subject)}"#,
                // invalid with an out-of-range answer: stored and routed
                #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "LEAKANSWER", "q2": "yes", "q6": "no"}, \#(other)}"#,
                // refused: unknown item named after the seed
                #"{"protocol": "cssrs_screen_recent", "answers": {"LEAKANSWER": "yes"}, \#(subject)}"#,
                // refused: wrong type
                #"{"protocol": "cssrs_screen_recent", "answers": {"q1": ["LEAKANSWER"]}, \#(subject)}"#,
            ]
            let daemonLog = daemon.capture
            let errors = try await daemon.runLive { port -> [String] in
                let client = try daemon.httpsClient()
                var errors: [String] = []
                var episodes: [String] = []
                for body in bodies {
                    let (status, response) = try await TLSTests.post(client, port: port, token: token, body: body)
                    if status >= 400 { errors.append(String(decoding: response, as: UTF8.self)) }
                    let object = try? JSONSerialization.jsonObject(with: Data(response)) as? [String: Any]
                    if let episode = (object?["episode"] as? [String: Any])?["id"] as? String { episodes.append(episode) }
                }
                #expect(episodes.count == 2)
                let episode = try #require(episodes.first)
                let (ack, _) = try await TLSTests.post(
                    client, port: port, token: clinician, body: "{}", path: "/api/v1/episodes/\(episode)/acknowledge")
                let (resolved, _) = try await TLSTests.post(
                    client, port: port, token: clinician, body: #"{"disposition": "other", "note": "LEAKNOTE called mother at LEAKCHECK-314159"}"#,
                    path: "/api/v1/episodes/\(episode)/resolve")
                #expect(ack == 200 && resolved == 200)
                try await client.shutdown()
                // Two triggered pages, then the first episode's acknowledged and resolved updates.
                #expect(await receiver.waitFor(count: 4))
                return errors
            }
            #expect(errors.count == 2)
            for seed in Self.seeds { #expect(!daemonLog.text.contains(seed), "log leaked \(seed)") }
            #expect(daemonLog.text.contains("assessment.committed"))
            return errors
        }
        // The unknown item's own name is echoed back to the client that sent it (it names the field); nothing else.
        for seed in Self.seeds.dropLast() {
            for body in errorBodies { #expect(!body.contains(seed), "error body leaked \(seed)") }
        }
        #expect(!errorBodies[1].contains("LEAKANSWER"))
        #expect(receiver.received.count >= 4)
        for page in receiver.received {
            let text = String(decoding: page.body, as: UTF8.self)
            for seed in Self.seeds { #expect(!text.contains(seed), "page leaked \(seed)") }
        }
    }
}
