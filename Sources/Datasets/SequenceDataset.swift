import Foundation
import Randomness

/// Labelled token sequences for the Transformer column (docs/data.md §7): n sequences of `length`
/// token ids in 0..<`vocabulary`, id 0 the padding, and labels y = ±1 (negative class first).
public struct SequenceDataset: Equatable {
    public var length: Int
    public var vocabulary: Int
    /// n × length ids, row-major.
    public var tokens: [Int]
    public var labels: [Int]
    public var count: Int { labels.count }

    /// The id of the padding token.
    public static let padding = 0
}

/// The synthetic polarity task (ours, docs/data.md §7): SST-2's shape without its text. Token 0 pads,
/// token 1 is a negation ("not"), tokens 2…(2 + k − 1) are positive words, the next k negative
/// words, the rest neutral, with k = ⌊(V − 2)/8⌋. Words are drawn from a Zipf law over the
/// non-padding ids (p(t) ∝ 1/t), a sentence has a length uniform in [⌈T/2⌉, T] and is padded at the end.
/// Its score is Σ_p w(t_p)·(−1 if t_{p−1} is a negation else 1), w = +1, −1, 0 for positive,
/// negative and neutral words; the label is the sign of the score (sentences scoring 0 are redrawn).
/// A bag of words cannot solve it: a negation flips the word after it, which only attention over
/// positions can see. The first n/2 negative and the first n/2 positive sentences are kept, in that order.
public enum PolarityTask {
    public static let negation = 1

    /// Positive words: 2..<2+k; negative: 2+k..<2+2k.
    public static func polarWords(vocabulary: Int) -> Int { max(1, (vocabulary - 2) / 8) }

    /// w(t): +1, −1 or 0.
    public static func polarity(of token: Int, vocabulary: Int) -> Int {
        let k = polarWords(vocabulary: vocabulary)
        if token >= 2 && token < 2 + k { return 1 }
        if token >= 2 + k && token < 2 + 2 * k { return -1 }
        return 0
    }

    /// The score of one padded sentence.
    public static func score(_ sentence: ArraySlice<Int>, vocabulary: Int) -> Int {
        var total = 0, previous = SequenceDataset.padding
        for token in sentence {
            total += polarity(of: token, vocabulary: vocabulary) * (previous == negation ? -1 : 1)
            previous = token
        }
        return total
    }

    public static func generate(examples n: Int, length: Int, vocabulary: Int, stream: inout RandomStream) -> SequenceDataset {
        precondition(n >= 2 && n % 2 == 0, "n must be even: n/2 sentences of each class")
        precondition(length >= 2 && vocabulary >= 10, "the task needs length ≥ 2 and vocabulary ≥ 10")
        // Cumulative Zipf weights over ids 1..<V.
        var cumulative: [Double] = []
        var total = 0.0
        for token in 1..<vocabulary {
            total += 1 / Double(token)
            cumulative.append(total)
        }
        func word() -> Int {
            let u = stream.uniform() * total
            var low = 0, high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < u { low = middle + 1 } else { high = middle }
            }
            return low + 1
        }
        var negatives: [[Int]] = [], positives: [[Int]] = []
        let shortest = (length + 1) / 2
        while negatives.count < n / 2 || positives.count < n / 2 {
            let words = shortest + Int(stream.uniform() * Double(length - shortest + 1))
            var sentence = (0..<min(words, length)).map { _ in word() }
            sentence += [Int](repeating: SequenceDataset.padding, count: length - sentence.count)
            let s = score(sentence[...], vocabulary: vocabulary)
            if s < 0 && negatives.count < n / 2 { negatives.append(sentence) }
            if s > 0 && positives.count < n / 2 { positives.append(sentence) }
        }
        return SequenceDataset(length: length, vocabulary: vocabulary, tokens: (negatives + positives).flatMap { $0 },
                               labels: [Int](repeating: -1, count: n / 2) + [Int](repeating: 1, count: n / 2))
    }
}

/// GLUE SST-2's `train.tsv` (docs/data.md §7): a header `sentence<TAB>label`, then one sentence per
/// line with label 0 (negative) or 1 (positive). Keeps the first n/2 negative and the first n/2
/// positive sentences (negative first, y = −1 then +1), splits on whitespace, builds the vocabulary
/// from that subset (most frequent first, ties in byte order; ids 2…V−1, id 1 for words outside
/// the V − 2 most frequent, id 0 padding), and truncates or pads every sentence to `length`.
public enum SST2 {
    public static let unknown = 1

    public static func read(file path: String, examples n: Int, length: Int, vocabulary: Int) throws -> SequenceDataset {
        guard n >= 2 && n % 2 == 0 else { throw DatasetError(file: path, message: "examples must be even, found \(n)") }
        guard vocabulary >= 3 else { throw DatasetError(file: path, message: "the vocabulary needs at least 3 ids, found \(vocabulary)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw DatasetError(file: path, message: "cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw DatasetError(file: path, message: "is not UTF-8 text") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, header.split(separator: "\t").map(String.init) == ["sentence", "label"] else {
            throw DatasetError(file: path, message: "line 1: the header must be 'sentence<TAB>label'")
        }
        var negatives: [[Substring]] = [], positives: [[Substring]] = []
        for (index, line) in lines.enumerated().dropFirst() {
            if negatives.count >= n / 2 && positives.count >= n / 2 { break }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw DatasetError(file: path, message: "line \(index + 1): expected 2 tab-separated fields, found \(fields.count)")
            }
            let words = fields[0].split(whereSeparator: \.isWhitespace)
            switch fields[1] {
            case "0": if negatives.count < n / 2 { negatives.append(words) }
            case "1": if positives.count < n / 2 { positives.append(words) }
            default: throw DatasetError(file: path, message: "line \(index + 1): field 'label' must be 0 or 1, found '\(fields[1])'")
            }
        }
        guard negatives.count == n / 2 && positives.count == n / 2 else {
            throw DatasetError(file: path, message: "has \(negatives.count) negative and \(positives.count) positive sentences, \(n / 2) of each needed")
        }
        let sentences = negatives + positives
        var frequency: [Substring: Int] = [:]
        for sentence in sentences { for word in sentence { frequency[word, default: 0] += 1 } }
        let ranked = frequency.sorted { $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }
        var ids: [Substring: Int] = [:]
        for (rank, entry) in ranked.prefix(vocabulary - 2).enumerated() { ids[entry.key] = rank + 2 }
        var tokens: [Int] = []
        tokens.reserveCapacity(n * length)
        for sentence in sentences {
            let kept = sentence.prefix(length).map { ids[$0] ?? unknown }
            tokens += kept + [Int](repeating: SequenceDataset.padding, count: length - kept.count)
        }
        return SequenceDataset(length: length, vocabulary: vocabulary, tokens: tokens,
                               labels: [Int](repeating: -1, count: n / 2) + [Int](repeating: 1, count: n / 2))
    }
}
