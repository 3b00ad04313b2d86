import GRDB

/// The database schema, as one migrator. Migrations are never edited once shipped:
/// a change is a new migration with a new name.
///
/// `batch_runs` and `batch_checkpoints` are the user's plan's tables, column for column;
/// everything else is ours.
enum Schema {
    /// The migrations' names, in order (PostgreSQL records the same ones).
    static let migrationNames = ["v1: projects, keywords, runs, batches, clusters, titles", "v2: crawl"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(migrationNames[0]) { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration(migrationNames[1]) { db in
            try db.execute(sql: v2)
        }
        return migrator
    }

    private static let v1 = """
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
    private static let v2 = """
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
}
