import CrisisTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Web
@testable import crisisd

/// The served OpenAPI document describes exactly the router's `/api/v1` routes.
@Suite struct OpenAPITests {
    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
    }

    @Test func documentAndRouterListTheSameRoutes() async throws {
        let daemon = try await TestDaemon.make()
        let routes = Set(
            buildRouter(daemon.server.dependencies).routes
                .map { "\($0.method.rawValue) \($0.path.description)" }
                .filter { $0.contains(" /api/v1/") })
        let paths = try #require(try Self.document()["paths"] as? [String: [String: Any]])
        let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
        #expect(routes == documented, "router only: \(routes.subtracting(documented)); document only: \(documented.subtracting(routes))")
    }

    @Test func everyReferenceResolvesAndEveryOperationHasAnID() throws {
        let document = try Self.document()
        let components = try #require(document["components"] as? [String: [String: Any]])
        var references: [String] = []
        func walk(_ value: Any) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String { references.append(reference) }
                object.values.forEach(walk)
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(document)
        #expect(!references.isEmpty)
        for reference in references {
            // `#/components/<schemas|responses>/<name>`
            let parts = reference.split(separator: "/").map(String.init)
            #expect(parts.count == 4 && parts[1] == "components" && components[parts[2]]?[parts[3]] != nil, "dangling \(reference)")
        }
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        let ids = paths.values.flatMap(\.values).compactMap { $0["operationId"] as? String }
        #expect(ids.count == paths.values.map(\.count).reduce(0, +))
        #expect(Set(ids).count == ids.count)
    }

    @Test func servedWithoutAToken() async throws {
        let daemon = try await TestDaemon.make()
        try await daemon.server.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(String(buffer: response.body).contains(#""openapi": "3.1.0""#))
        }
    }
}
