// swift-tools-version:6.1
import PackageDescription

// Upcoming features shared by every target (Hummingbird's set): explicit existentials and imports.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "crisisd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "crisisd", targets: ["crisisd"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ],
    targets: [
        // Pure targets: Foundation, Yams and swift-crypto (hashes) only; no NIO, Hummingbird, database or logging.
        .target(name: "CrisisCore", swiftSettings: swiftSettings),
        // Strict YAML reading with located diagnostics, shared by the definition loaders.
        .target(
            name: "DefinitionFiles",
            dependencies: [
                "CrisisCore", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RiskRules",
            dependencies: ["CrisisCore", "DefinitionFiles", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EscalationEngine",
            dependencies: ["CrisisCore", "DefinitionFiles", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Safety-plan templates and the crisis resources directory as data; plan content checks. Pure.
        .target(
            name: "SafetyPlans",
            dependencies: ["CrisisCore", "DefinitionFiles", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // The FHIR R4 resources crisisd speaks, as Codable values, and their mapping from protocols.
        .target(
            name: "FHIR", dependencies: ["CrisisCore", "RiskRules", "SafetyPlans", "DefinitionFiles", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings),
        // Use cases and long-running services.
        .target(
            name: "Workflow",
            dependencies: [
                "CrisisCore", "RiskRules", "EscalationEngine", "FHIR", "SafetyPlans",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Adapters.
        .target(
            name: "Storage",
            dependencies: [
                "CrisisCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // libcurl for SMTP (STARTTLS, implicit TLS, AUTH); Debian's libcurl4-openssl-dev.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(
            name: "Notify",
            dependencies: [
                "CrisisCore", "EscalationEngine", "CCurl",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Web",
            dependencies: [
                "CrisisCore", "Workflow", "RiskRules", "EscalationEngine", "FHIR", "SafetyPlans",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            resources: [.copy("UI/Templates")],
            swiftSettings: swiftSettings
        ),
        // Composition root and CLI verbs.
        .executableTarget(
            name: "crisisd",
            dependencies: [
                "CrisisCore", "RiskRules", "EscalationEngine", "Workflow", "Storage", "Notify", "Web", "FHIR", "SafetyPlans",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CrisisTestSupport",
            dependencies: [
                "CrisisCore", "Workflow",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DomainTests",
            dependencies: ["CrisisCore", "RiskRules", "EscalationEngine", "Workflow", "FHIR", "SafetyPlans", "CrisisTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AdapterTests",
            dependencies: [
                "CrisisCore", "Storage", "Notify", "Workflow", "EscalationEngine", "RiskRules", "CrisisTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "crisisd", "CrisisCore", "Web", "Workflow", "Storage", "Notify", "RiskRules", "EscalationEngine", "SafetyPlans",
                "CrisisTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// Benchmark-only targets, added when CRISISD_BENCHMARKS is set so normal builds stay small (Hummingbird's trick).
if Context.environment["CRISISD_BENCHMARKS"] != nil {
    package.targets.append(
        .executableTarget(
            name: "crisisd-bare-server",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Benchmarks/BareServer",
            swiftSettings: swiftSettings
        ))
    package.products.append(.executable(name: "crisisd-bare-server", targets: ["crisisd-bare-server"]))
    package.targets.append(
        .executableTarget(
            name: "crisisd-rules-bench", dependencies: ["CrisisCore", "RiskRules"], path: "Benchmarks/Rules",
            swiftSettings: swiftSettings))
    package.products.append(.executable(name: "crisisd-rules-bench", targets: ["crisisd-rules-bench"]))
}
