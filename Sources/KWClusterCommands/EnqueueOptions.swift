import ArgumentParser

/// `--enqueue` and what it queues, shared by `create` and `rescrape`.
struct EnqueueOptions: ParsableArguments {
    @Flag(help: "Record the run and queue it for workers (`kwcluster worker`) instead of running it. Needs --db=postgres://...")
    var enqueue = false

    @Option(help: """
        With --enqueue and --titles=llm: `titles` items queued beside the run; the workers that take them send the \
        run's title requests ahead of it, within its --llm-max-requests.
        """)
    var titleItems: Int = 2

    func validate() throws {
        guard (0...64).contains(titleItems) else { throw ValidationError("--title-items must be between 0 and 64 (got \(titleItems))") }
    }
}
