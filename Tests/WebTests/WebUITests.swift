import CrisisCore
import CrisisTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import NIOCore
import Storage
import Testing
import Workflow

@testable import crisisd

/// The server-rendered UI through the router: sign-in (login CSRF, wrong password, lock-out), session cookie
/// flags, security headers, the board behind a session, CSRF on every action, the audit of page views, and
/// sessions that end when idle or when the account is disabled.
@Suite struct WebUITests {
    /// A browser: keeps cookies, follows nothing.
    final class Browser: @unchecked Sendable {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]

        init(_ client: any TestClientProtocol) { self.client = client }

        func go(
            _ method: HTTPRequest.Method, _ uri: String, form: [String: String]? = nil, headers extra: HTTPFields = [:]
        ) async throws -> (HTTPResponse.Status, HTTPFields, String) {
            var headers = extra
            if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            var body: ByteBuffer?
            if let form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
                body = ByteBuffer(string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
            }
            let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
            for cookie in response.headers[values: .setCookie] {
                let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if pair.count == 2 { cookies[String(pair[0])] = pair[1].isEmpty ? nil : String(pair[1]) }
            }
            return (response.status, response.headers, String(buffer: response.body))
        }

        func signIn(_ username: String, _ password: String) async throws -> (HTTPResponse.Status, HTTPFields, String) {
            let (_, _, page) = try await go(.get, "/login")
            let token = try #require(Self.value(of: "login_token", in: page))
            return try await go(.post, "/login", form: ["login_token": token, "username": username, "password": password])
        }

        static func value(of name: String, in html: String) -> String? {
            guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    static func account(_ daemon: TestDaemon, _ username: String, role: Role, password: String = "correct horse battery") async throws {
        try await daemon.server.store.createUser(
            UserAccount(
                principalID: PrincipalID("prn_\(username)"), username: username, role: role, passwordHash: Bcrypt.hash(password, cost: 4),
                createdAt: Date()))
    }

    /// A high C-SSRS screen posted by an EHR: its assessment id and the episode it opened.
    static func highScreen(_ client: any TestClientProtocol, _ ehr: String) async throws -> (assessment: String, episode: String) {
        let (status, created) = try await OverrideTests.Client(client: client).call(.post, "/api/v1/assessments", ehr, OverrideTests.highScreen)
        #expect(status == .created)
        let assessment = try #require(created["id"] as? String)
        return (assessment, try #require((created["episode"] as? [String: Any])?["id"] as? String))
    }

    @Test func aSupervisorSignsInSeesTheBoardAndAcknowledges() async throws {
        let daemon = try await TestDaemon.make()
        try await Self.account(daemon, "rivera", role: .supervisor)
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let (created, _) = try await OverrideTests.Client(client: client).call(.post, "/api/v1/assessments", ehr, OverrideTests.highScreen)
            #expect(created == .created)
            let browser = Browser(client)
            #expect(try await browser.go(.get, "/board").0 == .seeOther)
            let (status, headers, _) = try await browser.signIn("rivera", "correct horse battery")
            #expect(status == .seeOther)
            #expect(headers[.location] == "/board")
            let cookie = try #require(headers[values: .setCookie].first { $0.hasPrefix("__Host-crisisd_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Secure") && cookie.contains("Path=/"))

            let (boardStatus, boardHeaders, board) = try await browser.go(.get, "/board")
            #expect(boardStatus == .ok)
            #expect(boardHeaders[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(boardHeaders[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(boardHeaders[.strictTransportSecurity] != nil)
            // No inline script: the one script is crisisd's own file.
            #expect(board.components(separatedBy: "<script").count == 2 && board.contains(#"<script src="/ui/board.js" defer></script>"#))
            #expect(board.contains(#"<span class="tier">High</span>"#))
            let episode = try #require(board.range(of: "/board/episodes/").map { String(board[$0.upperBound...].prefix { $0 != "/" }) })
            let csrf = try #require(Browser.value(of: "csrf", in: board))

            // Without the token, or with another, the action is refused and nothing changes.
            #expect(try await browser.go(.post, "/board/episodes/\(episode)/acknowledge", form: ["csrf": "forged"]).0 == .forbidden)
            #expect(try await daemon.server.store.episode(id: EpisodeID(episode))?.acknowledgements.isEmpty == true)
            let (acked, ackHeaders, _) = try await browser.go(.post, "/board/episodes/\(episode)/acknowledge", form: ["csrf": csrf])
            #expect(acked == .seeOther && ackHeaders[.location] == "/board?notice=acknowledged")
            #expect(try await daemon.server.store.episode(id: EpisodeID(episode))?.acknowledgements.first?.by.name == "rivera")

            // The gate holds here too: "safety plan completed" without an active plan.
            let (_, gateHeaders, _) = try await browser.go(.post, "/board/episodes/\(episode)/resolve", form: ["csrf": csrf, "disposition": "safety_plan_completed"])
            #expect(gateHeaders[.location] == "/board?notice=no-plan")

            // Signing out ends the session server-side.
            #expect(try await browser.go(.post, "/logout", form: ["csrf": csrf]).0 == .seeOther)
            browser.cookies["__Host-crisisd_session"] = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1).last.map(String.init)
            #expect(try await browser.go(.get, "/board").0 == .seeOther)
        }
    }

