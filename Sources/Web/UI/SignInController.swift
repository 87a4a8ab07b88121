import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Workflow

/// `GET/POST /login`, `POST /logout`, `GET /ui/app.css`. Login CSRF is stopped by a double-submit token (a
/// short-lived cookie that must match the form field); failures never say whether the username exists.
struct SignInController {
    let ui: UIDependencies
    let maxBodyBytes: Int

    static let loginCookie = "crisisd_login"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("login") { request, _ in
            // Already signed in: every page sends a role it does not serve here, so say why instead of asking again.
            var error: String?
            if let token = UICookie.value(in: request, secure: ui.secureCookies), let session = try? await ui.signIn.resume(token, touch: false) {
                error = "You are signed in as \(session.principal.name) (\(session.principal.role.rawValue)). That page needs another role; sign in with an account that has it."
            }
            return page(username: "", error: error, status: .ok, next: Self.returnPath(request.uri.queryParameters.get("next")))
        }
        router.post("login") { request, context in try await signIn(request, context) }
        router.post("logout") { request, _ in try await signOut(request) }
        router.get("ui/app.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: ui.stylesheet)))
        }
        router.get("ui/board.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: ui.boardScript)))
        }
        router.get("/") { _, _ in UIPage.redirect("/board") }
    }

    /// Where a sign-in may continue: only a case link from a page (`/episodes/<id>`), so the login form
    /// cannot be turned into an open redirect.
    static func returnPath(_ raw: String?) -> String? {
        guard let raw, raw.hasPrefix("/episodes/"), isOpaqueID(String(raw.dropFirst("/episodes/".count))) else { return nil }
        return raw
    }

    /// crisisd's own ids: letters, digits, `_` and `-`, at most 64.
    static func isOpaqueID(_ raw: String) -> Bool {
        !raw.isEmpty && raw.count <= 64 && raw.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    private func page(username: String, error: String?, status: HTTPResponse.Status, next: String? = nil) -> Response {
        let token = APITokens.generate()
        var response = UIPage.render(
            ui.templates, "signin", SignInPageViewModel(error: error, username: username, loginToken: token, next: next), status: status)
        response.headers[.setCookie] = "\(Self.loginCookie)=\(token); Path=/login; HttpOnly; SameSite=Strict; Max-Age=900\(ui.secureCookies ? "; Secure" : "")"
        return response
    }

    private func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let form = try await UIPage.form(request, limit: maxBodyBytes)
        let username = String((form["username"] ?? "").prefix(64))
        let next = Self.returnPath(form["next"])
        guard let token = form["login_token"], !token.isEmpty, token == UICookie.value(named: Self.loginCookie, in: request) else {
            return page(username: username, error: "Your sign-in form expired. Please try again.", status: .forbidden, next: next)
        }
        do {
            let started = try await ui.signIn(username: username, password: form["password"] ?? "")
            context.logger.info("ui.signed_in", metadata: ["principal.id": "\(started.session.principal.id)"])
            return UIPage.redirect(next ?? "/board", cookie: UICookie.set(started.token, secure: ui.secureCookies))
        } catch .tooManyAttempts {
            context.logger.notice("ui.sign_in_locked")
            return page(username: username, error: "Too many attempts. Wait 15 minutes, or ask an administrator.", status: .tooManyRequests, next: next)
        } catch .refused {
            context.logger.notice("ui.sign_in_refused")
            return page(username: username, error: "Username or password not recognised.", status: .unauthorized, next: next)
        } catch {
            return page(username: username, error: "crisisd cannot check sign-ins right now. Try again in a moment.", status: .serviceUnavailable, next: next)
        }
    }

    private func signOut(_ request: Request) async throws -> Response {
        if let token = UICookie.value(in: request, secure: ui.secureCookies) {
            let form = try await UIPage.form(request, limit: maxBodyBytes)
            // Signing out needs the session's CSRF token too, so another site cannot sign a clinician out.
            if let session = try? await ui.signIn.resume(token), form["csrf"] == session.csrfToken {
                await ui.signIn.signOut(token)
            }
        }
        return UIPage.redirect("/login", cookie: UICookie.clear(secure: ui.secureCookies))
    }
}
