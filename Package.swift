// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: the upcoming features Hummingbird itself enables,
/// so that imports stay explicit and existentials are spelled out.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "stip",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "stipd", targets: ["stipd"]),
        .executable(name: "stipctl", targets: ["stipctl"]),
        /// The SDK for participation-method plugins written in Swift.
        .library(name: "StipPluginKit", targets: ["StipPluginKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // Already in the graph through async-http-client; named here for HMAC-SHA256 (keyed participant hashes).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),

        // MARK: Libraries, bottom (pure) to top (I/O)
        .target(
            name: "StipJSON",
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipVocabulary",
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipConfig",
            dependencies: ["CYAML", "StipJSON"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipScheduler",
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipDomain",
            dependencies: ["StipJSON", "StipVocabulary", "StipScheduler", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipStorage",
            dependencies: [
                "StipDomain", "StipJSON", "StipVocabulary",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipPluginProtocol",
            dependencies: ["StipJSON"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipPluginDefinition",
            dependencies: ["StipConfig", "StipPluginProtocol"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipPluginHost",
            dependencies: [
                "StipDomain",
                "StipJSON",
                "StipPluginDefinition",
                "StipPluginProtocol",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipConformance",
            dependencies: [
                "StipJSON",
                "StipPluginDefinition",
                "StipPluginProtocol",
                "StipVocabulary",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipPluginKit",
            dependencies: ["StipJSON", "StipVocabulary", "StipPluginProtocol"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipParticipation",
            dependencies: [
                "StipReports",
                "StipConfig",
                "StipScheduler",
                "StipDomain",
                "StipJSON",
                "StipVocabulary",
                "StipStorage",
                "StipPluginHost",
                "StipPluginProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipHTTP",
            dependencies: [
                "StipDomain",
                "StipJSON",
                "StipVocabulary",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipAdminAPI",
            dependencies: [
                "StipReports",
                "StipDomain",
                "StipJSON",
                "StipVocabulary",
                "StipHTTP",
                "StipParticipation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipReports",
            dependencies: [
                "StipDomain",
                "StipJSON",
                "StipVocabulary",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.embedInCode("Templates")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipResidentSite",
            dependencies: [
                "StipReports",
                "StipDomain",
                "StipJSON",
                "StipVocabulary",
                "StipHTTP",
                "StipParticipation",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The pages' templates and stylesheet are files in the repository, compiled into the binary.
            resources: [.embedInCode("Templates")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipDaemon",
            dependencies: [
                "StipConfig",
                "StipParticipation",
                "StipPluginHost",
                "StipDomain",
                "StipJSON",
                "StipStorage",
                "StipAdminAPI",
                "StipResidentSite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "StipAdminClient",
            dependencies: [
                "StipConfig",
                "StipDomain",
                "StipJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Executables (thin)
        .executableTarget(
            name: "stipd",
            dependencies: [
                "StipDaemon",
                "StipDomain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "stipctl",
            dependencies: [
                "StipAdminClient",
                "StipConfig",
                "StipConformance",
                "StipDomain",
                "StipJSON",
                "StipScheduler",
                "StipVocabulary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Participation-method plugins (Plugins/<Name>/: a library with the method, a thin executable)
        .target(
            name: "MethodSupport",
            dependencies: ["StipPluginKit"],
            path: "Plugins/MethodSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "WorkshopMethod",
            dependencies: ["StipPluginKit", "MethodSupport"],
            path: "Plugins/Workshop/Sources/WorkshopMethod",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "stip-plugin-workshop",
            dependencies: ["StipPluginKit", "WorkshopMethod"],
            path: "Plugins/Workshop/Sources/stip-plugin-workshop",
            swiftSettings: strictSettings
        ),
        .target(
            name: "PollMethod",
            dependencies: ["StipPluginKit", "MethodSupport"],
            path: "Plugins/Poll/Sources/PollMethod",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "stip-plugin-poll",
            dependencies: ["StipPluginKit", "PollMethod"],
            path: "Plugins/Poll/Sources/stip-plugin-poll",
            swiftSettings: strictSettings
        ),
        .target(
            name: "NeighbourhoodWalkMethod",
            dependencies: ["StipPluginKit", "MethodSupport"],
            path: "Plugins/NeighbourhoodWalk/Sources/NeighbourhoodWalkMethod",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "stip-plugin-neighbourhood-walk",
            dependencies: ["StipPluginKit", "NeighbourhoodWalkMethod"],
            path: "Plugins/NeighbourhoodWalk/Sources/stip-plugin-neighbourhood-walk",
            swiftSettings: strictSettings
        ),

        // MARK: Benchmarks (run with `make bench`)
        .executableTarget(
            name: "plugin-roundtrip",
            dependencies: [
                "BenchmarkSupport", "StipDomain", "StipJSON", "StipPluginDefinition", "StipPluginHost", "StipPluginProtocol",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/PluginRoundTrip",
            swiftSettings: strictSettings
        ),

        // What the benchmarks share: progress, memory and time, the poll plugin's host.
        .target(
            name: "BenchmarkSupport",
            dependencies: ["StipPluginDefinition", "StipPluginHost", .product(name: "Logging", package: "swift-log")],
            path: "Benchmarks/Support",
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "public-responses",
            dependencies: [
                "BenchmarkSupport",
                "StipDomain", "StipJSON", "StipStorage", "StipPluginDefinition", "StipPluginHost", "StipParticipation", "StipResidentSite",
                "StipHTTP", "StipVocabulary",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/PublicResponses",
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "hostile-load",
            dependencies: [
                "BenchmarkSupport",
                "StipDomain", "StipJSON", "StipStorage", "StipPluginDefinition", "StipPluginHost", "StipParticipation", "StipResidentSite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/HostileLoad",
            swiftSettings: strictSettings
        ),

        .executableTarget(
            name: "evaluation-cycle",
            dependencies: [
                "BenchmarkSupport",
                "StipDomain", "StipJSON", "StipStorage", "StipPluginDefinition", "StipPluginHost", "StipParticipation", "StipVocabulary",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/EvaluationCycle",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "report-rendering",
            dependencies: ["StipConfig", "StipDomain", "StipJSON", "StipReports"],
            path: "Benchmarks/ReportRendering",
            swiftSettings: strictSettings
        ),

        // MARK: Drills (run with `make drills`)
        .executableTarget(
            name: "stip-fuzz",
            dependencies: [
                "StipAdminAPI", "StipDaemon", "StipDomain", "StipParticipation", "StipPluginDefinition", "StipPluginHost",
                "StipPluginProtocol", "StipResidentSite", "StipStorage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Drills/Fuzz",
            swiftSettings: strictSettings
        ),

        // MARK: Tests

        // What several test targets share: reading the OpenAPI documents, temporary directories.
        .target(
            name: "StipTestSupport",
            dependencies: ["StipConfig"],
            path: "Tests/StipTestSupport",
            swiftSettings: strictSettings
        ),
        // A plugin built with the SDK, run by the end-to-end tests and the benchmark.
        .executableTarget(
            name: "swift-suggestion-box",
            dependencies: ["StipPluginKit"],
            path: "Tests/Plugins/swift-suggestion-box",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ArchitectureTests",
            dependencies: ["StipTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipJSONTests",
            dependencies: ["StipJSON"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipConfigTests",
            dependencies: ["StipConfig", "StipJSON"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipSchedulerTests",
            dependencies: ["StipScheduler"],
            exclude: ["Reference/make-tables.py", "Reference/README.md"],
            resources: [.copy("Reference/cron-tables.json")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipDomainTests",
            dependencies: ["StipDomain", "StipConfig", "StipJSON", "StipVocabulary"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipStorageTests",
            dependencies: [
                "StipStorage", "StipDomain", "StipConfig", "StipJSON", "StipVocabulary", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipAdminAPITests",
            dependencies: [
                "StipAdminAPI", "StipHTTP", "StipParticipation", "StipTestSupport", "StipStorage", "StipDomain", "StipConfig", "StipJSON",
                "StipPluginHost",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipResidentSiteTests",
            dependencies: [
                "StipResidentSite", "StipHTTP", "StipParticipation", "StipTestSupport", "StipStorage", "StipDomain", "StipConfig",
                "StipJSON", "StipPluginHost",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipPluginProtocolTests",
            dependencies: ["StipPluginProtocol", "StipJSON"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipDaemonTests",
            dependencies: ["StipDaemon", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MethodPluginTests",
            dependencies: ["StipPluginKit", "MethodSupport", "WorkshopMethod", "PollMethod", "NeighbourhoodWalkMethod"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipVocabularyTests",
            dependencies: ["StipVocabulary", "StipJSON"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipPluginDefinitionTests",
            dependencies: ["StipPluginDefinition", "StipPluginProtocol", "StipTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipPluginHostTests",
            dependencies: [
                "StipPluginHost", "StipPluginDefinition", "StipPluginProtocol", "StipDomain", "StipJSON", "StipTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipConformanceTests",
            dependencies: ["StipConformance", "StipJSON", "StipTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipReportsTests",
            dependencies: [
                "StipReports", "StipDomain", "StipJSON", "StipVocabulary", "StipConfig",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipPluginKitTests",
            dependencies: ["StipPluginKit", "StipJSON", "StipPluginProtocol"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipParticipationTests",
            dependencies: [
                "StipParticipation", "StipStorage", "StipDomain", "StipConfig", "StipJSON", "StipPluginDefinition", "StipPluginHost",
                "StipPluginProtocol", "StipVocabulary", "StipTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipHTTPTests",
            dependencies: [
                "StipHTTP", "StipDomain", "StipJSON", "StipVocabulary",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StipAdminClientTests",
            dependencies: [
                "StipAdminClient", "StipJSON", "StipTestSupport",
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "StipConfig", "StipDomain", "StipJSON", "StipPluginDefinition", "StipPluginHost", "StipPluginProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
