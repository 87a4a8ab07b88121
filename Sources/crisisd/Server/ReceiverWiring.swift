import AsyncHTTPClient
import CrisisCore
import EscalationEngine
import Foundation
import Notify

/// Resolves the receivers of an escalation plan from the environment into live notifiers.
enum ReceiverWiring {
    struct Result {
        var notifiers: [String: any Notifier]
        /// Receivers left out because their variables are unset, with the variables missing.
        var unconfigured: [(name: String, missing: [String])]
        /// Receivers whose settings are present but wrong (fatal).
        var errors: [String]
    }

    static func notifiers(for plan: EscalationPlan, environment: [String: String], client: HTTPClient) -> Result {
        var result = Result(notifiers: [:], unconfigured: [], errors: [])
        for (name, receiver) in plan.receivers.sorted(by: { $0.key < $1.key }) {
            var values: [String: String] = [:]
            for (setting, variable) in receiver.environment {
                if let value = environment[variable], !value.isEmpty { values[setting] = value }
            }
            let missing = receiver.missingVariables(in: environment)
            guard missing.isEmpty else {
                result.unconfigured.append((name, missing))
                continue
            }
            func url(_ setting: String, schemes: [String]) -> String? {
                guard let value = values[setting] else { return nil }
                guard schemes.contains(where: { value.hasPrefix($0 + "://") }) else {
                    result.errors.append("\(receiver.environment[setting] ?? setting): expected a \(schemes.joined(separator: " or ")) URL")
                    return nil
                }
                return value
            }
            switch receiver.kind {
            case .webhook:
                guard let target = url("url", schemes: ["https", "http"]), let secret = values["secret"] else { continue }
                do {
                    result.notifiers[name] = WebhookNotifier(url: target, signer: try StandardWebhookSigner(secret: secret), client: client)
                } catch {
                    result.errors.append("\(receiver.environment["secret"] ?? "secret"): \(error)")
                }
            case .pagerduty:
                guard let key = values["routing_key"] else { continue }
                let events = values["events_url"] == nil ? nil : url("events_url", schemes: ["https", "http"])
                if values["events_url"] != nil && events == nil { continue }
                result.notifiers[name] = PagerDutyNotifier(routingKey: key, eventsURL: events, template: receiver.template, client: client)
            case .opsgenie:
                guard let key = values["api_key"] else { continue }
                let api = values["api_url"] == nil ? nil : url("api_url", schemes: ["https", "http"])
                if values["api_url"] != nil && api == nil { continue }
                result.notifiers[name] = OpsgenieNotifier(apiKey: key, apiURL: api, template: receiver.template, client: client)
            case .slack:
                guard let target = url("url", schemes: ["https", "http"]) else { continue }
                result.notifiers[name] = SlackNotifier(url: target, template: receiver.template, client: client)
            case .email:
                guard let target = url("url", schemes: ["smtp", "smtps"]), let from = values["from"], let to = values["to"] else { continue }
                let recipients = to.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                result.notifiers[name] = EmailNotifier(
                    settings: .init(url: target, from: from, to: recipients, username: values["username"], password: values["password"],
                                    caFile: values["ca_file"]),
                    template: receiver.template)
            }
        }
        return result
    }

    /// Tiers whose paging policy's first step reaches no live receiver, e.g. `high → oncall, pagerduty`.
    static func uncoveredTiers(_ plan: EscalationPlan, live: Set<String>) -> [String] {
        plan.firstStepReceiversByTier.sorted { $0.key > $1.key }.compactMap { tier, receivers in
            receivers.isEmpty || !receivers.isDisjoint(with: live)
                ? nil : "\(tier.rawValue) → \(receivers.sorted().joined(separator: ", "))"
        }
    }
}
