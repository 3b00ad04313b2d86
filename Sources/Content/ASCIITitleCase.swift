/// ``TitleCase/apply(_:)`` for pure-ASCII text, on bytes: the same rules and the same result
/// (a test compares the two on every template and thousands of keywords), without going
/// through `Character`, which costs most of a built-in title's time.
///
/// In ASCII a letter is `A-Z a-z`, a number `0-9`, and whitespace `\t \n \v \f \r` and space:
/// exactly what `Character`'s properties say for those bytes.
enum ASCIITitleCase {
    /// `TitleCase.apply(text)`, or nil when `text` is not pure ASCII.
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    static func apply(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var keepCapitals = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                if isLower(byte) { keepCapitals = true }
            }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var startsSubtitle = true
            var index = 0
            while index < bytes.count {
                guard !ASCIIText.isWhitespace(bytes[index]) else {
                    index += 1
                    continue
                }
                var end = index
                while end < bytes.count, !ASCIIText.isWhitespace(bytes[end]) { end += 1 }
                let word = UnsafeBufferPointer(rebasing: bytes[index ..< end])
                if !output.isEmpty { output.append(0x20) }
                if word.count == 1, word[0] == UInt8(ascii: "-") {
                    output.append(UInt8(ascii: "-"))
                    startsSubtitle = true
                } else {
                    caseWord(word, isFirst: startsSubtitle, keepCapitals: keepCapitals, into: &output)
                    let last = word[word.count - 1]
                    startsSubtitle = last == UInt8(ascii: ":") || last == UInt8(ascii: "?") || last == UInt8(ascii: "!")
                        || last == UInt8(ascii: ".") && !word.elementsEqual("vs.".utf8)
                }
                index = end
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    private static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isLetter(_ byte: UInt8) -> Bool { isLower(byte) || isUpper(byte) }

    /// One space-separated word with its surrounding punctuation (`TitleCase.caseWord`).
    private static func caseWord(_ word: UnsafeBufferPointer<UInt8>, isFirst: Bool, keepCapitals: Bool,
                                 into output: inout [UInt8]) {
        guard let coreStart = word.firstIndex(where: ASCIIText.isWordByte),
              let coreLast = word.lastIndex(where: ASCIIText.isWordByte) else {
            output.append(contentsOf: word)
            return
        }
        var coreEnd = coreLast + 1
        // "vs." keeps its dot: the core is "vs." when a dot follows "vs".
        if coreEnd - coreStart == 2, ASCIIText.lowered(word[coreStart]) == UInt8(ascii: "v"),
           ASCIIText.lowered(word[coreStart + 1]) == UInt8(ascii: "s"), coreEnd < word.count, word[coreEnd] == UInt8(ascii: ".") {
            coreEnd += 1
        }
        output.append(contentsOf: word[..<coreStart])
        var partStart = coreStart
        var isFirstPart = true
        for position in coreStart ... coreEnd {
            guard position == coreEnd || word[position] == UInt8(ascii: "-") else { continue }
            if !isFirstPart { output.append(UInt8(ascii: "-")) }
            casePart(UnsafeBufferPointer(rebasing: word[partStart ..< position]), isFirst: isFirst && isFirstPart,
                     keepCapitals: keepCapitals, into: &output)
            isFirstPart = false
            partStart = position + 1
        }
        output.append(contentsOf: word[coreEnd...])
    }

    /// One word or one part of a hyphenated word (`TitleCase.casePart`).
    private static func casePart(_ part: UnsafeBufferPointer<UInt8>, isFirst: Bool, keepCapitals: Bool,
                                 into output: inout [UInt8]) {
        let lower = String(decoding: part.lazy.map(ASCIIText.lowered), as: UTF8.self)
        if let fixed = TitleCase.fixedSpellings[lower] {
            output.append(contentsOf: fixed.utf8)
            return
        }
        if keepCapitals, part.count >= 2, part.allSatisfy({ !isLetter($0) || isUpper($0) }), part.contains(where: isLetter) {
            output.append(contentsOf: part)
            return
        }
        if keepCapitals, zip(part, part.dropFirst()).contains(where: { isLower($0) && isUpper($1) }) {
            output.append(contentsOf: part)
            return
        }
        if !isFirst, TitleCase.smallWords.contains(lower) {
            output.append(contentsOf: lower.utf8)
            return
        }
        guard let first = part.first, isLetter(first) else {
            output.append(contentsOf: lower.utf8)
            return
        }
        output.append(isLower(first) ? first - 0x20 : first)
        output.append(contentsOf: lower.utf8.dropFirst())
    }
}
