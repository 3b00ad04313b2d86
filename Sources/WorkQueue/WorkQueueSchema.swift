/// The queue's tables, made by named migrations of their own (`work_queue_migrations`), so
/// they sit beside the store's schema without touching its migrations. Every worker and every
/// `--enqueue` applies them at start; an advisory lock makes concurrent starts wait for each
/// other, and an applied migration is never run again.
enum WorkQueueSchema {
    /// The advisory lock key the migrations are applied under ("kwqueue" in ASCII).
    static let migrationLock: Int64 = 0x6B77_7175_6575_65

    static let migrations: [(name: String, sql: [String])] = [
        ("work-queue-v1", [
            """
            CREATE TABLE workers (
              id TEXT PRIMARY KEY,
              host TEXT NOT NULL,
              pid INTEGER NOT NULL,
              started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
              heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
              stopped_at TIMESTAMPTZ
            )
            """,
            """
            CREATE TABLE work_items (
              id BIGSERIAL PRIMARY KEY,
              kind TEXT NOT NULL CHECK (kind IN ('run', 'embedding', 'titles')),
              project TEXT NOT NULL,
              run_id BIGINT,
              payload TEXT NOT NULL DEFAULT '{}',
              status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'leased', 'done', 'failed')),
              attempts INTEGER NOT NULL DEFAULT 0,
              max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
              lease_owner TEXT REFERENCES workers(id),
              lease_expires_at TIMESTAMPTZ,
              last_error TEXT,
              created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
              started_at TIMESTAMPTZ,
              completed_at TIMESTAMPTZ,
              CHECK (status <> 'leased' OR (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
            )
            """,
            "CREATE INDEX work_items_open ON work_items (status, id) WHERE status IN ('queued', 'leased')",
            "CREATE INDEX work_items_project ON work_items (project, id)",
        ]),
        ("work-queue-v2-title-requests", [
            // A request of title jobs shared by a run's worker and its title workers: claimed by
            // the holder of a work item (alive while that item's lease is), then answered.
            """
            CREATE TABLE title_requests (
              project TEXT NOT NULL,
              job_ids TEXT NOT NULL,
              claimed_item BIGINT NOT NULL,
              claimed_by TEXT NOT NULL,
              claimed_at TIMESTAMPTZ NOT NULL,
              proposals TEXT,
              answered_at TIMESTAMPTZ,
              PRIMARY KEY (project, job_ids)
            )
            """,
            // The LLM requests a run's processes sent, against its --llm-max-requests.
            """
            CREATE TABLE title_budgets (
              project TEXT NOT NULL,
              run_id BIGINT NOT NULL,
              requests_sent INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (project, run_id)
            )
            """,
        ]),
    ]
}
