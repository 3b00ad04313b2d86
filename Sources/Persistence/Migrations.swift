/// One named change of the schema, applied once per database and recorded in the dialect's
/// migrations table. Migrations are never edited once shipped: a change is a new migration with
/// a new name. A migration written after the one store is ONE text for both databases, its
/// column types spelled by the dialect (`d.type(.text)`); the first two were written per
/// database and keep their texts, so databases made by older kwclusters still open.
public struct Migration: Sendable {
    public let name: String
    let sql: @Sendable (SQLDialect) -> String

    init(_ name: String, sql: @escaping @Sendable (SQLDialect) -> String) {
        self.name = name
        self.sql = sql
    }
}

/// The store's schema, every migration in order. `batch_runs` and `batch_checkpoints` are the
/// user's plan's tables, column for column; everything else is ours. On PostgreSQL, SQLite's
/// INTEGER is BIGINT, INTEGER PRIMARY KEY [AUTOINCREMENT] an identity column, REAL DOUBLE
/// PRECISION, BLOB BYTEA and DATETIME TIMESTAMPTZ (`SQLDialect.type`).
public enum Migrations {
    /// The store's tables, recorded in GRDB's table on SQLite (files made before the one store
    /// keep opening) and in `kwcluster_migrations` on PostgreSQL.
    public static let store = MigrationList(migrations: [
        Migration("v1: projects, keywords, runs, batches, clusters, titles") { $0.name == .sqlite ? v1SQLite : v1Postgres },
        Migration("v2: crawl") { $0.name == .sqlite ? v2SQLite : v2Postgres },
    ], table: { $0.name == .sqlite ? "grdb_migrations" : "kwcluster_migrations" }, column: "identifier",
       lockKey: 0x6B77_636C_6D69_6772) // "kwcl" "migr" in ASCII

    /// The work queue's tables (PostgreSQL only: workers claim with `FOR UPDATE SKIP LOCKED`),
    /// applied by every worker and `--enqueue`, never by a plain open of the store, so a
    /// database no worker used has no queue (`status` reads it only where it exists).
    public static let workQueue = MigrationList(migrations: [
        Migration("work-queue-v1") { _ in workQueueV1 },
        Migration("work-queue-v2-title-requests") { _ in workQueueV2 },
    ], table: { _ in "work_queue_migrations" }, column: "name", lockKey: 0x6B77_7175_6575_65) // "kwqueue" in ASCII

