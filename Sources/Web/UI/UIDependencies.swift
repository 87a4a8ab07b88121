import CrisisCore
import Foundation
import Mustache
import Workflow

/// What the server-rendered UI needs, wired by the composition root.
public struct UIDependencies: Sendable {
    public var signIn: SignIn
    public var users: any UserStore
    /// De-identified aggregates for the dashboard.
    public var statistics: any StatisticsStore
    public var templates: MustacheLibrary
    /// `/ui/app.css`, read once with the templates.
    public var stylesheet: String
    /// `/ui/board.js`: the board's optional refresh (the only script; every page works without it).
    public var boardScript: String
    /// Whether cookies get `Secure` (always, except plain-HTTP loopback development behind no TLS).
    public var secureCookies: Bool

    public init(
        signIn: SignIn, users: any UserStore, statistics: any StatisticsStore, templates: MustacheLibrary, stylesheet: String,
        boardScript: String, secureCookies: Bool
    ) {
        self.statistics = statistics
        self.stylesheet = stylesheet
        self.boardScript = boardScript
        self.signIn = signIn
        self.users = users
        self.templates = templates
        self.secureCookies = secureCookies
    }

    /// The templates, stylesheet and script shipped with the binary (`Sources/Web/UI/Templates`, a SwiftPM resource).
    public static func loadTemplates() async throws -> (MustacheLibrary, stylesheet: String, boardScript: String) {
        guard let path = Bundle.module.resourcePath else { throw CocoaError(.fileNoSuchFile) }
        let library = try await MustacheLibrary(directory: "\(path)/Templates")
        return (
            library, try String(contentsOfFile: "\(path)/Templates/app.css", encoding: .utf8),
            try String(contentsOfFile: "\(path)/Templates/board.js", encoding: .utf8)
        )
    }
}
