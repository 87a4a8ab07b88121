import CrisisCore
import Foundation

/// The result of a screen: tier in words and colour, the rules that fired in plain language, the recommended
/// action, and the escalation it started.
struct ResultPageViewModel {
    struct Fired {
        var explanation: String
    }

    /// A tier change on this screen: shown with its reason; a pending one can be co-signed by a supervisor.
    struct Change {
        var id: String
        var summary: String
        var reason: String
        var pending: Bool
        var canCosign: Bool
    }

    struct TierOption {
        var value: String
        var label: String
    }

    /// A screen the protocol asks for next (its flag's `follow_up`).
    struct FollowUp {
        var id: String
        var title: String
    }

    var user: String
    var csrf: String
    var assessmentID: String
    var notice: String?
    /// Tiers an override may choose (all but the current one).
    var tierOptions: [TierOption]
    /// Lowering `high` waits for a supervisor's co-signature (design notes §2).
    var lowersHighNeedsCosign: Bool
    var changes: [Change]
    var hasChanges: Bool
    var protocolTitle: String
    var tierWord: String
    var tierClass: String
    var domain: String
    var outcome: String
    var score: String?
    var fired: [Fired]
    var action: String
    var deadline: String?
    var flags: [String]
    var hasFlags: Bool
    var invalid: Bool
    var episodeState: String?
    var episodeID: String?
    var paged: String?
    /// Who acknowledged the escalation, in words; `nil` while nobody has.
    var acknowledged: String?
    /// The escalation is open and nobody has acknowledged it: the page offers to acknowledge.
    var canAcknowledge: Bool
    var client: String
    var followUps: [FollowUp]
    var mayScreen: Bool
}
