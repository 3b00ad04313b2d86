import Foundation

/// The largest magnitude of each input channel of each Linear layer, seen by the fp32 model on
/// calibration texts: what the int8 path needs to move the activations' outlier channels (a
/// few of BERT's hidden channels run 5-15 times larger than the rest, which per-row int8 would
/// round the others against) into the weights, as SmoothQuant does.
final class ChannelMaxima: @unchecked Sendable {
    /// Per Linear layer (4 per transformer layer: query-key-value, attention output,
    /// feed-forward in, feed-forward out), per input channel.
    private(set) var values: [[Float]]

    init(layerCount: Int, widths: [Int]) {
        values = (0..<layerCount).flatMap { _ in widths.map { [Float](repeating: 0, count: $0) } }
    }

    /// Widens the maxima of Linear layer `index` with `rows` rows of its input.
    func record(_ index: Int, _ input: UnsafePointer<Float>, rows: Int) {
        let width = values[index].count
        values[index].withUnsafeMutableBufferPointer { maxima in
            for row in 0..<rows {
                for channel in 0..<width { maxima[channel] = max(maxima[channel], abs(input[row * width + channel])) }
            }
        }
    }

    /// Calibration texts: `count` phrases of 2 to 6 lower-case words of 3 letters or more from
    /// the vocabulary (`vocab.txt` lines), picked by a fixed pseudo-random sequence, so every
    /// load computes the same maxima.
    static func calibrationTexts(vocabularyLines: [String], count: Int = 128) -> [String] {
        let words = vocabularyLines.filter { line in
            line.utf8.count >= 3 && line.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        }
        guard !words.isEmpty else { return ["calibration"] }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in (0..<2 + next(5)).map { _ in words[next(words.count)] }.joined(separator: " ") }
    }
}