    @Test func wrongPasswordsAreNotToldApartAndLockTheNameAfterFive() async throws {
        let daemon = try await TestDaemon.make()
        try await Self.account(daemon, "rivera", role: .clinician)
        try await daemon.server.application.test(.router) { client in
            let browser = Browser(client)
            let (unknown, _, unknownPage) = try await browser.signIn("nobody", "whatever it is")
            let (wrong, _, wrongPage) = try await browser.signIn("rivera", "not the password")
            #expect(unknown == .unauthorized && wrong == .unauthorized)
            #expect(unknownPage.contains("Username or password not recognised.") && wrongPage.contains("Username or password not recognised."))
            for _ in 0..<3 { _ = try await browser.signIn("rivera", "not the password") }
            // The fifth failure locks the name; even the right password waits out the window.
            #expect(try await browser.signIn("rivera", "not the password").0 == .tooManyRequests)
            #expect(try await browser.signIn("rivera", "correct horse battery").0 == .tooManyRequests)
            // A login form posted without its token (another site's form) is refused.
            let (forged, _, _) = try await browser.go(.post, "/login", form: ["login_token": "x", "username": "rivera", "password": "correct horse battery"])
            #expect(forged == .forbidden)
        }
    }

    @Test func sessionsEndWhenIdleOrWhenTheAccountIsDisabled() async throws {
        let daemon = try await TestDaemon.make()
        try await Self.account(daemon, "rivera", role: .supervisor)
        let store = daemon.server.store
        try await daemon.server.application.test(.router) { client in
            let browser = Browser(client)
            _ = try await browser.signIn("rivera", "correct horse battery")
            let token = try #require(browser.cookies["__Host-crisisd_session"])
            // 16 minutes later with the default 15-minute idle logoff: gone, and gone for good.
            #expect(try await store.resumeSession(tokenHash: APITokens.hash(token), idleSince: Date().addingTimeInterval(60), now: Date(), touch: true) == nil)
            #expect(try await browser.go(.get, "/board").0 == .seeOther)
            _ = try await browser.signIn("rivera", "correct horse battery")
            #expect(try await browser.go(.get, "/board").0 == .ok)
            #expect(try await store.disableUser(username: "rivera", at: Date()))
            #expect(try await browser.go(.get, "/board").0 == .seeOther)
        }
    }

