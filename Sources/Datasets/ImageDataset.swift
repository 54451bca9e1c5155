import Foundation

/// Labelled grayscale or colour images: `pixels` holds `count` images of height × width × channels
/// (row-major, channels last), values 0–255; `labels` the class of each.
public struct ImageDataset: Equatable {
    public var count: Int
    public var height: Int
    public var width: Int
    public var channels: Int
    public var pixels: [UInt8]
    public var labels: [UInt8]

    public init(count: Int, height: Int, width: Int, channels: Int, pixels: [UInt8], labels: [UInt8]) {
        precondition(pixels.count == count * height * width * channels, "pixel count does not match the shape")
        self.count = count
        self.height = height
        self.width = width
        self.channels = channels
        self.pixels = pixels
        self.labels = labels
    }

    public var featuresPerImage: Int { height * width * channels }

    /// The first `n` images.
    public func prefix(_ n: Int) -> ImageDataset {
        precondition(n <= count, "asked for \(n) images of \(count)")
        return ImageDataset(count: n, height: height, width: width, channels: channels,
                            pixels: Array(pixels[0..<(n * featuresPerImage)]), labels: Array(labels[0..<n]))
    }

    /// Reads images and labels from IDX files (raw or gzip); counts must agree and labels be < 10.
    public static func readIDX(images imagesPath: String, labels labelsPath: String) throws -> ImageDataset {
        let images = try IDXReader.read(path: imagesPath)
        let labels = try IDXReader.read(path: labelsPath)
        guard images.dimensions.count == 3 else {
            throw DatasetError(file: imagesPath, message: "images must have 3 dimensions [N, H, W], found \(images.dimensions)")
        }
        guard labels.dimensions.count == 1 else {
            throw DatasetError(file: labelsPath, message: "labels must have 1 dimension [N], found \(labels.dimensions)")
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw DatasetError(file: labelsPath, message: "\(labels.dimensions[0]) labels for \(images.dimensions[0]) images")
        }
        if let bad = labels.values.first(where: { $0 >= 10 }) {
            throw DatasetError(file: labelsPath, message: "label \(bad) is not a class 0–9")
        }
        return ImageDataset(count: images.dimensions[0], height: images.dimensions[1], width: images.dimensions[2], channels: 1,
                            pixels: images.values, labels: labels.values)
    }
}

/// Fashion-MNIST from the Debian package `dataset-fashion-mnist` (docs/data.md §1).
public enum FashionMNIST {
    /// Where the Debian package installs the files.
    public static let defaultRoot = "/usr/share/datasets/fashion-mnist"

    /// The training set (60,000 images of 28 × 28), checked for the expected shape.
    public static func trainingSet(root: String = defaultRoot) throws -> ImageDataset {
        let images = root + "/train-images-idx3-ubyte.gz", labels = root + "/train-labels-idx1-ubyte.gz"
        guard FileManager.default.fileExists(atPath: images) else {
            throw DatasetError(file: images, message: "Fashion-MNIST is missing: install it with `apt-get install dataset-fashion-mnist`")
        }
        let set = try ImageDataset.readIDX(images: images, labels: labels)
        guard set.count == 60_000, set.height == 28, set.width == 28 else {
            throw DatasetError(file: images, message: "expected 60000 images of 28×28, found \(set.count) of \(set.height)×\(set.width)")
        }
        return set
    }
}

/// CIFAR-10, binary version, supplied by the user (docs/data.md §5): 3,073-byte records of one label
/// byte and 3,072 planar pixel bytes (1,024 red, green, blue); each batch file is 30,730,000 bytes.
public enum CIFAR10 {
    public static let recordSize = 3073
    public static let batchSize = 10_000

    /// Reads one batch file, rejecting any other size. `expectFullBatch: false` admits any whole
    /// number of records (for tests).
    public static func readBatch(path: String, expectFullBatch: Bool = true) throws -> ImageDataset {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(file: path, message: "cannot read the CIFAR-10 batch (missing?); point the stage at cifar-10-batches-bin/")
        }
        let bytes = [UInt8](data)
        if expectFullBatch {
            guard bytes.count == recordSize * batchSize else {
                throw DatasetError(file: path, message: "a CIFAR-10 batch has \(recordSize * batchSize) bytes, this file has \(bytes.count)")
            }
        } else {
            guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
                throw DatasetError(file: path, message: "size \(bytes.count) is not a whole number of \(recordSize)-byte records")
            }
        }
        let count = bytes.count / recordSize
        var pixels = [UInt8](repeating: 0, count: count * 3072)
        var labels = [UInt8](repeating: 0, count: count)
        for record in 0..<count {
            let base = record * recordSize
            labels[record] = bytes[base]
            guard labels[record] < 10 else { throw DatasetError(file: path, message: "record \(record) has label \(labels[record])") }
            // Planar CHW to channels-last HWC.
            for channel in 0..<3 {
                for pixel in 0..<1024 { pixels[record * 3072 + pixel * 3 + channel] = bytes[base + 1 + channel * 1024 + pixel] }
            }
        }
        return ImageDataset(count: count, height: 32, width: 32, channels: 3, pixels: pixels, labels: labels)
    }

    /// The training batches of a `cifar-10-batches-bin` folder concatenated in `order`.
    public static func trainingSet(folder: String, order: [Int] = [1, 2, 3, 4, 5]) throws -> ImageDataset {
        var result: ImageDataset?
        for index in order {
            let batch = try readBatch(path: "\(folder)/data_batch_\(index).bin")
            if var accumulated = result {
                accumulated.pixels += batch.pixels
                accumulated.labels += batch.labels
                accumulated.count += batch.count
                result = accumulated
            } else {
                result = batch
            }
        }
        guard let result else { throw DatasetError(file: folder, message: "no batches selected") }
        return result
    }
}
