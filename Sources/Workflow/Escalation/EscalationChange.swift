import CrisisCore
import EscalationEngine
import Foundation

/// The episode change committed in the same transaction as what caused it (a screen, a raised tier): open an
/// episode for the subject, join their open one, or nothing when the route pages nobody.
enum EscalationChange {
    static func commit(
        for trigger: EpisodeMachine.Trigger, plan: EscalationPlan, composer: PageComposer, ids: any IdentifierGenerator, now: Date
    ) -> @Sendable (Episode?) -> EpisodeCommit? {
        let machine = EpisodeMachine(plan: plan)
        let newID = EpisodeID(ids.make(prefix: "epi"))
        return { open in
            let transition = open.map { machine.join($0, trigger, now: now) } ?? machine.open(trigger, id: newID, now: now)
            return transition.map { composer.commit($0, assessment: trigger.assessment, ids: ids, now: now) }
        }
    }
}
