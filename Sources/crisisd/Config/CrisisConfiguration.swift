import CrisisCore
import DefinitionFiles
import Foundation
import Yams

/// Daemon settings: embedded defaults, then the YAML file (unknown keys are errors), then `CRISISD_*` variables.
struct CrisisConfiguration: Sendable, Equatable {
    enum ClientAuth: String, Sendable { case none, optional, required }

    var host = "127.0.0.1"
    var port = 8443
    var dataDir = "./var"
    var publicURL: String?
    var mode = DeploymentMode.development
    var tlsEnabled = true
    var certFile: String?
    var keyFile: String?
    var clientCAFile: String?
    var clientAuth = ClientAuth.none
    var maxBodyBytes = 1 << 20
    var logLevel = "info"
    /// Outbound dead-man's switch, pinged every `heartbeatInterval` seconds when set.
    var heartbeatURL: String?
    var heartbeatInterval = 60
    /// Receivers the escalation watchdog pages about an overdue step.
    var watchdogReceivers = ["supervisor"]
    /// Verifies PagerDuty webhooks v3; without it `/hooks/pagerduty` is not served.
    var pagerDutyWebhookSecret: String?
    /// Web UI sessions end after this many seconds without a request.
    var uiIdleTimeout = 900

    /// Every key, dotted; `CRISISD_` + the key in upper snake case overrides it.
    static let keys = [
        "listen.host", "listen.port", "data_dir", "public_url", "mode", "tls.enabled", "tls.cert_file", "tls.key_file",
        "tls.client_ca_file", "tls.client_auth", "limits.max_body_bytes", "log.level", "heartbeat.url", "heartbeat.interval",
        "watchdog.receivers", "pagerduty.webhook_secret", "ui.idle_timeout",
    ]

    /// Links in pages start here; defaults to the listening address.
    var effectivePublicURL: String {
        publicURL ?? "\(tlsEnabled ? "https" : "http")://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    var databasePath: String { "\(dataDir)/crisisd.sqlite" }

    struct Invalid: Error, CustomStringConvertible {
        var problems: [String]
        var description: String { problems.joined(separator: "\n") }
    }

    /// Loads the configuration; every problem (file and environment) is reported at once.
    static func load(file: String?, environment: [String: String]) throws(Invalid) -> CrisisConfiguration {
        var values: [String: String] = [:]
        var problems: [String] = []
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw Invalid(problems: ["\(file): cannot read the configuration file"])
            }
            let reader = DocumentReader(file: file)
            if let root = reader.parse(text) { flatten(root, prefix: "", into: &values, reader: reader) }
            problems += reader.diagnostics.filter { $0.severity == .error }.map(\.description)
        }
        for key in keys {
            let variable = "CRISISD_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
            if let value = environment[variable] { values[key] = value }
        }
        var configuration = CrisisConfiguration()
        configuration.apply(values, problems: &problems)
        guard problems.isEmpty else { throw Invalid(problems: problems) }
        return configuration
    }

    private static func flatten(_ node: Node, prefix: String, into values: inout [String: String], reader: DocumentReader) {
        guard case .mapping(let mapping) = node else {
            reader.error("wrong-type", at: node, path: prefix, "expected a mapping")
            return
        }
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else { continue }
            let path = prefix.isEmpty ? key.string : "\(prefix).\(key.string)"
            if case .mapping = value, keys.contains(where: { $0.hasPrefix(path + ".") }) {
                flatten(value, prefix: path, into: &values, reader: reader)
            } else if keys.contains(path), case .scalar(let scalar) = value {
                values[path] = scalar.string
            } else if keys.contains(path) {
                reader.error("wrong-type", at: value, path: path, "expected a single value")
            } else {
                reader.error("unknown-key", at: keyNode, path: path, "unknown configuration key '\(path)'")
            }
        }
    }

    private mutating func apply(_ values: [String: String], problems: inout [String]) {
        func integer(_ key: String, _ range: ClosedRange<Int>) -> Int? {
            guard let text = values[key] else { return nil }
            guard let number = Int(text), range.contains(number) else {
                problems.append("\(key): expected an integer in \(range.lowerBound)...\(range.upperBound)")
                return nil
            }
            return number
        }
        func optionalPath(_ key: String) -> String? {
            guard let text = values[key], !text.isEmpty, text != "null", text != "~" else { return nil }
            return text
        }
        if let host = values["listen.host"] { self.host = host }
        if let port = integer("listen.port", 0...65535) { self.port = port }
        if let dataDir = optionalPath("data_dir") { self.dataDir = dataDir }
        publicURL = optionalPath("public_url").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if let text = values["mode"] {
            if let mode = DeploymentMode(rawValue: text) { self.mode = mode } else { problems.append("mode: expected development or production") }
        }
        if let text = values["tls.enabled"] {
            if ["true", "false"].contains(text) { tlsEnabled = text == "true" } else { problems.append("tls.enabled: expected true or false") }
        }
        certFile = optionalPath("tls.cert_file")
        keyFile = optionalPath("tls.key_file")
        clientCAFile = optionalPath("tls.client_ca_file")
        if let text = values["tls.client_auth"] {
            if let auth = ClientAuth(rawValue: text) { clientAuth = auth } else {
                problems.append("tls.client_auth: expected none, optional or required")
            }
        }
        if let limit = integer("limits.max_body_bytes", 1024...(64 << 20)) { maxBodyBytes = limit }
        if let level = values["log.level"] {
            if ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) { logLevel = level } else {
                problems.append("log.level: expected trace, debug, info, notice, warning, error or critical")
            }
        }
        heartbeatURL = optionalPath("heartbeat.url")
        if let interval = integer("heartbeat.interval", 10...3600) { heartbeatInterval = interval }
        if let idle = integer("ui.idle_timeout", 60...28800) { uiIdleTimeout = idle }
        if let url = heartbeatURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            problems.append("heartbeat.url: expected an http(s) URL")
        }
        if let text = values["watchdog.receivers"] {
            watchdogReceivers = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        pagerDutyWebhookSecret = optionalPath("pagerduty.webhook_secret")
        if (certFile == nil) != (keyFile == nil) { problems.append("tls.cert_file and tls.key_file are set together") }
        if clientAuth != .none && clientCAFile == nil { problems.append("tls.client_auth needs tls.client_ca_file") }
        if !tlsEnabled && !["127.0.0.1", "::1", "localhost"].contains(host) {
            problems.append("tls.enabled: plain HTTP is only allowed on a loopback address (behind a TLS-terminating proxy)")
        }
    }
}
