/// The sign-in page: one form, a message when the last attempt failed.
struct SignInPageViewModel {
    var error: String?
    var username: String
    /// Double-submit token against login CSRF (also set as a short-lived cookie).
    var loginToken: String
    /// A case link to continue to after signing in.
    var next: String? = nil
}
