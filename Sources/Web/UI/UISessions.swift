import CrisisCore
import HTTPTypes
import Hummingbird
import Logging
import Workflow

/// The signed-in person behind a request, for the UI controllers.
enum UISessions {
    /// Sent by `board.js` on its periodic refresh.
    static let autoRefresh = HTTPField.Name("Crisisd-Auto-Refresh")!

    /// The session if signed in, not idle, and the role allows the page; `nil` sends the browser to sign in.
    static func current(_ request: Request, ui: UIDependencies, allowed: (Role) -> Bool) async throws -> WebSession? {
        guard let token = UICookie.value(in: request, secure: ui.secureCookies) else { return nil }
        let session: WebSession?
        do {
            // The board's own refresh says so; it must not keep an unattended session alive (idle logoff).
            session = try await ui.signIn.resume(token, touch: request.headers[autoRefresh] != "1")
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "crisisd cannot check sessions right now; retry")
        }
        guard let session, allowed(session.principal.role) else { return nil }
        return session
    }

    /// A form POST: `handle` runs with the signed-in person (whose role allows the action) and the form's fields,
    /// once the form's CSRF token matched the session's. Otherwise the browser is sent to sign in, or told the
    /// form expired; nothing changes.
    static func post(
        _ request: Request, _ context: AppRequestContext, ui: UIDependencies, allowed: (Role) -> Bool, limit: Int,
        _ handle: (WebSession, [String: String]) async throws -> Response
    ) async throws -> Response {
        guard let session = try await current(request, ui: ui, allowed: allowed) else { return UIPage.redirect("/login") }
        let form = try await UIPage.form(request, limit: limit)
        guard let csrf = form["csrf"], csrf == session.csrfToken else {
            context.logger.notice("ui.csrf_refused")
            return expired(ui)
        }
        return try await handle(session, form)
    }

    /// A form whose CSRF token does not match: refused, nothing changed.
    static func expired(_ ui: UIDependencies) -> Response {
        UIPage.render(
            ui.templates, "signin", SignInPageViewModel(error: "That form expired or did not come from crisisd. Nothing was changed.", username: "", loginToken: ""),
            status: .forbidden)
    }
}
