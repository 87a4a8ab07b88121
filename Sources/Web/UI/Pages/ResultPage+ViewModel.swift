import CrisisCore
import Foundation

/// The result of a screen: tier in words and colour, the rules that fired in plain language, the recommended
/// action, and the escalation it started.
struct ResultPageViewModel {
    struct Fired {
        var explanation: String
    }

    struct TierOption {
        var value: String
        var label: String
    }

    var user: String
    var csrf: String
    var assessmentID: String
    var notice: String?
    /// Tiers an override may choose (all but the current one).
    var tierOptions: [TierOption]
    /// Lowering `high` waits for a supervisor's co-signature (design notes §2).
    var lowersHighNeedsCosign: Bool
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
    var paged: String?
    var client: String
}
