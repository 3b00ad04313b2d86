/// A problem that stops a Search Console import, with what the user can do about it.
///
/// `description` reads like
/// `Search Console property sc-domain:example.com: the account robot@p.iam.gserviceaccount.com
/// cannot read this property (forbidden: User does not have sufficient permission ...). Fix: ...`
/// or, for the credentials file, `key.json: has no "private_key". Fix: ...`.
public struct SearchConsoleError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A property name or a number of days the API cannot take.
        case usage
        /// The credentials file is missing, unreadable or not a usable key.
        case credentials
        /// The token endpoint refused the credentials (revoked key, expired refresh token).
        case tokenRefused
        /// The API refused a fresh access token (401 after one refresh).
        case unauthorized
        /// 403: the account may not read the property, or the API is not enabled.
        case forbidden
        /// 429 or 5xx answers outlasted the retries.
        case unavailable
        /// An answer that is not what the API documents.
        case badResponse
        /// The endpoint could not be reached.
        case network
    }

    public var kind: Kind
    /// What the problem is about: the credentials file's path, or `Search Console property P`.
    public var subject: String
    /// What is wrong, as a lower-case sentence fragment without a final period.
    public var problem: String
    /// What to do about it, as a sentence.
    public var hint: String

    public init(_ kind: Kind, subject: String, problem: String, hint: String) {
        self.kind = kind
        self.subject = subject
        self.problem = problem
        self.hint = hint
    }

    public var description: String { "\(subject): \(problem). Fix: \(hint)" }
}
