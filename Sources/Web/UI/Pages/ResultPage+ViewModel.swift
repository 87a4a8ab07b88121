import CrisisCore
import Foundation

/// The result of a screen: tier in words and colour, the rules that fired in plain language, the recommended
/// action, and the escalation it started.
struct ResultPageViewModel {
    struct Fired {
        var explanation: String
    }

    var user: String
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
