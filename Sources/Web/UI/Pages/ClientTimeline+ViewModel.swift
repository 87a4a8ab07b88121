import CrisisCore
import Foundation

/// One client's history on one page: screens with their tiers, safety plans and their revisions, escalations,
/// newest first.
struct ClientTimelineViewModel {
    struct Event {
        var when: String
        var kind: String
        var text: String
        var tierWord: String?
        var tierClass: String?
        var link: String?
    }

    var user: String
    var csrf: String
    var subjectSystem: String
    var subjectValue: String
    var searched: Bool
    var events: [Event]
    var empty: Bool
}
