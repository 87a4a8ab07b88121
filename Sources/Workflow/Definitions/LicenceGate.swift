import CrisisCore
import RiskRules

/// Applies design notes §7 to a freshly loaded library: in production, a protocol whose licence needs evidence
/// loads only once an administrator has recorded it; in development it loads, marked as evaluation-only.
public enum LicenceGate {
    public struct Outcome: Sendable {
        public var library: ProtocolLibrary
        /// Loaded without recorded evidence (development only): every evaluation is flagged.
        public var unlicensed: Set<ProtocolID>
        /// Left out (production only).
        public var withheld: [ProtocolID]
    }

    public static func apply(
        _ library: ProtocolLibrary, records: [ProtocolID: LicenceRecord], mode: DeploymentMode
    ) -> Outcome {
        let missing = Set(library.ids.filter { library[$0]?.licenceEvidenceRequired == true && records[$0] == nil })
        switch mode {
        case .development:
            return Outcome(library: library, unlicensed: missing, withheld: [])
        case .production:
            let kept = library.ids.filter { !missing.contains($0) }.compactMap { library[$0] }
            return Outcome(library: ProtocolLibrary(kept), unlicensed: [], withheld: missing.sorted())
        }
    }

    /// The flag every evaluation by an unlicensed protocol carries in development.
    public static let evaluationOnlyFlag = "evaluation_only_licence_not_recorded"
}
