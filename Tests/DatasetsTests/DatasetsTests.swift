import Datasets
import Foundation
import XCTest

final class DatasetsTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "datasets-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = directory + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    let images = IDXArray(dimensions: [3, 2, 2], values: [0, 1, 2, 3, 10, 20, 30, 40, 255, 254, 253, 252])
    let labels = IDXArray(dimensions: [3], values: [7, 0, 9])

    func test_idx_rawAndGzip_roundTrip_withBigEndianDimensions() throws {
        let raw = try write(IDXReader.encode(images), "images.idx")
        let gz = try write(Gzip.compress(IDXReader.encode(images)), "images.idx.gz")
        XCTAssertEqual(try IDXReader.read(path: raw), images)
        XCTAssertEqual(try IDXReader.read(path: gz), images)
        let big = IDXArray(dimensions: [1, 300], values: [UInt8](repeating: 5, count: 300))
        XCTAssertEqual(IDXReader.encode(big)[8...11], [0, 0, 1, 44])
        XCTAssertEqual(try IDXReader.parse(IDXReader.encode(big), source: "big").dimensions, [1, 300])
    }

    func test_idx_multiMemberGzip_isReadWhole() throws {
        let bytes = IDXReader.encode(images)
        let path = try write(Gzip.compress(Array(bytes[0..<7])) + Gzip.compress(Array(bytes[7...])), "multi.gz")
        XCTAssertEqual(try IDXReader.read(path: path), images)
    }

    func test_idx_malformedFiles_areErrorsNamingTheCheck() throws {
        var truncated = IDXReader.encode(images)
        truncated.removeLast()
        XCTAssertThrowsError(try IDXReader.parse(truncated, source: "t")) { XCTAssertTrue("\($0)".contains("payload has 11 bytes"), "\($0)") }
        var magic = IDXReader.encode(images)
        magic[0] = 1
        XCTAssertThrowsError(try IDXReader.parse(magic, source: "m")) { XCTAssertTrue("\($0)".contains("bad magic"), "\($0)") }
        var type = IDXReader.encode(images)
        type[2] = 0x0d
        XCTAssertThrowsError(try IDXReader.parse(type, source: "f")) { XCTAssertTrue("\($0)".contains("0x0d"), "\($0)") }
        let corrupt = try write(Array(Gzip.compress(IDXReader.encode(images)).prefix(15)), "corrupt.gz")
        XCTAssertThrowsError(try IDXReader.read(path: corrupt)) { XCTAssertTrue("\($0)".contains("corrupt.gz"), "\($0)") }
    }

    func test_imageAndLabelCounts_mustAgree_andLabelsBeClasses() throws {
        let imagesPath = try write(IDXReader.encode(images), "i")
        let set = try ImageDataset.readIDX(images: imagesPath, labels: try write(IDXReader.encode(labels), "l"))
        XCTAssertEqual(set.labels, [7, 0, 9])
        XCTAssertEqual(set.prefix(2).pixels, [0, 1, 2, 3, 10, 20, 30, 40])
        let short = IDXArray(dimensions: [2], values: [1, 2])
        XCTAssertThrowsError(try ImageDataset.readIDX(images: imagesPath, labels: try write(IDXReader.encode(short), "s"))) {
            XCTAssertTrue("\($0)".contains("2 labels for 3 images"), "\($0)")
        }
        let bad = IDXArray(dimensions: [3], values: [1, 12, 3])
        XCTAssertThrowsError(try ImageDataset.readIDX(images: imagesPath, labels: try write(IDXReader.encode(bad), "b")))
    }

    func test_cifarBatch_recordsAreDecodedToChannelsLast_andWrongSizesRejected() throws {
        var bytes: [UInt8] = []
        for record in 0..<3 {
            bytes.append(UInt8(record + 3))
            for channel in 0..<3 { bytes += [UInt8](repeating: UInt8(10 * record + channel), count: 1024) }
        }
        let path = try write(bytes, "batch.bin")
        let set = try CIFAR10.readBatch(path: path, expectFullBatch: false)
        XCTAssertEqual(set.labels, [3, 4, 5])
        XCTAssertEqual(Array(set.pixels[3072..<3078]), [10, 11, 12, 10, 11, 12])
        XCTAssertThrowsError(try CIFAR10.readBatch(path: path)) { XCTAssertTrue("\($0)".contains("30730000"), "\($0)") }
        XCTAssertThrowsError(try CIFAR10.readBatch(path: try write(Array(bytes.dropLast()), "short.bin"), expectFullBatch: false))
    }

    func test_pooling_withSamePadding_andStandardisation() {
        // A 3×3 image pooled by 2 gives 2×2 with zero padding divided by the full window.
        let image = ImageDataset(count: 1, height: 3, width: 3, channels: 1, pixels: [255, 255, 255, 255, 255, 255, 255, 255, 255], labels: [0])
        let pooled = Preprocessing.pooledFeatures(image, poolingFactor: 2)
        XCTAssertEqual(pooled.height, 2)
        XCTAssertEqual(pooled.features, [1, 0.5, 0.5, 0.25])
        var features = [1.0, 2, 3, 4, 5, 6]
        let statistics = Preprocessing.standardisePerChannel(&features, channels: 2)
        XCTAssertEqual(statistics[0].mean, 3, accuracy: 1e-12)
        XCTAssertEqual(features.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).reduce(0, +), 0, accuracy: 1e-12)
        XCTAssertEqual(features.reduce(0) { $0 + $1 * $1 } / 3, 2, accuracy: 1e-12)  // unit variance per channel
    }

    func test_chebyshevTargets() {
        let data = SyntheticData.chebyshev(degree: 3, points: 5)
        XCTAssertEqual(data.x, [-1, -0.5, 0, 0.5, 1])
        XCTAssertEqual(data.y, [-1, 1, 0, -1, 1].map(Double.init))  // T₃(x) = 4x³ − 3x
    }

    /// The real Fashion-MNIST from the Debian package, when installed: shape, class balance of
    /// the first 5,000 and published pixel statistics (docs/data.md §1).
    func test_realFashionMNIST_matchesPublishedFacts() throws {
        guard FileManager.default.fileExists(atPath: FashionMNIST.defaultRoot + "/train-images-idx3-ubyte.gz") else {
            throw XCTSkip("Fashion-MNIST is not installed in \(FashionMNIST.defaultRoot) (Debian package dataset-fashion-mnist)")
        }
        let set = try FashionMNIST.trainingSet()
        XCTAssertEqual(set.count, 60_000)
        var counts = [Int](repeating: 0, count: 10)
        for label in set.labels.prefix(5000) { counts[Int(label)] += 1 }
        XCTAssertTrue(counts.allSatisfy { (457...556).contains($0) }, "\(counts)")
        let mean = set.pixels.reduce(0.0) { $0 + Double($1) } / Double(set.pixels.count) / 255
        let meanSquare = set.pixels.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(set.pixels.count) / (255 * 255)
        XCTAssertEqual(mean, 0.2860, accuracy: 1e-4)
        XCTAssertEqual((meanSquare - mean * mean).squareRoot(), 0.3530, accuracy: 1e-4)
    }
}