    @Test func anAdminHasNoBoardAndEveryBoardViewIsAudited() async throws {
        let daemon = try await TestDaemon.make()
        try await Self.account(daemon, "ops", role: .admin)
        try await Self.account(daemon, "rivera", role: .clinician)
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            _ = try await OverrideTests.Client(client: client).call(.post, "/api/v1/assessments", ehr, OverrideTests.highScreen)
            let admin = Browser(client)
            _ = try await admin.signIn("ops", "correct horse battery")
            #expect(try await admin.go(.get, "/board").0 == .seeOther)
            #expect(try await admin.go(.get, "/login").2.contains("You are signed in as ops (admin). That page needs another role"))
            let clinician = Browser(client)
            _ = try await clinician.signIn("rivera", "correct horse battery")
            #expect(try await clinician.go(.get, "/board").0 == .ok)
            let views = try await daemon.server.store.pageViews(principal: PrincipalID("prn_rivera"))
            #expect(views.contains { $0.page == "board" && $0.subject == SubjectIdentifier(system: "urn:x", value: "1") })
        }
    }

    /// A clinician enters a C-SSRS screen in the browser: the follow-up questions appear only once they apply,
    /// an answer to a question that does not apply is never stored, and the result shows the tier in words.
    @Test func aClinicianEntersAScreenWithSkipLogicOnTheServer() async throws {
        let daemon = try await TestDaemon.make()
        try await Self.account(daemon, "rivera", role: .clinician)
        try await daemon.server.application.test(.router) { client in
            let browser = Browser(client)
            _ = try await browser.signIn("rivera", "correct horse battery")
            let (_, _, start) = try await browser.go(.get, "/screens/new")
            let csrf = try #require(Browser.value(of: "csrf", in: start))
            let client = ["csrf": csrf, "protocol": "cssrs_screen_recent", "subject_system": "urn:oid:1.2.3", "subject_value": "MRN-UI-1", "site": "ed-east"]
            let (mismatch, _, mismatchPage) = try await browser.go(.post, "/screens/new", form: client.merging(["subject_value_again": "MRN-UI-2", "identity_checked": "yes"]) { $1 })
            #expect(mismatch == .unprocessableContent)
            #expect(mismatchPage.contains("The two identifier entries differ"))
            let (ok, _, questions) = try await browser.go(.post, "/screens/new", form: client.merging(["subject_value_again": "MRN-UI-1", "identity_checked": "yes"]) { $1 })
            #expect(ok == .ok)
            #expect(questions.contains(#"name="answer.q1""#) && questions.contains(#"name="answer.q2""#) && !questions.contains(#"name="answer.q3""#))
            let formID = try #require(Browser.value(of: "form_id", in: questions))
            let answering = ["csrf": csrf, "form_id": formID, "protocol": "cssrs_screen_recent", "subject_system": "urn:oid:1.2.3", "subject_value": "MRN-UI-1", "site": "ed-east"]

            // q2 = yes opens q3–q5 on Continue; saving before answering them is refused.
            let (_, _, more) = try await browser.go(.post, "/screens/answer", form: answering.merging(["answer.q1": "yes", "answer.q2": "yes", "answer.q6": "no", "action": "continue"]) { $1 })
            #expect(more.contains(#"name="answer.q3""#) && more.contains(#"name="answer.q4""#) && more.contains(#"name="answer.q5""#))
            let (early, _, _) = try await browser.go(.post, "/screens/answer", form: answering.merging(["answer.q1": "yes", "answer.q2": "yes", "answer.q6": "no", "action": "save"]) { $1 })
            #expect(early == .unprocessableContent)

            // Changing q2 to no: the q3 answer still in the form is not asked any more and is not stored.
            let (saved, headers, _) = try await browser.go(
                .post, "/screens/answer", form: answering.merging(["answer.q1": "yes", "answer.q2": "no", "answer.q3": "yes", "answer.q6": "no", "action": "save"]) { $1 })
            #expect(saved == .seeOther)
            let location = try #require(headers[.location])
            let id = AssessmentID(String(location.dropFirst("/screens/".count)))
            let stored = try #require(try await daemon.server.store.assessment(id: id))
            #expect(stored.answers["q3"] == nil)
            #expect(stored.subject == SubjectIdentifier(system: "urn:oid:1.2.3", value: "MRN-UI-1"))
            // The same form submitted again is the same screen.
            let (_, again, _) = try await browser.go(
                .post, "/screens/answer", form: answering.merging(["answer.q1": "yes", "answer.q2": "no", "answer.q3": "yes", "answer.q6": "no", "action": "save"]) { $1 })
            #expect(again[.location] == location)

            let (_, _, result) = try await browser.go(.get, location)
            #expect(result.contains(#"<span class="tier">Low</span>"#))
            let views = try await daemon.server.store.pageViews(principal: PrincipalID("prn_rivera"))
            #expect(views.contains { $0.page == "screen-result" })
        }
    }

    /// From a high screen's result: start a safety plan, see what is missing, fill it in, make it active, print
    /// it, then resolve the escalation with "safety plan completed" from the board.
    @Test func aClinicianWritesAndActivatesASafetyPlanInTheBrowser() async throws {
        let daemon = try await TestDaemon.make()
        try await Self.account(daemon, "rivera", role: .supervisor)
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let (assessment, episode) = try await WebUITests.highScreen(client, ehr)
            let browser = Browser(client)
            _ = try await browser.signIn("rivera", "correct horse battery")
            let (_, _, result) = try await browser.go(.get, "/screens/\(assessment)")
            #expect(result.contains("Start a safety plan") && result.contains("Change the tier on clinical judgment"))
            let csrf = try #require(Browser.value(of: "csrf", in: result))
            let (_, started, _) = try await browser.go(.post, "/plans/new", form: ["csrf": csrf, "assessment": assessment])
            let planPath = try #require(started[.location])
            let (_, _, editor) = try await browser.go(.get, planPath)
            #expect(editor.contains("Before it can be made active"))
            #expect(editor.contains("Making the environment safe (plan for lethal means safety):"))
            #expect(editor.contains(#"value="988""#))
            let fields = [
                "csrf": csrf, "based_on": "1",
                "s.warning_signs.0.text": "Not sleeping", "s.internal_coping.0.text": "Walk the dog",
                "s.social_distraction.0.name": "Sam", "s.social_distraction.0.place": "Library", "s.help_contacts.0.name": "Rosa",
                "s.help_contacts.0.phone": "555-0102", "s.professionals_agencies.0.name": "988 Lifeline", "s.professionals_agencies.0.phone": "988",
                "s.environment_safe.0.text": "Rosa keeps my tablets", "lm.counselled": "yes", "lm.means": "medications",
                "s.most_important_thing.0.text": "My daughter",
            ]
            let (_, saved, _) = try await browser.go(.post, planPath, form: fields)
            #expect(saved[.location] == "\(planPath)?notice=saved")
            let (_, activated, _) = try await browser.go(.post, "\(planPath)/activate", form: ["csrf": csrf])
            #expect(activated[.location] == "\(planPath)?notice=activated")
            let (printed, _, copy) = try await browser.go(.get, "\(planPath)/print")
            #expect(printed == .ok && copy.contains("Rosa keeps my tablets"))
            let (_, resolved, _) = try await browser.go(
                .post, "/board/episodes/\(episode)/resolve", form: ["csrf": csrf, "disposition": "safety_plan_completed"])
            #expect(resolved[.location] == "/board?notice=resolved")
        }
    }

    /// Lowering `high` in the browser waits for another supervisor's co-signature; the timeline then shows the
    /// client's screen, escalation and tiers on one page, and the look-up is audited.
    @Test func lowerHighIsCosignedAndTheTimelineShowsTheClient() async throws {
        let daemon = try await TestDaemon.make()
        try await Self.account(daemon, "rivera", role: .clinician)
        try await Self.account(daemon, "chen", role: .supervisor)
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            let (_, created) = try await OverrideTests.Client(client: client).call(.post, "/api/v1/assessments", ehr, OverrideTests.highScreen)
            let assessment = try #require(created["id"] as? String)
            let clinician = Browser(client)
            _ = try await clinician.signIn("rivera", "correct horse battery")
            let (_, _, page) = try await clinician.go(.get, "/screens/\(assessment)")
            let csrf = try #require(Browser.value(of: "csrf", in: page))
            let (_, asked, _) = try await clinician.go(
                .post, "/screens/\(assessment)/override", form: ["csrf": csrf, "tier": "moderate", "reason": "SAFE-T done with the family"])
            #expect(asked[.location] == "/screens/\(assessment)?notice=override-cosign")
            let (_, _, pending) = try await clinician.go(.get, "/screens/\(assessment)")
            #expect(pending.contains(#"<span class="tier">High</span>"#) && pending.contains("waiting for a supervisor"))
            #expect(!pending.contains("Co-sign</button>"))

            let supervisor = Browser(client)
            _ = try await supervisor.signIn("chen", "correct horse battery")
            let (_, _, review) = try await supervisor.go(.get, "/screens/\(assessment)")
            let supervisorCSRF = try #require(Browser.value(of: "csrf", in: review))
            let action = try #require(review.range(of: "/overrides/").map { String(review[$0.upperBound...].prefix { $0 != "/" }) })
            let (_, signed, _) = try await supervisor.go(.post, "/screens/\(assessment)/overrides/\(action)/cosign", form: ["csrf": supervisorCSRF])
            #expect(signed[.location] == "/screens/\(assessment)?notice=cosigned")
            let (_, _, after) = try await supervisor.go(.get, "/screens/\(assessment)")
            #expect(after.contains(#"<span class="tier">Moderate</span>"#))

            let (_, _, timeline) = try await clinician.go(.post, "/clients", form: ["csrf": csrf, "subject_system": "urn:x", "subject_value": "1"])
            #expect(timeline.contains("<strong>Screen</strong>") && timeline.contains("<strong>Escalation</strong>"))
            #expect(timeline.contains(">Moderate</span>"))
            let views = try await daemon.server.store.pageViews(principal: PrincipalID("prn_rivera"))
            #expect(views.contains { $0.page == "client-timeline" && $0.subject?.value == "1" })
        }
    }

    /// The dashboard: aggregates in SVG and tables, and a CSV without identifiers; open to an administrator,
    /// who sees no client.
    @Test func theDashboardShowsAggregatesAndExportsThemWithoutIdentifiers() async throws {
        let daemon = try await TestDaemon.make()
        try await Self.account(daemon, "ops", role: .admin)
        let ehr = try await daemon.token(role: .ehr)
        try await daemon.server.application.test(.router) { client in
            for _ in 0..<2 { _ = try await OverrideTests.Client(client: client).call(.post, "/api/v1/assessments", ehr, OverrideTests.highScreen) }
            _ = try await OverrideTests.Client(client: client).call(.post, "/api/v1/assessments", ehr, OverrideTests.lowScreen)
            let browser = Browser(client)
            _ = try await browser.signIn("ops", "correct horse battery")
            let (status, headers, page) = try await browser.go(.get, "/dashboard")
            #expect(status == .ok)
            #expect(headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(page.contains("<svg") && page.contains("Screens per day by tier") && !page.contains("<script"))
            let (_, csvHeaders, csv) = try await browser.go(.get, "/dashboard.csv")
            #expect(csvHeaders[.contentType]?.hasPrefix("text/csv") == true)
            let today = csv.split(separator: "\n").filter { $0.hasPrefix("screens,") && $0.contains(",high,") }.compactMap { Int($0.split(separator: ",").last ?? "") }
            #expect(today.reduce(0, +) == 2)
            #expect(csv.contains("episodes,total,,"))
            #expect(!csv.contains("urn:x"))
        }
    }
}