    private static let v1SQLite = """
    CREATE TABLE projects (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      slug TEXT NOT NULL UNIQUE,
      domain TEXT NOT NULL,
      created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      lexical_space BLOB -- serialised LexicalVectorizer: the project's fixed vector space
    );

    CREATE TABLE keyword_files (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      project_id INTEGER NOT NULL REFERENCES projects(id),
      path TEXT NOT NULL,
      format TEXT NOT NULL,
      rows_read INTEGER NOT NULL,
      keywords_kept INTEGER NOT NULL,
      duplicates INTEGER NOT NULL,
      skipped INTEGER NOT NULL,
      imported_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
    );

    CREATE TABLE keywords (
      id INTEGER PRIMARY KEY, -- rowids in import order; keywords are never deleted
      project_id INTEGER NOT NULL REFERENCES projects(id),
      text TEXT NOT NULL,
      volume INTEGER,
      cpc REAL,
      difficulty REAL,
      clicks INTEGER,
      impressions INTEGER,
      ctr REAL,
      position REAL,
      competition REAL,
      intent TEXT,
      url TEXT,
      parent_keyword TEXT,
      sources TEXT NOT NULL, -- JSON array of the file paths the keyword came from
      is_absent INTEGER NOT NULL DEFAULT 0 CHECK(is_absent IN (0, 1)), -- missing from the newest rescrape's files
      last_run_id INTEGER, -- the run whose import last saw it
      UNIQUE(project_id, text)
    );

    CREATE TABLE processing_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      project_id INTEGER NOT NULL REFERENCES projects(id),
      kind TEXT NOT NULL CHECK(kind IN ('create', 'rescrape')),
      status TEXT NOT NULL CHECK(status IN ('pending', 'processing', 'completed', 'failed')),
      parameters TEXT NOT NULL, -- JSON RunParameters: mode, vectors, seed, batch sizes, cluster target
      seed INTEGER NOT NULL,
      total_keywords INTEGER NOT NULL,
      total_batches INTEGER NOT NULL,
      refinement_iterations INTEGER,
      new_keywords INTEGER NOT NULL DEFAULT 0,
      new_clusters INTEGER, -- clusters this run created
      changed_clusters INTEGER, -- older clusters this run grew or retitled
      unchanged_clusters INTEGER,
      fallback_reason TEXT,
      error_message TEXT,
      created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      started_at DATETIME,
      completed_at DATETIME
    );
    CREATE INDEX processing_runs_by_project ON processing_runs(project_id);

    CREATE TABLE batch_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id INTEGER NOT NULL,
      batch_number INTEGER NOT NULL,
      batch_size INTEGER NOT NULL,
      status TEXT CHECK(status IN ('pending', 'processing', 'completed', 'failed')),
      keywords_processed INTEGER DEFAULT 0,
      clusters_generated INTEGER DEFAULT 0,
      titles_generated INTEGER DEFAULT 0,
      started_at DATETIME,
      completed_at DATETIME,
      error_message TEXT,
      processing_time_ms INTEGER,
      FOREIGN KEY (run_id) REFERENCES processing_runs (id)
    );
    CREATE UNIQUE INDEX batch_runs_by_run ON batch_runs(run_id, batch_number);

    CREATE TABLE batch_checkpoints (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id INTEGER NOT NULL,
      batch_number INTEGER NOT NULL,
      cluster_state TEXT, -- JSON serialized K-means state
      processed_keywords TEXT, -- JSON array of processed keyword IDs
      centroids TEXT, -- JSON serialized centroids
      created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
      FOREIGN KEY (run_id) REFERENCES processing_runs (id)
    );
    CREATE UNIQUE INDEX batch_checkpoints_by_run ON batch_checkpoints(run_id, batch_number);

    -- Per-batch K-means log: what the algorithm did, beside the user's batch_runs row.
    CREATE TABLE batch_logs (
      run_id INTEGER NOT NULL REFERENCES processing_runs(id),
      batch_number INTEGER NOT NULL,
      iterations INTEGER NOT NULL,
      inertia REAL NOT NULL,
      new_clusters INTEGER NOT NULL,
      far_keywords INTEGER NOT NULL,
      PRIMARY KEY (run_id, batch_number)
    );

    CREATE TABLE clusters (
      project_id INTEGER NOT NULL REFERENCES projects(id),
      cluster_id INTEGER NOT NULL, -- stable from the batch that creates it
      created_run_id INTEGER NOT NULL REFERENCES processing_runs(id),
      created_batch INTEGER NOT NULL,
      keyword_count INTEGER NOT NULL,
      total_volume INTEGER NOT NULL,
      primary_keyword_id INTEGER NOT NULL REFERENCES keywords(id),
      primary_volume INTEGER,
      primary_similarity REAL NOT NULL,
      label TEXT NOT NULL,
      intent TEXT NOT NULL,
      intent_votes TEXT NOT NULL, -- JSON array: volume-weighted votes per intent, in SearchIntent order
      version INTEGER NOT NULL, -- grows when the primary keyword or the intent changes
      updated_run_id INTEGER NOT NULL,
      updated_batch INTEGER NOT NULL,
      PRIMARY KEY (project_id, cluster_id)
    );

    CREATE TABLE assignments (
      keyword_id INTEGER PRIMARY KEY REFERENCES keywords(id),
      project_id INTEGER NOT NULL REFERENCES projects(id),
      cluster_id INTEGER NOT NULL,
      similarity REAL NOT NULL,
      run_id INTEGER NOT NULL REFERENCES processing_runs(id),
      batch_number INTEGER NOT NULL
    );
    CREATE INDEX assignments_by_cluster ON assignments(project_id, cluster_id);
    CREATE INDEX assignments_by_run ON assignments(run_id, batch_number);

    CREATE TABLE title_jobs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      project_id INTEGER NOT NULL REFERENCES projects(id),
      cluster_id INTEGER NOT NULL,
      cluster_version INTEGER NOT NULL,
      run_id INTEGER NOT NULL REFERENCES processing_runs(id),
      batch_number INTEGER NOT NULL,
      status TEXT NOT NULL CHECK(status IN ('pending', 'done')),
      inputs TEXT NOT NULL, -- JSON: the cluster as it was at this version
      UNIQUE(project_id, cluster_id, cluster_version)
    );
    CREATE INDEX title_jobs_pending ON title_jobs(status, id);

    CREATE TABLE generated_content (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      project_id INTEGER NOT NULL REFERENCES projects(id),
      cluster_id INTEGER NOT NULL,
      content_type TEXT NOT NULL CHECK(content_type IN ('title')),
      content TEXT NOT NULL,
      version INTEGER NOT NULL, -- the cluster version the content was made for
      generator TEXT NOT NULL,
      run_id INTEGER NOT NULL REFERENCES processing_runs(id),
      batch_number INTEGER NOT NULL,
      created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      UNIQUE(project_id, cluster_id, content_type, version)
    );

    CREATE TABLE keyword_vectors (
      keyword_id INTEGER NOT NULL REFERENCES keywords(id),
      model TEXT NOT NULL,
      vector BLOB NOT NULL, -- little-endian Float32
      PRIMARY KEY (keyword_id, model)
    );
    """

