/// What a principal may do; checked on every API route.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// An EHR or other system posting screens.
    case ehr
    case clinician
    case supervisor
    /// Deploys and configures crisisd; sees no patient data.
    case admin

    /// Whether this role may submit a screen.
    public var maySubmitAssessments: Bool {
        switch self {
        case .ehr, .clinician, .supervisor: true
        case .admin: false
        }
    }

    /// Whether this role may change an assessment's tier with a reason.
    public var mayOverrideTiers: Bool {
        switch self {
        case .clinician, .supervisor: true
        case .ehr, .admin: false
        }
    }

    /// Whether this role may co-sign lowering a `high` tier (design notes §2: a supervisor).
    public var mayCosignOverrides: Bool {
        switch self {
        case .supervisor: true
        case .ehr, .clinician, .admin: false
        }
    }

    /// Whether this role may acknowledge, escalate and resolve escalation episodes (people who are paged).
    public var mayActOnEpisodes: Bool {
        switch self {
        case .clinician, .supervisor: true
        case .ehr, .admin: false
        }
    }

    /// Whether this role may write, revise and activate safety plans (the clinicians who make them with the client).
    public var mayWriteSafetyPlans: Bool {
        switch self {
        case .clinician, .supervisor: true
        case .ehr, .admin: false
        }
    }

    /// Whether this role may reload the protocol and escalation definitions.
    public var mayReloadDefinitions: Bool {
        switch self {
        case .admin: true
        case .ehr, .clinician, .supervisor: false
        }
    }

    /// Whether this role may read a stored assessment (patient data).
    public var mayReadAssessments: Bool {
        switch self {
        case .ehr, .clinician, .supervisor: true
        case .admin: false
        }
    }
}
