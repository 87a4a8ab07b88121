import CrisisCore
import Hummingbird
import Workflow

/// The signed-in person behind a request, for the UI controllers.
enum UISessions {
    /// The session if signed in, not idle, and the role allows the page; `nil` sends the browser to sign in.
    static func current(_ request: Request, ui: UIDependencies, allowed: (Role) -> Bool) async throws -> WebSession? {
        guard let token = UICookie.value(in: request, secure: ui.secureCookies) else { return nil }
        let session: WebSession?
        do {
            session = try await ui.signIn.resume(token)
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "crisisd cannot check sessions right now; retry")
        }
        guard let session, allowed(session.principal.role) else { return nil }
        return session
    }

    /// A form whose CSRF token does not match: refused, nothing changed.
    static func expired(_ ui: UIDependencies) -> Response {
        UIPage.render(
            ui.templates, "signin", SignInPageViewModel(error: "That form expired or did not come from crisisd. Nothing was changed.", username: "", loginToken: ""),
            status: .forbidden)
    }
}