    /// The site crawl (`create --domain` without a keyword file): each crawl, its frontier and
    /// fetched pages as it goes (so a killed crawl resumes without fetching a page twice), and
    /// the pages every crawled keyword came from (the best one is also `keywords.url`).
    private static let v2SQLite = """
    CREATE TABLE crawls (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      slug TEXT NOT NULL, -- the project's slug (a create's crawl runs before its project exists)
      kind TEXT NOT NULL CHECK(kind IN ('create', 'rescrape')),
      project_id INTEGER REFERENCES projects(id), -- set once the project exists
      base_run_id INTEGER, -- rescrape: the project's latest run when the crawl began
      start_url TEXT NOT NULL,
      status TEXT NOT NULL CHECK(status IN ('crawling', 'crawled', 'imported')),
      settings TEXT NOT NULL, -- JSON: crawl options and the command's run parameters
      robots_txt TEXT, -- robots.txt as fetched, so a resumed crawl obeys the same rules
      warnings TEXT NOT NULL DEFAULT '[]', -- JSON array of counted problems (sitemaps that are not XML, ...)
      created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
      completed_at DATETIME
    );
    CREATE INDEX crawls_by_slug ON crawls(slug, id);

    CREATE TABLE crawl_pages (
      id INTEGER PRIMARY KEY AUTOINCREMENT, -- queue order (breadth first)
      crawl_id INTEGER NOT NULL REFERENCES crawls(id),
      url TEXT NOT NULL,
      depth INTEGER NOT NULL,
      state TEXT NOT NULL CHECK(state IN ('queued', 'fetched', 'unchanged', 'redirected', 'skipped', 'error')),
      robots_blocked INTEGER NOT NULL DEFAULT 0 CHECK(robots_blocked IN (0, 1)),
      detail TEXT, -- why skipped or failed, where it redirects
      http_status INTEGER,
      etag TEXT,
      last_modified TEXT,
      facts TEXT, -- JSON: title, description, headings, alts, links, robots directives of an HTML page
      fetched_at DATETIME,
      UNIQUE(crawl_id, url)
    );
    CREATE INDEX crawl_pages_by_state ON crawl_pages(crawl_id, state);

    CREATE TABLE keyword_pages (
      keyword_id INTEGER NOT NULL REFERENCES keywords(id),
      url TEXT NOT NULL,
      score REAL NOT NULL,
      PRIMARY KEY (keyword_id, url)
    );
    """

