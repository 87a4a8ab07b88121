import CrisisCore
import Foundation
import Mustache
import Testing

@testable import Web

/// View models and templates without a server: hostile text is escaped by every template that shows it,
/// the tier is always in words, the one-at-a-time layout picks the right question, deadlines read at a glance.
@Suite struct WebUIRenderingTests {
    static let hostile = #"<script>alert("x")</script>&"#

    static func result(client: String, reason: String) -> ResultPageViewModel {
        ResultPageViewModel(
            user: "rivera", csrf: "c", assessmentID: "asm_1", notice: nil, tierOptions: [.init(value: "moderate", label: "Moderate")],
            lowersHighNeedsCosign: true,
            changes: [.init(id: "ovr_1", summary: "High → Moderate", reason: reason, pending: true, canCosign: false)], hasChanges: true,
            protocolTitle: "C-SSRS", tierWord: "High", tierClass: "tier-high", domain: "suicide risk", outcome: "high", score: nil,
            fired: [.init(explanation: "Intent to act")], action: "Precautions now", deadline: "15:44 UTC, 29 Nov (in 59 min)",
            flags: [], hasFlags: false, invalid: false, episodeState: "notified", episodeID: "epi_1", paged: "oncall", acknowledged: nil,
            canAcknowledge: true, client: client, followUps: [.init(id: "cssrs_screen_recent", title: "C-SSRS screen")], mayScreen: true)
    }

    @Test func hostileTextIsEscapedAndTheTierIsInWords() async throws {
        let (templates, _, _) = try await UIDependencies.loadTemplates()
        let html = try #require(templates.render(Self.result(client: Self.hostile, reason: Self.hostile), withTemplate: "screen-result"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"))
        #expect(html.contains(#"Tier: <span class="tier">High</span> suicide risk"#))
        #expect(html.contains("Acknowledge: I am responding"))
        #expect(html.contains("(waiting for a supervisor's co-signature)"))
        // The follow-up form names the protocol and posts to this screen; the client is escaped there too.
        #expect(html.contains(#"action="/screens/asm_1/follow-up""#) && html.contains(#"name="protocol" value="cssrs_screen_recent""#))
        #expect(html.contains("Start the C-SSRS screen for client &lt;script&gt;"))

        let signIn = try #require(templates.render(SignInPageViewModel(error: Self.hostile, username: Self.hostile, loginToken: "t"), withTemplate: "signin"))
        #expect(!signIn.contains("<script>"))
        #expect(!signIn.contains(#"name="next""#))
    }

    static func question(_ id: String, required: Bool = true) -> ScreenPageViewModel.Question {
        .init(id: id, number: Int(id.dropFirst()) ?? 0, text: id, examples: nil, timeframe: nil, required: required, options: [], isText: false, textValue: "", maxLength: 0)
    }

    @Test func oneAtATimeShowsTheNextQuestionThenAllForReview() {
        let questions = [Self.question("q1"), Self.question("q2", required: false), Self.question("q6")]
        // Nothing shown yet: the first question alone.
        var page = ScreenPageViewModel.page(questions, answers: [:], layout: .one, shown: [])
        #expect(page.visible.map(\.id) == ["q1"] && page.shown == ["q1"] && !page.reviewing && !page.unansweredAgain)
        // q1 shown but left unanswered: asked again.
        page = ScreenPageViewModel.page(questions, answers: [:], layout: .one, shown: ["q1"])
        #expect(page.visible.map(\.id) == ["q1"] && page.unansweredAgain)
        // q1 answered: q2 next, q1's answer carried; q2 is optional, so passing it leads to q6.
        page = ScreenPageViewModel.page(questions, answers: ["q1": "yes"], layout: .one, shown: ["q1"])
        #expect(page.visible.map(\.id) == ["q2"] && page.carried.map(\.name) == ["answer.q1"] && page.shown == ["q1", "q2"])
        page = ScreenPageViewModel.page(questions, answers: ["q1": "yes"], layout: .one, shown: ["q1", "q2"])
        #expect(page.visible.map(\.id) == ["q6"])
        // An answer to a question that is no longer asked is not carried.
        page = ScreenPageViewModel.page(questions, answers: ["q1": "yes", "q3": "yes"], layout: .one, shown: ["q1", "q2"])
        #expect(!page.carried.map(\.name).contains("answer.q3"))
        // Everything shown and answered: all of them, for review.
        page = ScreenPageViewModel.page(questions, answers: ["q1": "yes", "q6": "no"], layout: .one, shown: ["q1", "q2", "q6"])
        #expect(page.visible.map(\.id) == ["q1", "q2", "q6"] && page.reviewing && page.carried.isEmpty)
        // All at once: every question that applies, never "reviewing".
        page = ScreenPageViewModel.page(questions, answers: [:], layout: .all, shown: [])
        #expect(page.visible.count == 3 && !page.reviewing)
    }

    @Test func pagedSaysWhetherThePageGotThere() {
        var episode = Episode(
            id: EpisodeID("epi_1"), subject: SubjectIdentifier(system: "urn:x", value: "1"), domain: .self, tier: .high, actionClass: .stat,
            site: nil, protocolID: ProtocolID("cssrs_screen_recent"), summary: "s", assessments: [AssessmentID("asm_1")], policyID: "p",
            planVersion: "1", planHash: "h", deadline: nil, now: Date())
        #expect(PagedSummary.describe(episode, timeline: []) == "nobody yet")
        episode.pagedReceivers = ["oncall", "pagerduty", "slack"]
        let attempt = { (receiver: String, result: String, reason: String?) in
            EpisodeEvent(at: Date(), kind: .delivery, detail: ["receiver": receiver, "result": result].merging(reason.map { ["reason": $0] } ?? [:]) { $1 })
        }
        let timeline = [
            attempt("oncall", "retryable_failure", "HTTP 503"), attempt("oncall", "delivered", nil),
            attempt("pagerduty", "permanent_failure", "receiver not configured"),
        ]
        #expect(
            PagedSummary.describe(episode, timeline: timeline)
                == "oncall (delivered), pagerduty (failed: receiver not configured), slack (sending)")
    }

    @Test func deadlinesReadAtAGlance() {
        let now = Date(timeIntervalSince1970: 1_795_953_600)  // 2026-11-29 12:00 UTC
        #expect(UITime.deadline(now.addingTimeInterval(59 * 60), now: now) == "12:59 UTC, 29 Nov (in 59 min)")
        #expect(UITime.deadline(now.addingTimeInterval(-3 * 60), now: now) == "11:57 UTC, 29 Nov (overdue by 3 min)")
        #expect(UITime.relative(now.addingTimeInterval(125 * 60), now: now) == "in 2 h 5 min")
        #expect(UITime.dated(now) == "29 Nov 2026, 12:00 UTC")
        #expect(ScreenController.flagWords("evaluation_only_licence_not_recorded") == "evaluation only — licence not recorded")
        #expect(ScreenController.flagWords("item9_flag") == "item9 flag")
    }
}
