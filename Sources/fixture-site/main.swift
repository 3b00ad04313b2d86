// fixture-site: serves a generated site on 127.0.0.1 until killed, for crawl measurements.
//   fixture-site [--pages=2000] [--port=8089]
// Prints the site's URL on stdout once it listens. Not part of the product.
import Foundation
import SiteFixture

var pageCount = 2_000
var port = 8_089
for argument in CommandLine.arguments.dropFirst() {
    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, let value = Int(parts[1]) else {
        FileHandle.standardError.write(Data("usage: fixture-site [--pages=N] [--port=N]\n".utf8))
        exit(64)
    }
    switch parts[0] {
    case "--pages": pageCount = value
    case "--port": port = value
    default:
        FileHandle.standardError.write(Data("unknown option \(parts[0])\n".utf8))
        exit(64)
    }
}
let site = FixtureSite(pages: GeneratedSite.pages(count: pageCount))
try await site.serve(port: port) { url in
    FileHandle.standardOutput.write(Data((url.absoluteString + "\n").utf8))
    while true { try await Task.sleep(for: .seconds(3600)) }
}