    private static let v1Postgres = """
    CREATE TABLE projects (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      slug TEXT NOT NULL UNIQUE,
      domain TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
      lexical_space BYTEA -- serialised LexicalVectorizer: the project's fixed vector space
    );

    CREATE TABLE keyword_files (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      project_id BIGINT NOT NULL REFERENCES projects(id),
      path TEXT NOT NULL,
      format TEXT NOT NULL,
      rows_read BIGINT NOT NULL,
      keywords_kept BIGINT NOT NULL,
      duplicates BIGINT NOT NULL,
      skipped BIGINT NOT NULL,
      imported_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
    );

    CREATE TABLE keywords (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, -- in import order; keywords are never deleted
      project_id BIGINT NOT NULL REFERENCES projects(id),
      text TEXT NOT NULL,
      volume BIGINT,
      cpc DOUBLE PRECISION,
      difficulty DOUBLE PRECISION,
      clicks BIGINT,
      impressions BIGINT,
      ctr DOUBLE PRECISION,
      position DOUBLE PRECISION,
      competition DOUBLE PRECISION,
      intent TEXT,
      url TEXT,
      parent_keyword TEXT,
      sources TEXT NOT NULL, -- JSON array of the file paths the keyword came from
      is_absent BIGINT NOT NULL DEFAULT 0 CHECK(is_absent IN (0, 1)), -- missing from the newest rescrape's files
      last_run_id BIGINT, -- the run whose import last saw it
      UNIQUE(project_id, text)
    );

    CREATE TABLE processing_runs (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      project_id BIGINT NOT NULL REFERENCES projects(id),
      kind TEXT NOT NULL CHECK(kind IN ('create', 'rescrape')),
      status TEXT NOT NULL CHECK(status IN ('pending', 'processing', 'completed', 'failed')),
      parameters TEXT NOT NULL, -- JSON RunParameters: mode, vectors, seed, batch sizes, cluster target
      seed BIGINT NOT NULL,
      total_keywords BIGINT NOT NULL,
      total_batches BIGINT NOT NULL,
      refinement_iterations BIGINT,
      new_keywords BIGINT NOT NULL DEFAULT 0,
      new_clusters BIGINT, -- clusters this run created
      changed_clusters BIGINT, -- older clusters this run grew or retitled
      unchanged_clusters BIGINT,
      fallback_reason TEXT,
      error_message TEXT,
      created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
      started_at TIMESTAMPTZ,
      completed_at TIMESTAMPTZ
    );
    CREATE INDEX processing_runs_by_project ON processing_runs(project_id);

    CREATE TABLE batch_runs (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      run_id BIGINT NOT NULL,
      batch_number BIGINT NOT NULL,
      batch_size BIGINT NOT NULL,
      status TEXT CHECK(status IN ('pending', 'processing', 'completed', 'failed')),
      keywords_processed BIGINT DEFAULT 0,
      clusters_generated BIGINT DEFAULT 0,
      titles_generated BIGINT DEFAULT 0,
      started_at TIMESTAMPTZ,
      completed_at TIMESTAMPTZ,
      error_message TEXT,
      processing_time_ms BIGINT,
      FOREIGN KEY (run_id) REFERENCES processing_runs (id)
    );
    CREATE UNIQUE INDEX batch_runs_by_run ON batch_runs(run_id, batch_number);

    CREATE TABLE batch_checkpoints (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      run_id BIGINT NOT NULL,
      batch_number BIGINT NOT NULL,
      cluster_state TEXT, -- JSON serialized K-means state
      processed_keywords TEXT, -- JSON array of processed keyword IDs
      centroids TEXT, -- JSON serialized centroids
      created_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP,
      FOREIGN KEY (run_id) REFERENCES processing_runs (id)
    );
    CREATE UNIQUE INDEX batch_checkpoints_by_run ON batch_checkpoints(run_id, batch_number);

    CREATE TABLE batch_logs (
      run_id BIGINT NOT NULL REFERENCES processing_runs(id),
      batch_number BIGINT NOT NULL,
      iterations BIGINT NOT NULL,
      inertia DOUBLE PRECISION NOT NULL,
      new_clusters BIGINT NOT NULL,
      far_keywords BIGINT NOT NULL,
      PRIMARY KEY (run_id, batch_number)
    );

    CREATE TABLE clusters (
      project_id BIGINT NOT NULL REFERENCES projects(id),
      cluster_id BIGINT NOT NULL, -- stable from the batch that creates it
      created_run_id BIGINT NOT NULL REFERENCES processing_runs(id),
      created_batch BIGINT NOT NULL,
      keyword_count BIGINT NOT NULL,
      total_volume BIGINT NOT NULL,
      primary_keyword_id BIGINT NOT NULL REFERENCES keywords(id),
      primary_volume BIGINT,
      primary_similarity DOUBLE PRECISION NOT NULL,
      label TEXT NOT NULL,
      intent TEXT NOT NULL,
      intent_votes TEXT NOT NULL, -- JSON array: volume-weighted votes per intent, in SearchIntent order
      version BIGINT NOT NULL, -- grows when the primary keyword or the intent changes
      updated_run_id BIGINT NOT NULL,
      updated_batch BIGINT NOT NULL,
      PRIMARY KEY (project_id, cluster_id)
    );

    CREATE TABLE assignments (
      keyword_id BIGINT PRIMARY KEY REFERENCES keywords(id),
      project_id BIGINT NOT NULL REFERENCES projects(id),
      cluster_id BIGINT NOT NULL,
      similarity DOUBLE PRECISION NOT NULL,
      run_id BIGINT NOT NULL REFERENCES processing_runs(id),
      batch_number BIGINT NOT NULL
    );
    CREATE INDEX assignments_by_cluster ON assignments(project_id, cluster_id);
    CREATE INDEX assignments_by_run ON assignments(run_id, batch_number);

    CREATE TABLE title_jobs (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      project_id BIGINT NOT NULL REFERENCES projects(id),
      cluster_id BIGINT NOT NULL,
      cluster_version BIGINT NOT NULL,
      run_id BIGINT NOT NULL REFERENCES processing_runs(id),
      batch_number BIGINT NOT NULL,
      status TEXT NOT NULL CHECK(status IN ('pending', 'done')),
      inputs TEXT NOT NULL, -- JSON: the cluster as it was at this version
      UNIQUE(project_id, cluster_id, cluster_version)
    );
    CREATE INDEX title_jobs_pending ON title_jobs(status, id);

    CREATE TABLE generated_content (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      project_id BIGINT NOT NULL REFERENCES projects(id),
      cluster_id BIGINT NOT NULL,
      content_type TEXT NOT NULL CHECK(content_type IN ('title')),
      content TEXT NOT NULL,
      version BIGINT NOT NULL, -- the cluster version the content was made for
      generator TEXT NOT NULL,
      run_id BIGINT NOT NULL REFERENCES processing_runs(id),
      batch_number BIGINT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
      UNIQUE(project_id, cluster_id, content_type, version)
    );

    CREATE TABLE keyword_vectors (
      keyword_id BIGINT NOT NULL REFERENCES keywords(id),
      model TEXT NOT NULL,
      vector BYTEA NOT NULL, -- little-endian Float32
      PRIMARY KEY (keyword_id, model)
    );
    """

