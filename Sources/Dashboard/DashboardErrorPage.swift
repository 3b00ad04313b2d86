import Hummingbird
import Persistence
import Reports

/// Turns every error of a request (an unknown path, project or cluster, a database failure)
/// into an HTML page with the right status, so the browser shows what went wrong.
struct DashboardErrorPage<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return Self.page(status: error.status, message: error.body ?? defaultMessage(error.status, path: request.uri.path))
        } catch let error as StoreError {
            return Self.page(status: .internalServerError, message: "The database could not be read: \(error.description)")
        } catch {
            return Self.page(status: .internalServerError, message: "Something went wrong: \(error)")
        }
    }

    func defaultMessage(_ status: HTTPResponse.Status, path: String) -> String {
        status == .notFound ? "There is no page at \(path)." : status.reasonPhrase
    }

    static func page(status: HTTPResponse.Status, message: String) -> Response {
        let body = "<nav><a href=\"/\">All projects</a></nav><h1>\(status.code) \(HtmlText.escape(status.reasonPhrase))</h1>"
            + "<p>\(HtmlText.escape(message))</p>"
        return DashboardPages.response(HtmlPage.document(title: "\(status.code) \(status.reasonPhrase)", body: body, script: ""),
                                       status: status)
    }
}
