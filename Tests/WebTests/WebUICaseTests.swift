import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Storage
import Testing
import Workflow

@testable import Web
@testable import crisisd

/// The parts of the UI a page's reader meets: the case link from a page (sign-in continues there, and
/// nowhere else), acknowledging from the case, the board's automatic refresh that does not keep a session
/// alive, and the screen answered one question at a time.
@Suite struct WebUICaseTests {
    typealias Browser = WebUITests.Browser

    @Test func aPageLinkOpensTheCaseAfterSignInAndTheCaseAcknowledges() async throws {
        let daemon = try await TestDaemon.make()
        try await WebUITests.account(daemon, "chen", role: .supervisor)
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let (assessment, episode) = try await WebUITests.highScreen(client, ehr)
            let browser = Browser(client)

            let (status, headers, _) = try await browser.go(.get, "/episodes/\(episode)")
            #expect(status == .seeOther)
            #expect(headers[.location] == "/login?next=/episodes/\(episode)")
            let (_, _, login) = try await browser.go(.get, "/login?next=/episodes/\(episode)")
            #expect(Browser.value(of: "next", in: login) == "/episodes/\(episode)")
            let token = try #require(Browser.value(of: "login_token", in: login))
            let (_, signedIn, _) = try await browser.go(
                .post, "/login", form: ["login_token": token, "username": "chen", "password": "correct horse battery", "next": "/episodes/\(episode)"])
            #expect(signedIn[.location] == "/episodes/\(episode)")
            let (_, caseHeaders, _) = try await browser.go(.get, "/episodes/\(episode)")
            #expect(caseHeaders[.location] == "/screens/\(assessment)#escalation")

            let (_, _, result) = try await browser.go(.get, "/screens/\(assessment)")
            #expect(result.contains("Acknowledged: <strong>not yet</strong>"))
            let csrf = try #require(Browser.value(of: "csrf", in: result))
            let (_, acknowledged, _) = try await browser.go(
                .post, "/board/episodes/\(episode)/acknowledge", form: ["csrf": csrf, "return": "/screens/\(assessment)"])
            #expect(acknowledged[.location] == "/screens/\(assessment)?notice=acknowledged")
            let (_, _, after) = try await browser.go(.get, "/screens/\(assessment)?notice=acknowledged")
            #expect(after.contains("Acknowledged: chen (responding)."))
            #expect(!after.contains("Acknowledge: I am responding"))
            #expect(try await daemon.server.store.episode(id: EpisodeID(episode))?.acknowledgements.first?.by.name == "chen")
        }
    }

    /// Sign-in continues only to a case link: anything else (another site, another path) goes to the board.
    @Test(arguments: ["https://evil.example/episodes/x", "//evil.example", "/board/../admin", "/episodes/a/b", "/episodes/<x>", "/screens/asm_1"])
    func signInNeverRedirectsElsewhere(next: String) async throws {
        #expect(SignInController.returnPath(next) == nil)
        #expect(BoardController.resultPage(next) == (next == "/screens/asm_1" ? next : nil))
        #expect(SignInController.returnPath("/episodes/epi_7F3K") == "/episodes/epi_7F3K")
    }

    @Test func theBoardsAutomaticRefreshDoesNotKeepTheSessionAlive() async throws {
        let daemon = try await TestDaemon.make()
        try await WebUITests.account(daemon, "chen", role: .supervisor)
        let store = daemon.server.store
        try await daemon.server.application.test(.router) { client in
            for automatic in [true, false] {
                let browser = Browser(client)
                _ = try await browser.signIn("chen", "correct horse battery")
                let token = try #require(browser.cookies["__Host-crisisd_session"])
                let before = Date()
                try await Task.sleep(for: .milliseconds(20))
                let (status, headers, _) = try await browser.go(.get, "/board", headers: automatic ? [UISessions.autoRefresh: "1"] : [:])
                #expect(status == .ok)
                #expect(headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                #expect(headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false)
                // Was the session seen after `before`? Only when a person asked for the page.
                let alive = try await store.resumeSession(tokenHash: APITokens.hash(token), idleSince: before, now: Date(), touch: false)
                #expect((alive != nil) == !automatic)
            }
            let (script, scriptHeaders, body) = try await Browser(client).go(.get, "/ui/board.js")
            #expect(script == .ok)
            #expect(scriptHeaders[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(body.contains("Crisisd-Auto-Refresh"))
        }
    }

    @Test func oneQuestionAtATimeSkipsWhatDoesNotApplyAndCarriesEarlierAnswers() async throws {
        let daemon = try await TestDaemon.make()
        try await WebUITests.account(daemon, "rivera", role: .clinician)
        try await daemon.server.application.test(.router) { client in
            let browser = Browser(client)
            _ = try await browser.signIn("rivera", "correct horse battery")
            let (_, _, start) = try await browser.go(.get, "/screens/new")
            let csrf = try #require(Browser.value(of: "csrf", in: start))
            var form = [
                "csrf": csrf, "protocol": "cssrs_screen_recent", "subject_system": "urn:oid:1.2.3", "subject_value": "MRN-ONE", "layout": "one",
            ]
            let (_, _, first) = try await browser.go(.post, "/screens/new", form: form.merging(["subject_value_again": "MRN-ONE", "identity_checked": "yes"]) { $1 })
            #expect(Self.asked(first) == ["q1"])
            // The form's instructions and each question's time frame, verbatim from the protocol file.
            #expect(first.contains("<li>Ask Questions 1 and 2</li>") && first.contains(#"<span class="timeframe">(past month)</span>"#))
            let formID = try #require(Browser.value(of: "form_id", in: first))
            form["form_id"] = formID
            form["shown.q1"] = "1"
            form["action"] = "continue"

            // Next without an answer: the same question again, with a message.
            let (_, _, again) = try await browser.go(.post, "/screens/answer", form: form)
            #expect(Self.asked(again) == ["q1"])
            #expect(again.contains("Answer question 1 to go on."))

            // q1 = no, q2 = no: q3–q5 never appear; q1's answer rides along hidden.
            form["answer.q1"] = "no"
            let (_, _, second) = try await browser.go(.post, "/screens/answer", form: form)
            #expect(Self.asked(second) == ["q2"])
            #expect(second.contains(#"<input type="hidden" name="answer.q1" value="no">"#))
            #expect(!second.contains(#"value="save""#))
            form["shown.q2"] = "1"
            form["answer.q2"] = "no"
            let (_, _, third) = try await browser.go(.post, "/screens/answer", form: form)
            #expect(Self.asked(third) == ["q6"])
            form["shown.q6"] = "1"
            form["answer.q6"] = "no"

            // Every question that applies has been shown: all of them, to check, and Save.
            let (_, _, review) = try await browser.go(.post, "/screens/answer", form: form)
            #expect(Self.asked(review) == ["q1", "q2", "q6"])
            #expect(review.contains(#"value="save""#))
            form["action"] = "save"
            let (saved, headers, _) = try await browser.go(.post, "/screens/answer", form: form)
            #expect(saved == .seeOther)
            let location = try #require(headers[.location])
            let stored = try #require(try await daemon.server.store.assessment(id: AssessmentID(String(location.dropFirst("/screens/".count)))))
            #expect(Set(stored.answers.keys) == ["q1", "q2", "q6"])
            #expect(stored.evaluation.tier == RiskTier.none)
            // The same form saved again with another answer (back in the browser): the stored screen stands, and the
            // page says so rather than "nothing was stored".
            form["answer.q6"] = "yes"
            form["answer.q6_recent"] = "no"
            let (conflict, _, page) = try await browser.go(.post, "/screens/answer", form: form)
            #expect(conflict == .conflict)
            #expect(page.contains("This form was already saved with different answers; that screen is unchanged."))
        }
    }

    /// A PHQ-9 with item 9 above zero offers the C-SSRS screen next (the flag's follow-up) for the same client, whose
    /// identifier comes from the stored screen; a protocol that is not a follow-up of this screen is not offered.
    @Test func aPositiveItemNineOffersTheCSSRSForTheSameClient() async throws {
        let daemon = try await TestDaemon.make()
        try await WebUITests.account(daemon, "rivera", role: .clinician)
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let phq9 = #"{"protocol": "phq9", "answers": {"item1": 1, "item2": 1, "item3": 0, "item4": 0, "item5": 0, "item6": 0, "item7": 0, "item8": 0, "item9": 1}, "subject": {"system": "urn:x", "value": "PHQ-FOLLOW"}, "site": "clinic-2"}"#
            let (status, created) = try await OverrideTests.Client(client: client).call(.post, "/api/v1/assessments", ehr, phq9)
            #expect(status == .created)
            let assessment = try #require(created["id"] as? String)
            let browser = Browser(client)
            _ = try await browser.signIn("rivera", "correct horse battery")
            let (_, _, result) = try await browser.go(.get, "/screens/\(assessment)")
            #expect(result.contains("Start the C-SSRS screen for client PHQ-FOLLOW"))
            let csrf = try #require(Browser.value(of: "csrf", in: result))
            let (ok, _, questions) = try await browser.go(.post, "/screens/\(assessment)/follow-up", form: ["csrf": csrf, "protocol": "cssrs_screen_recent"])
            #expect(ok == .ok)
            #expect(Self.asked(questions) == ["q1", "q2", "q6"])
            #expect(Browser.value(of: "subject_value", in: questions) == "PHQ-FOLLOW" && Browser.value(of: "site", in: questions) == "clinic-2")
            // Not a follow-up of this screen: back to the result, nothing started.
            let (refused, headers, _) = try await browser.go(.post, "/screens/\(assessment)/follow-up", form: ["csrf": csrf, "protocol": "bvc"])
            #expect(refused == .seeOther && headers[.location] == "/screens/\(assessment)")
        }
    }

    /// The visible questions of an answer page, by item id, in order.
    static func asked(_ html: String) -> [String] {
        html.components(separatedBy: #"<input type="radio" id=""#).dropFirst().compactMap { piece -> String? in
            guard let name = piece.range(of: #"name="answer."#) else { return nil }
            return String(piece[name.upperBound...].prefix { $0 != "\"" })
        }.reduce(into: [String]()) { ids, id in if ids.last != id { ids.append(id) } }
    }
}
