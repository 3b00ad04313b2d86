/// A light, deterministic English stemmer: the first step of Porter's algorithm (plurals,
/// `-ed`, `-ing`, final `-y`), with two additions for keyword lists.
///
/// Rules, applied in order to words made only of the letters `a`-`z` and at least 3 letters
/// long (other words, such as `mp3`, `café` or `c++`, are returned unchanged):
/// 1. Plurals: `-sses` → `-ss` (`classes` → `class`); `-ches`, `-shes`, `-xes`, `-zzes` lose
///    `-es` (`watches` → `watch`, `boxes` → `box`); `-ies` → `-i` (`cities` → `citi`), or
///    `-ie` in 4-letter words (`ties` → `tie`); a final `-s` goes unless the word ends in
///    `-ss`, `-us` or `-is` or has 3 letters (`shoes` → `shoe`, `bus`, `analysis`, `gas` stay).
/// 2. `-eed` → `-ee` when something vowel-consonant comes before (`agreed` → `agree`,
///    `need` stays); otherwise `-ed` and `-ing` go when the rest has a vowel (`booking` → `book`,
///    `string` stays), then `-at`, `-bl`, `-iz` get their `e` back (`created` → `create`), a
///    doubled final consonant other than `l`, `s`, `z` is undoubled (`shopping` → `shop`), and
///    a short consonant-vowel-consonant stem gets an `e` (`making` → `make`).
/// 3. A final `-y` after a consonant becomes `-i` when the rest has a vowel (`city` → `citi`,
///    so it meets `cities`; `sky`, `play` stay), and a final `-ie` becomes `-i` in words of 5 or
///    more letters (`movie` → `movi`, like `movies`).
///
/// Stems are features, not display text: `citi` is the shared stem of `city` and `cities`.
public enum LightStemmer {
    /// The stem of one lower-case word.
    ///
    /// ```swift
    /// LightStemmer.stem("running") // "run"
    /// ```
    /// - Complexity: O(word.utf8.count)
    public static func stem(_ word: Substring) -> String {
        var bytes = Array(word.utf8)
        stem(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Stems `word` in place (its bytes are UTF-8).
    /// - Complexity: O(word.count)
    static func stem(_ word: inout [UInt8]) {
        guard word.count >= 3 else { return }
        for byte in word where byte < 0x61 || byte > 0x7a { return }
        stripPlural(&word)
        stripPastAndProgressive(&word)
        replaceFinalY(&word)
    }

    // MARK: - Steps

    private static func stripPlural(_ word: inout [UInt8]) {
        let count = word.count
        guard count >= 4, word[count - 1] == s else { return }
        if ends(word, "sses") || ends(word, "ches") || ends(word, "shes") || ends(word, "zzes") {
            word.removeLast(2)
        } else if ends(word, "xes"), count >= 5 {
            word.removeLast(2)
        } else if ends(word, "ies") {
            word.removeLast(count >= 5 ? 2 : 1)
        } else if !(ends(word, "ss") || ends(word, "us") || ends(word, "is")) {
            word.removeLast()
        }
    }

    private static func stripPastAndProgressive(_ word: inout [UInt8]) {
        if ends(word, "eed") {
            if measure(word, upTo: word.count - 3) > 0 { word.removeLast() }
            return
        }
        let suffix: Int
        if ends(word, "ed") {
            suffix = 2
        } else if ends(word, "ing") {
            suffix = 3
        } else {
            return
        }
        let stemLength = word.count - suffix
        guard stemLength >= 2, containsVowel(word, upTo: stemLength) else { return }
        word.removeLast(suffix)
        let count = word.count
        if ends(word, "at") || ends(word, "bl") || ends(word, "iz") {
            word.append(e)
        } else if count >= 2, word[count - 1] == word[count - 2], isConsonant(word, count - 1),
                  word[count - 1] != l, word[count - 1] != s, word[count - 1] != z {
            word.removeLast()
        } else if measure(word, upTo: count) == 1, endsConsonantVowelConsonant(word) {
            word.append(e)
        }
    }

    private static func replaceFinalY(_ word: inout [UInt8]) {
        let count = word.count
        guard count >= 3 else { return }
        if word[count - 1] == y, isConsonant(word, count - 2), containsVowel(word, upTo: count - 1) {
            word[count - 1] = i
        } else if count >= 5, ends(word, "ie") {
            word.removeLast()
        }
    }

    // MARK: - Porter's definitions

    private static let s = UInt8(ascii: "s"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i")
    private static let y = UInt8(ascii: "y"), l = UInt8(ascii: "l"), z = UInt8(ascii: "z")

    /// Whether `word` ends with the ASCII `suffix`.
    @inline(__always)
    private static func ends(_ word: [UInt8], _ suffix: StaticString) -> Bool {
        let length = suffix.utf8CodeUnitCount
        guard word.count >= length else { return false }
        let start = word.count - length
        return suffix.withUTF8Buffer { suffixBytes in
            for offset in 0..<length where word[start + offset] != suffixBytes[offset] { return false }
            return true
        }
    }

    /// Porter's consonant: not a vowel, where `y` after a consonant counts as a vowel.
    private static func isConsonant(_ word: [UInt8], _ index: Int) -> Bool {
        switch word[index] {
        case UInt8(ascii: "a"), e, i, UInt8(ascii: "o"), UInt8(ascii: "u"): return false
        case y: return index == 0 || !isConsonant(word, index - 1)
        default: return true
        }
    }

    /// Whether `word[..<length]` has a vowel.
    private static func containsVowel(_ word: [UInt8], upTo length: Int) -> Bool {
        for index in 0..<length where !isConsonant(word, index) { return true }
        return false
    }

    /// Porter's measure of `word[..<length]`: how many vowel-consonant sequences it holds.
    /// - Complexity: O(length)
    private static func measure(_ word: [UInt8], upTo length: Int) -> Int {
        var count = 0
        var previousWasVowel = false
        for index in 0..<length {
            let vowel = !isConsonant(word, index)
            if previousWasVowel, !vowel { count += 1 }
            previousWasVowel = vowel
        }
        return count
    }

    /// Whether `word` ends consonant-vowel-consonant, the last not `w`, `x` or `y`.
    private static func endsConsonantVowelConsonant(_ word: [UInt8]) -> Bool {
        let count = word.count
        guard count >= 3, isConsonant(word, count - 3), !isConsonant(word, count - 2),
              isConsonant(word, count - 1) else { return false }
        let last = word[count - 1]
        return last != UInt8(ascii: "w") && last != UInt8(ascii: "x") && last != y
    }
}
