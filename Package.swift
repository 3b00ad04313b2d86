// swift-tools-version: 6.2
import Foundation
import PackageDescription

/// Release builds target the build machine's vector units: AVX-512 where /proc/cpuinfo shows it
/// (a wider SGEMM kernel, 1.6-1.8x faster here), else haswell (AVX2 + FMA). A binary built on an
/// AVX-512 machine needs AVX-512 to run. Debug builds of the numeric modules are optimised too:
/// unoptimised SIMD code is 100-400x slower and would make the encoder and k-means tests crawl.
let hostHasAVX512 = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.contains(" avx512f") ?? false
let fastMath: [SwiftSetting] = [
    .unsafeFlags(hostHasAVX512 ? ["-target-cpu", "skylake-avx512", "-D", "KWCLUSTER_AVX512"] : ["-target-cpu", "haswell"],
                 .when(platforms: [.linux], configuration: .release)),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
]

let package = Package(
    name: "kwcluster",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kwcluster", targets: ["kwcluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // RSA signing (RS256) of a service account's JWT for the Search Console API; already
        // resolved through AsyncHTTPClient's and postgres-nio's own dependencies (4.x).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Pure modules: values in, values out. No database, no I/O beyond reading input files.
        .target(name: "VectorMath", swiftSettings: fastMath),
        .target(name: "Clustering", dependencies: ["VectorMath"], swiftSettings: fastMath),
        .target(name: "TextFeatures", dependencies: ["VectorMath"], swiftSettings: fastMath),
        // The encoder's int8 (AVX-512 VNNI) and bf16 (AVX-512 BF16) products, in C with intrinsics;
        // functions carry their own target attributes and run only after a cpuid check.
        .target(name: "CEncoderKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        .target(name: "SentenceEncoder", dependencies: ["VectorMath", "CEncoderKernels"], swiftSettings: fastMath),
        // Encoder throughput and per-operation profile at each precision (not part of the product).
        .executableTarget(name: "encoder-bench", dependencies: ["SentenceEncoder"]),
        // Optimised in debug builds too: unoptimised byte loops over generic slices take minutes on
        // the 100 MB inputs of the bad-input corpus (BadInputCorpusTests). XLSX workbooks and ZIP
        // archives are read with zlib and libxml2's streaming reader (CLibXML2).
        .target(name: "Ingest", dependencies: ["CLibXML2"], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "Content"),
        // The store and the pipeline that ties everything together.
        // Commit boundaries a test can end the process at (`KWCLUSTER_FAULT_POINT`).
        .target(name: "FaultPoints"),
        .target(name: "Persistence", dependencies: [
            "Ingest", "FaultPoints",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The same store on a PostgreSQL server (`--db=postgres://...`).
        .target(name: "PostgresPersistence", dependencies: [
            "Persistence", "Ingest", "DedicatedThread",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .target(name: "Pipeline", dependencies: [
            "Clustering", "TextFeatures", "SentenceEncoder", "Ingest", "Content", "Persistence", "VectorMath", "FaultPoints",
        ], swiftSettings: fastMath),
        // libxml2's HTML and XML parsers (Debian: libxml2-dev) and zlib (zlib1g-dev).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev", "zlib1g-dev"])]),
        // The site crawler: robots.txt, sitemaps, HTML pages, keywords from pages.
        .target(name: "Crawler", dependencies: [
            "CLibXML2", "Ingest", "Persistence", "FaultPoints",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Search Console's API as a keyword source: credentials (a service account's RS256 JWT or
        // a refresh token), searchAnalytics/query paged by startRow, per-query totals, the import
        // stored a page at a time (resumed after a kill). Optimised
        // in debug builds too, as the fixture: pages of 25,000 rows are JSON of several MB.
        .target(name: "SearchConsole", dependencies: [
            "Ingest", "Persistence", "FaultPoints",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Google's token endpoint and searchAnalytics/query on 127.0.0.1 for the import's tests
        // (not part of the product).
        .target(name: "SearchConsoleFixture", dependencies: [
            "DedicatedThread",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // A task executor with a thread of its own, for work that must keep time while the shared
        // threads are busy (lease heartbeats, the fixture site's server).
        .target(name: "DedicatedThread"),
        // A web site served on 127.0.0.1 for the crawler's tests, and `fixture-site` serving a
        // generated one for crawl measurements (not part of the product).
        .target(name: "SiteFixture", dependencies: ["DedicatedThread", .product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(name: "fixture-site", dependencies: ["SiteFixture"]),
        // `import-bench FILE...`: the keyword importer alone, timed, for measuring CSV against
        // XLSX imports (scripts/make-import-benchmark.py; not part of the product).
        .executableTarget(name: "import-bench", dependencies: ["Ingest"]),
        // A chat-completions server on 127.0.0.1 for the LLM title tests, and `chat-fixture`
        // serving it for title measurements (not part of the product).
        .target(name: "ChatFixture"),
        .executableTarget(name: "chat-fixture", dependencies: ["ChatFixture"]),
        // What a person looks at: the HTML report (SVG treemap) and the XLSX workbook.
        .target(name: "Reports", dependencies: ["Persistence", "Pipeline", "Content", "CLibXML2"]),
        // `kwcluster serve`: the local dashboard on 127.0.0.1.
        .target(name: "Dashboard", dependencies: [
            "Reports", "Pipeline", "Persistence", "Content",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Workers sharing the work through PostgreSQL: the work_items queue (claims with
        // FOR UPDATE SKIP LOCKED and leases), the workers table and the worker loop.
        .target(name: "WorkQueue", dependencies: [
            "Pipeline", "Persistence", "PostgresPersistence", "SentenceEncoder", "DedicatedThread", "FaultPoints",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        // The use cases: create, resume, rescrape, rollback and check, each over its keyword
        // sources (files, the site, Search Console) and under the project's lock.
        .target(name: "Projects", dependencies: [
            "Pipeline", "Crawler", "SearchConsole", "Persistence", "PostgresPersistence", "Ingest",
        ]),
        // Outside the product path: `bench` (the whole pipeline timed on a synthetic set), the
        // synthetic keyword sets, and `evaluate` (clustering scored against labelled sets).
        .target(name: "Lab", dependencies: ["Pipeline", "Clustering", "Ingest", "Persistence", "SentenceEncoder"]),
        .target(name: "KWClusterCommands", dependencies: [
            "Lab", "Projects", "Pipeline", "Crawler", "Reports", "Dashboard", "PostgresPersistence", "WorkQueue", "SearchConsole",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kwcluster", dependencies: ["KWClusterCommands"]),

        // Test helpers shared by several test targets (the local chat-completions server).
        .target(name: "TestSupport", dependencies: ["Persistence", "PostgresPersistence", "ChatFixture"], path: "Tests/TestSupport"),
        .testTarget(name: "VectorMathTests", dependencies: ["VectorMath"]),
        .testTarget(name: "ClusteringTests", dependencies: ["Clustering"]),
        .testTarget(name: "TextFeaturesTests", dependencies: ["TextFeatures"]),
        .testTarget(name: "SentenceEncoderTests", dependencies: ["SentenceEncoder"], resources: [.copy("Fixtures")]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "CLibXML2"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ContentTests", dependencies: ["Content"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SearchConsoleTests", dependencies: [
            "SearchConsole", "SearchConsoleFixture", "Ingest",
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "PersistenceTests", dependencies: [
            "Persistence", "PostgresPersistence", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "PipelineTests", dependencies: ["Lab", "Pipeline", "TestSupport"]),
        .testTarget(name: "LabTests", dependencies: ["Lab"]),
        .testTarget(name: "ProjectsTests", dependencies: ["Projects", "Pipeline"]),
        .testTarget(name: "CrawlerTests", dependencies: ["Crawler", "Pipeline", "Persistence", "SiteFixture"]),
        .testTarget(name: "WorkQueueTests", dependencies: [
            "Lab", "WorkQueue", "Pipeline", "Persistence", "PostgresPersistence", "SentenceEncoder", "TestSupport", "kwcluster",
            "DedicatedThread", "FaultPoints",
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "ReportsTests", dependencies: ["Lab", "Reports", "Pipeline", "Persistence", "Ingest", "Content"]),
        .testTarget(name: "DashboardTests", dependencies: [
            "Lab", "Dashboard", "Pipeline", "TestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "KWClusterCommandsTests", dependencies: [
            "Lab", "KWClusterCommands", "Pipeline", "Clustering", "kwcluster", "TestSupport", "SiteFixture", "SearchConsoleFixture", "Reports",
            "PostgresPersistence",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], resources: [.copy("BadInputCorpus")]),
    ]
)
