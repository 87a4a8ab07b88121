import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RiskRules
import Workflow

/// The supervisor board (`/board`): open escalations, most urgent first, with acknowledge, escalate now and
/// resolve. Needs a signed-in clinician or supervisor; every action form carries the session's CSRF token;
/// every view is audited per client shown.
struct BoardController {
    let ui: UIDependencies
    let episodes: any EpisodeStore
    let act: ActOnEpisode
    let registry: DefinitionsRegistry
    let maxBodyBytes: Int

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("board") { request, context in
            guard let session = try await session(request) else { return UIPage.redirect("/login") }
            return try await board(session, notice: request.uri.queryParameters.get("notice"), context)
        }
        // The link in every page: the case after sign-in (design notes §4). Opening it acknowledges nothing.
        router.get("episodes/{id}") { request, context in
            let raw = try context.parameters.require("id")
            guard SignInController.isOpaqueID(raw) else { return UIPage.redirect("/board?notice=unknown") }
            guard try await session(request) != nil else { return UIPage.redirect("/login?next=/episodes/\(raw)") }
            let episode: Episode?
            do {
                episode = try await episodes.episode(id: EpisodeID(raw))
            } catch {
                throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
            }
            guard let assessment = episode?.assessments.last else { return UIPage.redirect("/board?notice=unknown") }
            return UIPage.redirect("/screens/\(assessment)#escalation")
        }
        for action in ["acknowledge", "escalate", "resolve"] {
            router.post(RouterPath("board/episodes/{id}/\(action)")) { request, context in
                try await UISessions.post(request, context, ui: ui, allowed: \.mayActOnEpisodes, limit: maxBodyBytes) { session, form in
                    let id = EpisodeID(try context.parameters.require("id"))
                    return try await perform(action, on: id, form: form, by: session.principal, returnTo: Self.resultPage(form["return"]))
                }
            }
        }
    }

    private func session(_ request: Request) async throws -> WebSession? {
        try await UISessions.current(request, ui: ui, allowed: \.mayActOnEpisodes)
    }

    private func board(_ session: WebSession, notice: String?, _ context: AppRequestContext) async throws -> Response {
        let open: [Episode]
        var timelines: [EpisodeID: [EpisodeEvent]] = [:]
        do {
            open = try await episodes.episodes(openOnly: true, limit: 200)
            for episode in open { timelines[episode.id] = try await episodes.timeline(id: episode.id) }
            let now = Date()
            // Audit: who saw which client's escalation, when.
            for subject in Set(open.map(\.subject)) {
                try await ui.users.recordPageView(principal: session.principal.id, page: "board", subject: subject, at: now)
            }
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        let definitions = registry.current
        let rows = BoardPageViewModel.rows(open, timelines: timelines, protocolName: { definitions.protocols[$0]?.shortTitle ?? $0.rawValue }, now: Date())
        let model = BoardPageViewModel(
            user: session.principal.name, role: session.principal.role.rawValue, csrf: session.csrfToken, rows: rows, empty: rows.isEmpty,
            notice: notice.flatMap { Self.notices[$0] })
        return UIPage.render(ui.templates, "board", model, script: true)
    }

    /// Fixed notice texts, chosen by key so a link cannot put words on the page.
    static let notices: [String: String] = [
        "acknowledged": "Acknowledged.", "escalated": "Escalated to the next step now.", "resolved": "Resolved.",
        "no-plan": "Not resolved: “safety plan completed” needs the client's active safety plan. Make the plan active first.",
        "needs-note": "Not resolved: this disposition needs a note.", "already-resolved": "That escalation was already resolved.",
        "unknown": "That escalation no longer exists.", "unavailable": "crisisd could not save that; try again.",
    ]

    /// Actions taken on a screen's result page go back there; anything else goes to the board.
    static func resultPage(_ raw: String?) -> String? {
        guard let raw, raw.hasPrefix("/screens/"), SignInController.isOpaqueID(String(raw.dropFirst("/screens/".count))) else { return nil }
        return raw
    }

    private func perform(_ action: String, on id: EpisodeID, form: [String: String], by principal: Principal, returnTo: String?) async throws -> Response {
        let actor = EpisodeActor(id: principal.id.rawValue, name: principal.name, via: "ui")
        let done: String
        do {
            switch action {
            case "acknowledge":
                _ = try await act.acknowledge(id, by: actor, kind: .responding)
                done = "acknowledged"
            case "escalate":
                _ = try await act.escalateNow(id, by: actor)
                done = "escalated"
            default:
                let note = form["note"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : String($0.prefix(2000)) }
                _ = try await act.resolve(id, by: actor, disposition: form["disposition"].flatMap(Disposition.init(rawValue:)), note: note)
                done = "resolved"
            }
        } catch {
            switch error {
            case .noActiveSafetyPlan: return UIPage.redirect("/board?notice=no-plan")
            case .refused(.noteRequired), .refused(.dispositionRequired): return UIPage.redirect("/board?notice=needs-note")
            case .refused(.alreadyResolved): return UIPage.redirect("/board?notice=already-resolved")
            case .unknownEpisode: return UIPage.redirect("/board?notice=unknown")
            case .storeUnavailable: return UIPage.redirect("/board?notice=unavailable")
            }
        }
        return UIPage.redirect("\(returnTo ?? "/board")?notice=\(done)")
    }
}
