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
    ],
    targets: [
        // Pure modules: values in, values out. No database, no I/O beyond reading input files.
        .target(name: "VectorMath", swiftSettings: fastMath),
        .target(name: "Clustering", dependencies: ["VectorMath"], swiftSettings: fastMath),
        .target(name: "TextFeatures", dependencies: ["VectorMath"], swiftSettings: fastMath),
        .target(name: "SentenceEncoder", dependencies: ["VectorMath"], swiftSettings: fastMath),
        .target(name: "Ingest"),
        .target(name: "Content"),
        // The store and the pipeline that ties everything together.
        .target(name: "Persistence", dependencies: [
            "Ingest",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "Pipeline", dependencies: [
            "Clustering", "TextFeatures", "SentenceEncoder", "Ingest", "Content", "Persistence", "VectorMath",
        ], swiftSettings: fastMath),
        .target(name: "KWClusterCommands", dependencies: [
            "Pipeline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "kwcluster", dependencies: ["KWClusterCommands"]),

        .testTarget(name: "VectorMathTests", dependencies: ["VectorMath"]),
        .testTarget(name: "ClusteringTests", dependencies: ["Clustering"]),
        .testTarget(name: "TextFeaturesTests", dependencies: ["TextFeatures"]),
        .testTarget(name: "SentenceEncoderTests", dependencies: ["SentenceEncoder"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ContentTests", dependencies: ["Content"]),
        .testTarget(name: "PersistenceTests", dependencies: ["Persistence", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
        .testTarget(name: "KWClusterCommandsTests", dependencies: ["KWClusterCommands", "Pipeline", "Clustering", "kwcluster"]),
    ]
)
