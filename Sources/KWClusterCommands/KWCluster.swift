import ArgumentParser

/// The root command: configuration only; the work is in the subcommands.
public struct KWCluster: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kwcluster",
        abstract: "Group keyword exports into topics, batch by batch, with a working article title per topic.",
        discussion: """
        A first batch (about 10% of the keywords) gives clusters and titles within seconds; every further \
        batch grows them. Each batch is checkpointed in SQLite with its results, so a crash loses nothing \
        and `resume` continues from the last completed batch.
        """,
        subcommands: [Create.self, RescrapeCommand.self, Resume.self, Status.self, Export.self, Serve.self, Rollback.self, Check.self, Evaluate.self, Bench.self, Embed.self, Worker.self]
    )

    public init() {}
}

extension KWCluster {
    /// Parses the command line and runs the chosen subcommand, exiting with its code.
    public static func runAsRoot(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
