import AsyncHTTPClient
import CrisisCore
import EscalationEngine
import Notify

/// Resolves the receivers of an escalation plan from the environment into live notifiers.
enum ReceiverWiring {
    struct Result {
        var notifiers: [String: any Notifier]
        /// Receivers left out because their variables are unset.
        var unconfigured: [String]
        /// Receivers whose settings are present but wrong (fatal).
        var errors: [String]
    }

    static func notifiers(for plan: EscalationPlan, environment: [String: String], client: HTTPClient) -> Result {
        var result = Result(notifiers: [:], unconfigured: [], errors: [])
        for (name, receiver) in plan.receivers.sorted(by: { $0.key < $1.key }) {
            switch receiver.kind {
            case .webhook:
                guard let url = environment[receiver.urlEnvironment], !url.isEmpty,
                    let secret = environment[receiver.secretEnvironment], !secret.isEmpty
                else {
                    result.unconfigured.append(name)
                    continue
                }
                guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                    result.errors.append("\(receiver.urlEnvironment): expected an http(s) URL")
                    continue
                }
                do {
                    result.notifiers[name] = WebhookNotifier(url: url, signer: try StandardWebhookSigner(secret: secret), client: client)
                } catch {
                    result.errors.append("\(receiver.secretEnvironment): \(error)")
                }
            }
        }
        return result
    }

    /// Tiers that route to receivers none of which is live, e.g. `high → oncall`.
    static func uncoveredTiers(_ plan: EscalationPlan, live: Set<String>) -> [String] {
        plan.pagedReceiversByTier.sorted { $0.key > $1.key }.compactMap { tier, receivers in
            receivers.isEmpty || !receivers.isDisjoint(with: live)
                ? nil : "\(tier.rawValue) → \(receivers.sorted().joined(separator: ", "))"
        }
    }
}
