import AsyncHTTPClient
import CrisisCore
import CrisisTestSupport
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import crisisd

/// Seeds identifiers and answers, runs accepted and refused screens end to end, then searches logs, pages and
/// error bodies for every seeded value.
@Suite struct PatientDataLeakTests {
    static let seeds = ["LEAKCHECK-314159", "urn:oid:9.8.7.6.5", "LEAKANSWER"]

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
            let subject = #""subject": {"system": "urn:oid:9.8.7.6.5", "value": "LEAKCHECK-314159"}"#
            let bodies = [
                // high: pages on-call
                #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "no", "q2": "no", "q6": "yes", "q6_recent": "yes"}, \#(subject)}"#,
                // invalid with an out-of-range answer: stored and routed
                #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "LEAKANSWER", "q2": "yes", "q6": "no"}, \#(subject)}"#,
                // refused: unknown item named after the seed
                #"{"protocol": "cssrs_screen_recent", "answers": {"LEAKANSWER": "yes"}, \#(subject)}"#,
                // refused: wrong type
                #"{"protocol": "cssrs_screen_recent", "answers": {"q1": ["LEAKANSWER"]}, \#(subject)}"#,
            ]
            let daemonLog = daemon.capture
            let errors = try await daemon.runLive { port -> [String] in
                let client = try daemon.httpsClient()
                var errors: [String] = []
                for body in bodies {
                    let (status, response) = try await TLSTests.post(client, port: port, token: token, body: body)
                    if status >= 400 { errors.append(String(decoding: response, as: UTF8.self)) }
                }
                try await client.shutdown()
                #expect(await receiver.waitFor(count: 2))
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
        #expect(receiver.received.count >= 2)
        for page in receiver.received {
            let text = String(decoding: page.body, as: UTF8.self)
            for seed in Self.seeds { #expect(!text.contains(seed), "page leaked \(seed)") }
        }
    }
}
