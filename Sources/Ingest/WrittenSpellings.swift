/// How a keyword list writes the words it capitalises: initialisms in capitals ("VA", "OKC",
/// "CNS") and names with a capital inside ("HubSpot", "iPhone"). Keywords are stored
/// lower-case (``KeywordNormalizer``), so this is what is left of the source's casing, for
/// titles to spell those words as the export does.
///
/// A word counts only as written in one of those two ways; "Lawyer" (a capital first letter)
/// says nothing. A keyword written all in capitals with two or more words ("CAR ACCIDENT
/// LAWYER") is shouted, not spelled, and is not counted.
public struct WrittenSpellings: Sendable {
    /// Per lower-case word, each capitalised spelling with the rows that wrote it so, in
    /// first-seen order.
    private var seen: [String: [(spelling: String, rows: Int)]] = [:]

    public init() {}

    /// Whether nothing capitalised was seen.
    public var isEmpty: Bool { seen.isEmpty }

    /// Counts the capitalised words of one keyword cell as the source wrote it.
    ///
    /// - Complexity: O(*m*) in the length of the cell; a cell without an upper-case ASCII
    ///   letter or a non-ASCII byte is only scanned.
    mutating func note(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.contains(where: { (0x41...0x5A).contains($0) || $0 >= 0x80 }) else { return }
        note(String(decoding: bytes, as: UTF8.self))
    }

    /// Counts the capitalised words of `keyword` as the source wrote it.
    mutating func note(_ keyword: String) {
        let tokens = keyword.split(whereSeparator: { $0.isWhitespace }).map(Self.trimEdges).filter { !$0.isEmpty }
        let letters = tokens.joined().filter(\.isLetter)
        if tokens.count >= 2, letters.allSatisfy(\.isUppercase) { return }
        for token in tokens where Self.isCapitalised(token) {
            let word = token.lowercased()
            var spellings = seen[word] ?? []
            if let index = spellings.firstIndex(where: { $0.spelling == token }) {
                spellings[index].rows += 1
            } else {
                spellings.append((String(token), 1))
            }
            seen[word] = spellings
        }
    }

    /// These counts followed by `other`'s.
    public func merged(with other: WrittenSpellings) -> WrittenSpellings {
        var result = self
        for (word, spellings) in other.seen {
            for (spelling, rows) in spellings {
                var known = result.seen[word] ?? []
                if let index = known.firstIndex(where: { $0.spelling == spelling }) {
                    known[index].rows += rows
                } else {
                    known.append((spelling, rows))
                }
                result.seen[word] = known
            }
        }
        return result
    }

    /// The spelling each word takes, by lower-case word: its most written capitalised form
    /// (ties: the first seen), for the words the source capitalises in at least half of the
    /// `keywords` that hold them. "US" in "US visa" does not respell "lawyers near us" when
    /// most keywords write "us" in lower case.
    ///
    /// - Complexity: O(*n* × *w*) for *n* keywords of *w* words, when anything was
    ///   capitalised; O(1) otherwise.
    public func winners(in keywords: [ImportedKeyword]) -> [String: String] {
        guard !seen.isEmpty else { return [:] }
        var holding: [String: Int] = [:]
        for keyword in keywords {
            for word in Set(keyword.text.split(separator: " ").map(Self.trimEdges)) where seen[String(word)] != nil {
                holding[String(word), default: 0] += 1
            }
        }
        var winners: [String: String] = [:]
        for (word, spellings) in seen {
            let capitalised = spellings.reduce(0) { $0 + $1.rows }
            guard capitalised * 2 >= holding[word, default: 0],
                  let best = spellings.enumerated().max(by: { a, b in
                      a.element.rows != b.element.rows ? a.element.rows < b.element.rows : a.offset > b.offset
                  })
            else { continue }
            winners[word] = best.element.spelling
        }
        return winners
    }

    /// Two or more letters, all capitals ("VA", "IRS"; not "W2", one letter), or a capital
    /// right after a small letter ("HubSpot", "iPhone").
    static func isCapitalised(_ token: Substring) -> Bool {
        let letters = token.filter(\.isLetter)
        if letters.count >= 2, letters.allSatisfy(\.isUppercase) { return true }
        return zip(token, token.dropFirst()).contains { $0.isLowercase && $1.isUppercase }
    }

    /// `token` without the punctuation at its ends ("(VA)," → "VA").
    static func trimEdges(_ token: Substring) -> Substring {
        var token = token
        while let first = token.first, !first.isLetter, !first.isNumber { token = token.dropFirst() }
        while let last = token.last, !last.isLetter, !last.isNumber { token = token.dropLast() }
        return token
    }
}
