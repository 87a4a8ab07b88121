import CrisisCore
import DefinitionFiles
import Foundation
import Yams

/// Loads `receivers.yaml` and `routes.yaml`, checking every cross-reference and reporting every problem at once.
public enum EscalationLoader {
    public static func load(directory: String) -> (EscalationPlan?, [Diagnostic]) {
        let receiversFile = "\(directory)/receivers.yaml"
        let routesFile = "\(directory)/routes.yaml"
        var diagnostics: [Diagnostic] = []
        guard let receiversText = readText(receiversFile, &diagnostics), let routesText = readText(routesFile, &diagnostics)
        else { return (nil, diagnostics) }

        let receiverReader = DocumentReader(file: receiversFile)
        let receivers = readReceivers(receiverReader.parse(receiversText), reader: receiverReader)
        diagnostics += receiverReader.diagnostics

        let routeReader = DocumentReader(file: routesFile)
        let (version, routes) = readRoutes(routeReader.parse(routesText), receivers: receivers, reader: routeReader)
        diagnostics += routeReader.diagnostics

        guard !diagnostics.hasErrors, let version else { return (nil, diagnostics) }
        let plan = EscalationPlan(
            version: version, hash: SourceHash.of(receiversText + "\u{0}" + routesText),
            receivers: Dictionary(receivers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }), routes: routes)
        return (plan, diagnostics)
    }

    private static func readText(_ file: String, _ diagnostics: inout [Diagnostic]) -> String? {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            diagnostics.append(Diagnostic(.error, code: "unreadable", file: file, path: "", message: "cannot read the file"))
            return nil
        }
        return text
    }

    private static func readReceivers(_ root: Node?, reader: DocumentReader) -> [ReceiverDefinition] {
        guard let top = reader.mapping(root, at: "", required: ["schema", "receivers"]) else { return [] }
        checkSchema(top, reader: reader)
        var receivers: [ReceiverDefinition] = []
        for entry in reader.sequence(top["receivers"], at: "receivers") {
            guard
                let receiver = reader.mapping(entry.node, at: entry.path, required: ["name", "kind", "url_env", "secret_env"]),
                let name = reader.string(receiver["name"], at: receiver.path("name"))
            else { continue }
            if receivers.contains(where: { $0.name == name }) {
                reader.error("duplicate-receiver", at: receiver["name"], path: receiver.path("name"), "receiver '\(name)' is declared twice")
            }
            let kind = reader.enumValue(ReceiverDefinition.Kind.self, receiver["kind"], at: receiver.path("kind"))
            let urlEnvironment = environmentName(receiver, "url_env", reader: reader)
            let secretEnvironment = environmentName(receiver, "secret_env", reader: reader)
            guard let kind, let urlEnvironment, let secretEnvironment else { continue }
            receivers.append(
                ReceiverDefinition(name: name, kind: kind, urlEnvironment: urlEnvironment, secretEnvironment: secretEnvironment))
        }
        return receivers
    }

    private static func environmentName(_ mapping: MappingView, _ key: String, reader: DocumentReader) -> String? {
        guard let name = reader.string(mapping[key], at: mapping.path(key)) else { return nil }
        guard name.range(of: "^[A-Z][A-Z0-9_]*$", options: .regularExpression) != nil else {
            reader.error("bad-env-name", at: mapping[key], path: mapping.path(key),
                         "'\(key)' names an environment variable (upper case); URLs and secrets are never written inline")
            return nil
        }
        return name
    }

    private static func readRoutes(
        _ root: Node?, receivers: [ReceiverDefinition], reader: DocumentReader
    ) -> (String?, [Route]) {
        guard let top = reader.mapping(root, at: "", required: ["schema", "version", "routes"]) else { return (nil, []) }
        checkSchema(top, reader: reader)
        let version = reader.string(top["version"], at: "version")
        let known = Dictionary(receivers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var routes: [Route] = []
        for entry in reader.sequence(top["routes"], at: "routes") {
            guard
                let route = reader.mapping(entry.node, at: entry.path, required: ["match", "notify"], optional: ["fallback"]),
                let match = reader.mapping(route["match"], at: route.path("match"), required: ["tier"],
                                           optional: ["domain", "site", "protocol"])
            else { continue }
            let tiers = nodes(match["tier"], path: match.path("tier"), reader: reader).compactMap {
                reader.enumValue(RiskTier.self, $0.node, at: $0.path)
            }
            let domains = nodes(match["domain"], path: match.path("domain"), reader: reader).compactMap {
                reader.enumValue(RiskDomain.self, $0.node, at: $0.path)
            }
            let sites = nodes(match["site"], path: match.path("site"), reader: reader).compactMap {
                reader.string($0.node, at: $0.path)
            }
            let protocols = nodes(match["protocol"], path: match.path("protocol"), reader: reader).compactMap {
                reader.string($0.node, at: $0.path).map(ProtocolID.init)
            }
            var notify: [String] = []
            for target in reader.sequence(route["notify"], at: route.path("notify")) {
                guard let name = reader.string(target.node, at: target.path) else { continue }
                if known[name] == nil {
                    reader.error("unknown-receiver", at: target.node, path: target.path, "no receiver named '\(name)'")
                }
                notify.append(name)
            }
            let fallback = route["fallback"].flatMap { reader.string($0, at: route.path("fallback")) }
            if let fallback, known[fallback] == nil {
                reader.error("unknown-receiver", at: route["fallback"], path: route.path("fallback"), "no receiver named '\(fallback)'")
            }
            if tiers.contains(.high), !notify.isEmpty, !notify.contains(where: { known[$0]?.pages == true }) {
                reader.error("high-without-pager", at: route["notify"], path: route.path("notify"),
                             "a route for tier high must notify at least one paging receiver")
            }
            routes.append(
                Route(tiers: Set(tiers), domains: Set(domains), sites: Set(sites), protocols: Set(protocols), notify: notify,
                      fallback: fallback))
        }
        // Every tier in every domain must reach a route that matches any site and protocol.
        for tier in RiskTier.allCases {
            for domain in RiskDomain.allCases {
                let covered = routes.contains {
                    $0.tiers.contains(tier) && ($0.domains.isEmpty || $0.domains.contains(domain)) && $0.sites.isEmpty
                        && $0.protocols.isEmpty
                }
                if !covered {
                    reader.error("unrouted-tier", at: top["routes"], path: "routes",
                                 "tier \(tier.rawValue) in domain \(domain.rawValue) has no catch-all route")
                }
            }
        }
        if routes.contains(where: { $0.tiers.contains(.high) && $0.notify.isEmpty }) {
            reader.error("high-without-pager", at: top["routes"], path: "routes", "a route for tier high notifies nobody")
        }
        return (version, routes)
    }

    private static func checkSchema(_ top: MappingView, reader: DocumentReader) {
        if let schema = reader.integer(top["schema"], at: "schema"), schema != 1 {
            reader.error("unsupported-schema", at: top["schema"], path: "schema", "schema \(schema) is not supported (expected 1)")
        }
    }

    /// The node itself, or each element when it is a list (match keys take one value or several).
    private static func nodes(_ node: Node?, path: String, reader: DocumentReader) -> [(node: Node, path: String)] {
        guard let node else { return [] }
        if case .sequence = node { return reader.sequence(node, at: path) }
        return [(node, path)]
    }
}
