import CrisisCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Workflow

/// Escalation episodes over HTTP: the list (the supervisor board's source), one episode with its timeline,
/// and the three human actions: acknowledge, escalate now, resolve with a disposition.
struct EpisodeController {
    let episodes: any EpisodeStore
    let act: ActOnEpisode
    let maxBodyBytes: Int

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("episodes", use: list)
        group.get("episodes/{id}", use: show)
        group.post("episodes/{id}/acknowledge", use: acknowledge)
        group.post("episodes/{id}/escalate", use: escalate)
        group.post("episodes/{id}/resolve", use: resolve)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(\.mayReadAssessments, action: "read episodes")
        let state = request.uri.queryParameters.get("state") ?? "open"
        guard state == "open" || state == "all" else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "state is open or all",
                             errors: [.init(pointer: "", detail: "query parameter state: open or all")])
        }
        let found: [Episode]
        do {
            found = try await episodes.episodes(openOnly: state == "open", limit: 500)
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        // Board order: the most urgent next step first.
        let ordered = found.sorted { ($0.nextDueAt ?? .distantFuture, $0.createdAt) < ($1.nextDueAt ?? .distantFuture, $1.createdAt) }
        return try JSONResponse.make(["episodes": ordered.map { EpisodeDTO($0) }], status: .ok)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.require(\.mayReadAssessments, action: "read episodes")
        let id = EpisodeID(try context.parameters.require("id"))
        let found: (Episode, [EpisodeEvent])?
        do {
            if let episode = try await episodes.episode(id: id) {
                found = (episode, try await episodes.timeline(id: id))
            } else {
                found = nil
            }
        } catch {
            throw APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        }
        guard let (episode, timeline) = found else { throw APIProblem.notFound("no episode with this id") }
        return try JSONResponse.make(EpisodeDTO(episode, timeline: timeline), status: .ok)
    }

    @Sendable func acknowledge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayActOnEpisodes, action: "acknowledge episodes")
        let object = try await Self.body(request, limit: maxBodyBytes, allowed: ["kind"])
        var kind = AcknowledgementKind.responding
        if let value = object["kind"] {
            guard case .string(let text) = value, let parsed = AcknowledgementKind(rawValue: text) else {
                throw Self.invalid("/kind", "one of \(AcknowledgementKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            kind = parsed
        }
        let id = EpisodeID(try context.parameters.require("id"))
        return try await respond { () async throws(ActOnEpisode.Failure) -> Episode in
            try await act.acknowledge(id, by: Self.actor(principal), kind: kind)
        }
    }

    @Sendable func escalate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayActOnEpisodes, action: "escalate episodes")
        _ = try await Self.body(request, limit: maxBodyBytes, allowed: [])
        let id = EpisodeID(try context.parameters.require("id"))
        return try await respond { () async throws(ActOnEpisode.Failure) -> Episode in
            try await act.escalateNow(id, by: Self.actor(principal))
        }
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.require(\.mayActOnEpisodes, action: "resolve episodes")
        let object = try await Self.body(request, limit: maxBodyBytes, allowed: ["disposition", "note"])
        var disposition: Disposition?
        switch object["disposition"] {
        case nil: disposition = nil
        case .string(let text)?:
            guard let parsed = Disposition(rawValue: text) else {
                throw Self.invalid("/disposition", "one of \(Disposition.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            disposition = parsed
        default: throw Self.invalid("/disposition", "a disposition code (string)")
        }
        var note: String?
        switch object["note"] {
        case nil: note = nil
        case .string(let text)?:
            guard text.count <= 2000 else { throw Self.invalid("/note", "at most 2000 characters") }
            note = text
        default: throw Self.invalid("/note", "text")
        }
        let id = EpisodeID(try context.parameters.require("id"))
        return try await respond { () async throws(ActOnEpisode.Failure) -> Episode in
            try await act.resolve(id, by: Self.actor(principal), disposition: disposition, note: note)
        }
    }

    private func respond(_ action: () async throws(ActOnEpisode.Failure) -> Episode) async throws -> Response {
        let episode: Episode
        do {
            episode = try await action()
        } catch {
            throw Self.problem(for: error)
        }
        return try JSONResponse.make(EpisodeDTO(episode), status: .ok)
    }

    static func actor(_ principal: Principal) -> EpisodeActor {
        EpisodeActor(id: principal.id.rawValue, name: principal.name, via: "api")
    }

    static func problem(for failure: ActOnEpisode.Failure) -> APIProblem {
        switch failure {
        case .unknownEpisode: APIProblem.notFound("no episode with this id")
        case .storeUnavailable:
            APIProblem(.serviceUnavailable, title: "Service Unavailable", detail: "the database is unavailable; retry")
        case .refused(.alreadyResolved):
            APIProblem(.conflict, title: "Conflict", detail: "the episode is already resolved")
        case .refused(.dispositionRequired):
            invalid("/disposition", "required: resolving an escalation needs a documented disposition")
        case .refused(.noteRequired(let disposition)):
            invalid("/note", "required for the disposition \(disposition.rawValue)")
        case .noActiveSafetyPlan:
            APIProblem(
                .conflict, title: "Conflict", detail: "the client has no active safety plan: make the plan active first",
                errors: [.init(pointer: "/disposition", detail: "safety_plan_completed needs an active safety plan")])
        }
    }

    static func invalid(_ pointer: String, _ detail: String) -> APIProblem {
        APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "the request has invalid fields",
                   errors: [.init(pointer: pointer, detail: detail)])
    }

    /// A JSON object with only the allowed keys (an empty body counts as `{}`).
    static func body(_ request: Request, limit: Int, allowed: Set<String>) async throws -> [String: JSONValue] {
        let bytes = try await request.bodyBytes(limit: limit)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
            throw APIProblem(.badRequest, title: "Bad Request", detail: "the body is not a JSON object",
                             errors: [.init(pointer: "", detail: "expected a JSON object")])
        }
        let unknown = object.keys.filter { !allowed.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw APIProblem(.unprocessableContent, title: "Unprocessable Content", detail: "the request has unknown fields",
                             errors: unknown.map { .init(pointer: "/\(pointerEscape($0))", detail: "unknown field") })
        }
        return object
    }
}