    private static let v2Postgres = """
    CREATE TABLE crawls (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
      slug TEXT NOT NULL, -- the project's slug (a create's crawl runs before its project exists)
      kind TEXT NOT NULL CHECK(kind IN ('create', 'rescrape')),
      project_id BIGINT REFERENCES projects(id), -- set once the project exists
      base_run_id BIGINT, -- rescrape: the project's latest run when the crawl began
      start_url TEXT NOT NULL,
      status TEXT NOT NULL CHECK(status IN ('crawling', 'crawled', 'imported')),
      settings TEXT NOT NULL, -- JSON: crawl options and the command's run parameters
      robots_txt TEXT, -- robots.txt as fetched, so a resumed crawl obeys the same rules
      warnings TEXT NOT NULL DEFAULT '[]', -- JSON array of counted problems
      created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
      completed_at TIMESTAMPTZ
    );
    CREATE INDEX crawls_by_slug ON crawls(slug, id);

    CREATE TABLE crawl_pages (
      id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, -- queue order (breadth first)
      crawl_id BIGINT NOT NULL REFERENCES crawls(id),
      url TEXT NOT NULL,
      depth BIGINT NOT NULL,
      state TEXT NOT NULL CHECK(state IN ('queued', 'fetched', 'unchanged', 'redirected', 'skipped', 'error')),
      robots_blocked BIGINT NOT NULL DEFAULT 0 CHECK(robots_blocked IN (0, 1)),
      detail TEXT, -- why skipped or failed, where it redirects
      http_status BIGINT,
      etag TEXT,
      last_modified TEXT,
      facts TEXT, -- JSON: title, description, headings, alts, links, robots directives of an HTML page
      fetched_at TIMESTAMPTZ,
      UNIQUE(crawl_id, url)
    );
    CREATE INDEX crawl_pages_by_state ON crawl_pages(crawl_id, state);

    CREATE TABLE keyword_pages (
      keyword_id BIGINT NOT NULL REFERENCES keywords(id),
      url TEXT NOT NULL,
      score DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (keyword_id, url)
    );
    """

    private static let workQueueV1 = """
    CREATE TABLE workers (
      id TEXT PRIMARY KEY,
      host TEXT NOT NULL,
      pid INTEGER NOT NULL,
      started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      stopped_at TIMESTAMPTZ
    );
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
    );
    CREATE INDEX work_items_open ON work_items (status, id) WHERE status IN ('queued', 'leased');
    CREATE INDEX work_items_project ON work_items (project, id)
    """

    /// A request of title jobs shared by a run's worker and its title workers: claimed by the
    /// holder of a work item (alive while that item's lease is), then answered; and the LLM
    /// requests a run's processes sent, against its --llm-max-requests.
    private static let workQueueV2 = """
    CREATE TABLE title_requests (
      project TEXT NOT NULL,
      job_ids TEXT NOT NULL,
      claimed_item BIGINT NOT NULL,
      claimed_by TEXT NOT NULL,
      claimed_at TIMESTAMPTZ NOT NULL,
      proposals TEXT,
      answered_at TIMESTAMPTZ,
      PRIMARY KEY (project, job_ids)
    );
    CREATE TABLE title_budgets (
      project TEXT NOT NULL,
      run_id BIGINT NOT NULL,
      requests_sent INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (project, run_id)
    )
    """
}
