import ArgumentParser
import CrisisCore
import EscalationEngine
import Foundation
import Workflow

/// `crisisd explain-route`: which route and policy a screen would reach, and whom each step would page at a
/// given moment (schedules resolved), with each channel's configuration status in this environment.
struct ExplainRouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain-route", abstract: "Show the policy and targets a tier/domain/site/protocol reaches.")

    @Option(help: "Risk tier: none, low, moderate or high.")
    var tier: String

    @Option(help: "Risk domain: self or others.")
    var domain = "self"

    @Option(help: "Site or unit code.")
    var site: String?

    @Option(name: .customLong("protocol"), help: "Protocol id (routes may match on it).")
    var protocolID = "any"

    @Option(help: "When the steps would fire, ISO 8601 (default: now).")
    var at: String?

    @Option(help: "Escalation folder.")
    var escalation = "./Escalation"

    func run() throws {
        guard let tier = RiskTier(rawValue: tier) else { throw ValidationError("--tier is none, low, moderate or high") }
        guard let domain = RiskDomain(rawValue: domain) else { throw ValidationError("--domain is self or others") }
        var start = Date()
        if let at {
            guard let parsed = Timestamps.parse(at) else { throw ValidationError("--at must be an ISO 8601 time") }
            start = parsed
        }
        let (loaded, diagnostics) = EscalationLoader.load(directory: escalation)
        guard let plan = loaded else {
            for diagnostic in diagnostics { print(diagnostic) }
            throw ExitCode.failure
        }
        print(Self.explain(plan: plan, tier: tier, domain: domain, site: site, protocolID: ProtocolID(protocolID), at: start,
                           environment: ProcessEnvironment.current))
    }

    static func explain(
        plan: EscalationPlan, tier: RiskTier, domain: RiskDomain, site: String?, protocolID: ProtocolID, at start: Date,
        environment: [String: String]
    ) -> String {
        guard let (index, route) = plan.route(tier: tier, domain: domain, site: site, protocolID: protocolID),
            let policy = plan.policies[route.policy]
        else { return "no route matches (the loader should have refused this plan)" }
        var lines = ["route #\(index + 1) → policy \(policy.id) (plan \(plan.version), \(plan.hash.prefix(12)))"]
        guard policy.pages else {
            lines.append("  record only: the screen is stored, nobody is paged, no episode opens")
            return lines.joined(separator: "\n")
        }
        func describe(_ targets: [EscalationTarget], at instant: Date) -> [String] {
            let deliveries = plan.deliveries(for: targets, at: instant)
            var result = deliveries.map { delivery in
                let channels = delivery.channels.map { name -> String in
                    guard let receiver = plan.receivers[name] else { return name }
                    let missing = receiver.missingVariables(in: environment)
                    return "\(name) [\(receiver.kind.rawValue)\(missing.isEmpty ? "" : ", unset: \(missing.joined(separator: " "))")]"
                }
                return "    \(delivery.recipient.map { "\($0) via " } ?? "")\(channels.joined(separator: " then "))"
            }
            if deliveries.count < targets.count { result.append("    nobody on call for a schedule: the final fallback is paged at once") }
            return result
        }
        var offset = 0
        for pass in 0...policy.repeatCount {
            for (number, step) in policy.steps.enumerated() {
                let instant = start.addingTimeInterval(TimeInterval(offset))
                lines.append("  +\(offset)s step \(number + 1)\(pass > 0 ? " (repeat \(pass))" : "") at \(Timestamps.iso8601(instant)):")
                lines += describe(step.targets, at: instant)
                offset += step.delay
            }
        }
        lines.append("  +\(offset)s final fallback (episode unreached; paged again every \(policy.finalRepeatInterval)s until acknowledged):")
        lines += describe(policy.finalFallback, at: start.addingTimeInterval(TimeInterval(offset)))
        lines.append("  acknowledged without a disposition: escalates again after \(policy.acknowledgementTimeout)s")
        return lines.joined(separator: "\n")
    }
}
