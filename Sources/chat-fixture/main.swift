// chat-fixture: an OpenAI-compatible chat-completions server on 127.0.0.1 for LLM title
// measurements: every request is answered after --delay seconds with one title per cluster
// ("Guide to" its primary keyword). Prints its base URL (for --llm-base-url), serves until
// killed, and on SIGTERM prints how many requests it answered. Not part of the product.
//   chat-fixture [--delay=0.5]
import ChatFixture
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let delays = arguments.map { argument in
    argument.hasPrefix("--delay=") ? Double(argument.dropFirst("--delay=".count)) : nil
}
guard delays.allSatisfy({ ($0 ?? -1) >= 0 }) else {
    FileHandle.standardError.write(Data("usage: chat-fixture [--delay=SECONDS]\n".utf8))
    exit(64)
}
let delay = delays.last.flatMap { $0 } ?? 0.5
let server = try LocalChatServer(fault: { _ in .delay(delay) }) { _, body in
    (200, LocalChatServer.answer(titles: LocalChatServer.primaryKeywords(of: body).map { "Guide to " + $0 }))
}
FileHandle.standardOutput.write(Data((server.baseURL + "\n").utf8))
signal(SIGTERM, SIG_IGN)
let termination = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .main)
termination.setEventHandler {
    FileHandle.standardOutput.write(Data("requests: \(server.requestCount)\n".utf8))
    exit(0)
}
termination.resume()
dispatchMain()
