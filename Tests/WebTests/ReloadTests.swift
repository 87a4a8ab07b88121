import CrisisCore
import CrisisTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import crisisd

/// Reloading `Protocols/` and `Escalation/` through the admin API, against a temporary copy of both.
@Suite struct ReloadTests {
    static func copyDefinitions() throws -> (protocols: String, escalation: String) {
        let folder = RepositoryPaths.temporaryDirectory()
        try FileManager.default.copyItem(atPath: RepositoryPaths.protocols, toPath: "\(folder)/Protocols")
        try FileManager.default.copyItem(atPath: RepositoryPaths.escalation, toPath: "\(folder)/Escalation")
        return ("\(folder)/Protocols", "\(folder)/Escalation")
    }

    static let screen = #"{"protocol": "cssrs_screen_recent", "answers": {"q1": "no", "q2": "no", "q6": "no"}, "subject": {"system": "urn:x", "value": "1"}}"#

    @Test func reloadSwapsInNewVersionsAndRefusesBrokenFiles() async throws {
        let folders = try Self.copyDefinitions()
        let daemon = try await TestDaemon.make(protocols: folders.protocols, escalation: folders.escalation)
        let admin = try await daemon.token(role: .admin)
        let ehr = try await daemon.token(role: .ehr)
        let protocolFile = "\(folders.protocols)/cssrs_screen_recent/protocol.yaml"
        let original = try String(contentsOfFile: protocolFile, encoding: .utf8)
        try await daemon.server.application.test(.router) { client in
            func post(_ token: String, _ uri: String, _ body: String = "") async throws -> TestResponse {
                try await client.execute(
                    uri: uri, method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: body))
            }
            func json(_ response: TestResponse) throws -> [String: Any] {
                try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            }
            let before = try json(try await post(ehr, "/api/v1/assessments", Self.screen))
            #expect(before["version"] as? String == "1.0.0")

            #expect(try await post(ehr, "/api/v1/admin/reload").status == .forbidden)

            try original.replacingOccurrences(of: #"version: "1.0.0""#, with: #"version: "1.0.1""#)
                .write(toFile: protocolFile, atomically: true, encoding: .utf8)
            let reloaded = try await post(admin, "/api/v1/admin/reload")
            #expect(reloaded.status == .ok)
            let listed = try #require(try json(reloaded)["protocols"] as? [[String: Any]])
            #expect(listed.first { $0["id"] as? String == "cssrs_screen_recent" }?["version"] as? String == "1.0.1")

            let after = try json(try await post(ehr, "/api/v1/assessments", Self.screen))
            #expect(after["version"] as? String == "1.0.1")
            #expect(after["hash"] as? String != before["hash"] as? String)
            // The earlier assessment keeps the version and hash that judged it.
            let stored = try await client.execute(
                uri: "/api/v1/assessments/\(before["id"] as? String ?? "")", method: .get, headers: [.authorization: "Bearer \(ehr)"])
            #expect(try json(stored)["version"] as? String == "1.0.0")

            try (original + "\nbogus_key: 1\n").write(toFile: protocolFile, atomically: true, encoding: .utf8)
            let refused = try await post(admin, "/api/v1/admin/reload")
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("unknown-key"))
            let still = try json(try await post(ehr, "/api/v1/assessments", Self.screen))
            #expect(still["version"] as? String == "1.0.1")
        }
    }
}
