// swift-tools-version:5.9
// The reproducible-paper pipeline: generate → train → measure → analyze, cached by content hash.
import PackageDescription

let package = Package(
    name: "DamianPapers",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "generate", targets: ["generate"]),
        .executable(name: "train", targets: ["train"]),
        .executable(name: "measure", targets: ["measure"]),
        .executable(name: "analyze", targets: ["analyze"]),
        .executable(name: "pipeline", targets: ["pipeline"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // MARK: - System libraries (C headers and small shims for macros; no Swift API)
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CProcess"),

        // MARK: - Foundations
        .target(name: "StageProtocol"),
        .target(name: "HDF5", dependencies: ["CHDF5", "StageProtocol"]),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"]),
        .target(name: "Randomness"),
        .target(name: "Plotting"),
        .target(name: "Datasets", dependencies: ["CZlib", "Randomness"]),

        // MARK: - Numerics of the two papers (no file I/O)
        .target(name: "Networks", dependencies: ["LinearAlgebra", "Randomness"]),
        .target(name: "Solvers", dependencies: ["LinearAlgebra", "Randomness"]),
        .target(name: "Representations", dependencies: ["LinearAlgebra", "Randomness"]),
        .target(name: "EdgeOfStability", dependencies: ["LinearAlgebra", "Networks", "Solvers"]),

        // MARK: - Stages: what every stage shares, and each paper's experiments
        .target(name: "StageKit", dependencies: [
            "StageProtocol", "HDF5", "LinearAlgebra",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "EdgeOfStabilityStages", dependencies: [
            "StageKit", "EdgeOfStability", "Networks", "Datasets", "Plotting", "Randomness", "HDF5", "LinearAlgebra",
        ]),
        .target(name: "RepresentationStages", dependencies: [
            "StageKit", "Representations", "Plotting", "Randomness", "HDF5", "LinearAlgebra",
        ]),
        .target(name: "ReportStages", dependencies: ["StageKit"]),
        .target(name: "StageCommands", dependencies: [
            "StageKit", "StageProtocol", "CProcess", "EdgeOfStabilityStages", "RepresentationStages", "ReportStages", "Plotting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Pipeline engine (knows no paper, model or figure)
        .target(name: "Pipeline", dependencies: [
            "StageProtocol", "HDF5", "StageKit", "Yams",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // MARK: - Executables
        .executableTarget(name: "generate", dependencies: ["StageCommands"]),
        .executableTarget(name: "train", dependencies: ["StageCommands"]),
        .executableTarget(name: "measure", dependencies: ["StageCommands"]),
        .executableTarget(name: "analyze", dependencies: ["StageCommands"]),
        .executableTarget(name: "pipeline", dependencies: [
            "Pipeline", "StageKit", "StageProtocol", "LinearAlgebra", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "bench", dependencies: ["LinearAlgebra", "Randomness", "Networks", "EdgeOfStability", "Solvers", "Representations"]),

        // MARK: - Tests
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5"]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "Randomness"]),
        .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Randomness"]),
        .testTarget(name: "SolversTests", dependencies: ["Solvers", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "NetworksTests", dependencies: ["Networks", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "EdgeOfStabilityTests", dependencies: ["EdgeOfStability", "Networks", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "RepresentationsTests", dependencies: ["Representations", "LinearAlgebra", "Randomness"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "StageProtocolTests", dependencies: ["StageProtocol"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "StageKit", "StageProtocol", "HDF5", "CHDF5"]),
        .testTarget(name: "StagesTests", dependencies: ["EdgeOfStabilityStages", "ReportStages", "EdgeOfStability", "Networks", "StageKit", "HDF5"]),
    ]
)
