import Datasets
import Foundation
import Randomness
import XCTest

/// The Transformer column's data (docs/data.md §7): the synthetic polarity task and the SST-2 reader.
final class SequenceDatasetTests: XCTestCase {
    func test_polarityTask_isBalanced_labelledByItsScore_andReproducible() {
        var stream = RandomStream(seed: 4)
        let data = PolarityTask.generate(examples: 200, length: 12, vocabulary: 64, stream: &stream)
        XCTAssertEqual(data.labels, [Int](repeating: -1, count: 100) + [Int](repeating: 1, count: 100))
        XCTAssertEqual(data.tokens.count, 200 * 12)
        XCTAssertTrue(data.tokens.allSatisfy { (0..<64).contains($0) })
        for example in 0..<200 {
            let sentence = data.tokens[(example * 12)..<((example + 1) * 12)]
            XCTAssertEqual(PolarityTask.score(sentence, vocabulary: 64).signum(), data.labels[example])
            // At least ⌈T/2⌉ words, then padding only.
            let words = sentence.prefix { $0 != SequenceDataset.padding }.count
            XCTAssertGreaterThanOrEqual(words, 6)
            XCTAssertTrue(sentence.dropFirst(words).allSatisfy { $0 == SequenceDataset.padding })
        }
        var again = RandomStream(seed: 4)
        XCTAssertEqual(PolarityTask.generate(examples: 200, length: 12, vocabulary: 64, stream: &again), data)
    }

    /// A negation flips the word after it, so the sign is not a function of the bag of words.
    func test_polarityScore_negationFlipsTheNextWord() {
        let positive = 2, negative = 2 + PolarityTask.polarWords(vocabulary: 64), neutral = 63
        XCTAssertEqual(PolarityTask.score([positive, neutral, 0][...], vocabulary: 64), 1)
        XCTAssertEqual(PolarityTask.score([PolarityTask.negation, positive, 0][...], vocabulary: 64), -1)
        XCTAssertEqual(PolarityTask.score([positive, PolarityTask.negation, 0][...], vocabulary: 64), 1)
        XCTAssertEqual(PolarityTask.score([PolarityTask.negation, negative, negative][...], vocabulary: 64), 0)
    }

    func writeTSV(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "sst2-\(UUID().uuidString).tsv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func test_sst2_keepsTheFirstOfEachClass_andBuildsTheVocabularyFromThem() throws {
        let path = try writeTSV("sentence\tlabel\na fine film \t1\nnot a fine film\t0\ndull\t0\na a bold film\t1\nlast one\t1\n")
        let data = try SST2.read(file: path, examples: 4, length: 3, vocabulary: 5)
        XCTAssertEqual(data.labels, [-1, -1, 1, 1])
        // Frequencies: a 4, film 3, fine 2, then bold, dull, not once each (byte order): ids a 2, film 3, fine 4.
        XCTAssertEqual(data.tokens, [SST2.unknown, 2, 4,   SST2.unknown, 0, 0,   2, 4, 3,   2, 2, SST2.unknown])
    }

    func test_sst2_malformedLines_nameTheLine() throws {
        let header = "sentence\tlabel\n"
        XCTAssertThrowsError(try SST2.read(file: try writeTSV(header + "good\t1\nbad\t2\n"), examples: 2, length: 4, vocabulary: 10)) {
            XCTAssertTrue("\($0)".contains("line 3") && "\($0)".contains("label"), "\($0)")
        }
        XCTAssertThrowsError(try SST2.read(file: try writeTSV(header + "good 1\n"), examples: 2, length: 4, vocabulary: 10)) {
            XCTAssertTrue("\($0)".contains("line 2"), "\($0)")
        }
        XCTAssertThrowsError(try SST2.read(file: try writeTSV("text\tlabel\n"), examples: 2, length: 4, vocabulary: 10)) {
            XCTAssertTrue("\($0)".contains("line 1"), "\($0)")
        }
        XCTAssertThrowsError(try SST2.read(file: try writeTSV(header + "good\t1\nfine\t1\n"), examples: 2, length: 4, vocabulary: 10)) {
            XCTAssertTrue("\($0)".contains("0 negative and 1 positive"), "\($0)")
        }
    }
}
