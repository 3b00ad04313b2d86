/// Which header column feeds which metric, and how to read a row's metrics.
///
/// Columns are found by name (lower-cased, trimmed), the first synonym present winning.
/// `Global volume` is never a volume; `Previous position` is never a position.
struct ColumnMap: Sendable {
    var keyword: Int
    var volume: Int?
    var impressions: Int?
    var clicks: Int?
    var cpc: Int?
    var cpcLow: Int?
    var cpcHigh: Int?
    var difficulty: Int?
    var ctr: Int?
    var position: Int?
    var competition: Int?
    /// Whether `competition` is Keyword Planner's 0–100 index.
    var competitionIsIndex = false
    var intent: Int?
    /// Ahrefs Organic keywords' true/false intent columns, with the intent each names.
    var intentFlags: [(column: Int, name: String)] = []
    var url: Int?
    var parentKeyword: Int?
    /// Files without a volume column but with impressions (Search Console, Bing, search
    /// terms reports, and any generic file like them): impressions stand in for volume.
    var volumeFromImpressions: Bool
    /// Semrush API intent codes (0 commercial, 1 informational, 2 navigational, 3 transactional).
    var intentCodes: Bool
    /// Whether a lone `,` in a decimal is a decimal comma (files not separated by commas).
    var commaIsDecimal: Bool

    static let volumeNames = [
        "volume", "search volume", "avg. monthly searches", "monthly volume", "monthly searches",
        "avg. search volume", "suchvolumen",
    ]
    static let impressionNames = ["impressions", "impr.", "impr", "impressionen"]
    static let clickNames = ["clicks", "klicks"]
    static let cpcNames = ["cpc", "avg. cpc", "cpc (usd)"]
    static let difficultyNames = ["keyword difficulty", "difficulty", "kd", "kd %", "kd%", "keyword difficulty index"]
    static let ctrNames = ["ctr", "organic ctr"]
    static let positionNames = ["position", "current position", "average position", "avg. position", "durchschnittliche position"]
    static let competitionNames = ["competitive density", "competition (indexed value)", "competition", "wettbewerb"]
    static let intentNames = ["intent", "intents", "keyword intents", "search intent"]
    static let intentFlagNames = ["branded", "local", "informational", "commercial", "transactional", "navigational"]
    static let urlNames = ["url", "current url"]
    static let parentNames = ["parent keyword", "parent topic"]

    /// Maps `header` (names as written) for a file of `format`.
    ///
    /// - Complexity: O(*k*) in the number of header names.
    init(header: [String], keywordColumn: Int, format: KeywordFileFormat, delimiter: UInt8?) {
        let keys = header.map(FormatDetector.headerKey)
        var positions: [String: Int] = [:]
        for (index, key) in keys.enumerated() where positions[key] == nil { positions[key] = index }
        func find(_ names: [String]) -> Int? { names.lazy.compactMap { positions[$0] }.first }

        keyword = keywordColumn
        volume = find(Self.volumeNames)
        impressions = find(Self.impressionNames)
        clicks = find(Self.clickNames)
        cpc = find(Self.cpcNames) ?? keys.firstIndex { $0.hasPrefix("cpc (") }
        cpcLow = find(["top of page bid (low range)"])
        cpcHigh = find(["top of page bid (high range)"])
        difficulty = find(Self.difficultyNames)
        ctr = find(Self.ctrNames)
        position = find(Self.positionNames)
        competition = find(Self.competitionNames)
        competitionIsIndex = competition.map { keys[$0] == "competition (indexed value)" } ?? false
        intent = find(Self.intentNames)
        if intent == nil {
            intentFlags = Self.intentFlagNames.compactMap { name in positions[name].map { ($0, name) } }
        }
        url = find(Self.urlNames)
        parentKeyword = find(Self.parentNames)
        volumeFromImpressions = volume == nil && impressions != nil
        intentCodes = format == .semrushAPI
        commaIsDecimal = delimiter != UInt8(ascii: ",")
    }

    /// A plain list: keywords only.
    init(plainList: Void) {
        keyword = 0
        volumeFromImpressions = false
        intentCodes = false
        commaIsDecimal = false
    }

    /// Reads the metrics of one row.
    ///
    /// - Parameter texts: the file's cache, so rows with the same intent share its text.
    /// - Returns: the metrics, and whether the volume was a bucket such as `1K – 10K`.
    /// - Complexity: O(*m*) in the length of the row.
    func metrics<Row: RowCells>(of row: Row, texts: inout MetricTextsCache) -> (KeywordMetrics, volumeWasRange: Bool) {
        var metrics = KeywordMetrics()
        var volumeWasRange = false
        let commaIsDecimal = self.commaIsDecimal
        func present(_ column: Int?) -> Int? {
            guard let column, column < row.count, !row.isEmpty(column) else { return nil }
            return column
        }
        func field<T>(_ column: Int?, _ read: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
            present(column).flatMap { row.withBytes($0, read) }
        }
        /// A stored number as is, or the cell's text parsed by `read`.
        func number<T>(_ column: Int?, stored: (Double) -> T?, _ read: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
            guard let column = present(column) else { return nil }
            if let value = row.storedNumber(column) { return stored(value) }
            return row.withBytes(column, read)
        }
        func decimal(_ column: Int?) -> Double? {
            number(column, stored: { $0 }) { NumberParsing.decimal($0, commaIsDecimal: commaIsDecimal) }
        }
        func count(_ column: Int?) -> (value: Int, isRange: Bool)? {
            number(column, stored: { NumberParsing.toInt($0).map { ($0, false) } }, NumberParsing.count)
        }
        func text(_ column: Int?) -> String? { field(column, Self.trimmedText) }

        if let (value, isRange) = count(volume) {
            metrics.volume = value
            volumeWasRange = isRange
        }
        metrics.impressions = count(impressions)?.value
        metrics.clicks = count(clicks)?.value
        if volumeFromImpressions { metrics.volume = metrics.impressions }
        metrics.cpc = decimal(cpc)
        if metrics.cpc == nil {
            switch (decimal(cpcLow), decimal(cpcHigh)) {
            case let (low?, high?): metrics.cpc = (low + high) / 2
            case let (low?, nil): metrics.cpc = low
            case let (nil, high?): metrics.cpc = high
            case (nil, nil): break
            }
        }
        metrics.difficulty = decimal(difficulty)
        metrics.ctr = number(ctr, stored: NumberParsing.fraction) { NumberParsing.fraction($0, commaIsDecimal: commaIsDecimal) }
        metrics.position = decimal(position)
        let isIndex = competitionIsIndex
        metrics.competition = number(competition, stored: { isIndex || $0 > 1 ? $0 / 100 : $0 }) {
            Self.competitionValue($0, isIndex: isIndex, commaIsDecimal: commaIsDecimal)
        }
        var intentText: String?
        if intent != nil {
            let codes = intentCodes
            intentText = field(intent) { Self.intentValue($0, codes: codes) }
        } else if !intentFlags.isEmpty {
            let names = intentFlags.compactMap { flag in text(flag.column).flatMap { Self.isTrue($0) ? flag.name : nil } }
            intentText = names.isEmpty ? nil : names.joined(separator: ", ")
        }
        metrics.setTexts(texts.texts(
            intent: intentText, url: text(url), parentKeyword: text(parentKeyword).flatMap(KeywordNormalizer.normalize)
        ))
        return (metrics, volumeWasRange)
    }

    /// Competition as a fraction: an index column, or a number above 1, is a 0–100 index;
    /// Low/Medium/High (and German, French and Spanish spellings) become the middle of
    /// Google's thirds.
    static func competitionValue(_ bytes: UnsafeBufferPointer<UInt8>, isIndex: Bool, commaIsDecimal: Bool) -> Double? {
        if let value = NumberParsing.decimal(bytes, commaIsDecimal: commaIsDecimal) {
            return isIndex || value > 1 ? value / 100 : value
        }
        switch trimmedText(bytes)?.lowercased() {
        case "low", "niedrig", "faible", "baja", "bassa": return 0.17
        case "medium", "mittel", "moyenne", "media": return 0.5
        case "high", "hoch", "élevée", "elevee", "alta": return 0.83
        default: return nil
        }
    }

    /// The cell without surrounding ASCII whitespace, or `nil` when that leaves nothing.
    ///
    /// - Complexity: O(*m*) in the length of the cell.
    static func trimmedText(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private static let intentCodeNames: [UInt8: String] = [
        UInt8(ascii: "0"): "commercial", UInt8(ascii: "1"): "informational",
        UInt8(ascii: "2"): "navigational", UInt8(ascii: "3"): "transactional",
    ]

    /// Intent names, lower-cased and joined by `", "` (separators `,` `;` `|`); digit codes
    /// are translated when `codes` is set (Semrush API).
    ///
    /// - Complexity: O(*m*) in the length of the cell.
    static func intentValue(_ bytes: UnsafeBufferPointer<UInt8>, codes: Bool) -> String? {
        if !codes, bytes.allSatisfy({ $0 < 0x80 }) { return asciiIntentValue(bytes) }
        var parts: [String] = []
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: ";"), bytes[end] != UInt8(ascii: "|") {
                end += 1
            }
            if let part = trimmedText(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                if codes, part.utf8.count == 1, let name = intentCodeNames[part.utf8.first!] {
                    parts.append(name)
                } else {
                    parts.append(part.lowercased())
                }
            }
            start = end + 1
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// ``intentValue(_:codes:)`` for ASCII names, written straight into one string.
    ///
    /// - Complexity: O(*m*) in the length of the cell.
    private static func asciiIntentValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        // Each separator becomes ", ": at most one byte more than it was.
        let separators = bytes.count { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "|") }
        let result = String(unsafeUninitializedCapacity: bytes.count + separators) { output in
            var written = 0
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: ";"), bytes[end] != UInt8(ascii: "|") {
                    end += 1
                }
                var first = start, last = end
                while first < last, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
                while last > first, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
                if first < last {
                    if written > 0 {
                        output[written] = UInt8(ascii: ",")
                        output[written + 1] = UInt8(ascii: " ")
                        written += 2
                    }
                    for index in first..<last {
                        let byte = bytes[index]
                        output[written] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                        written += 1
                    }
                }
                start = end + 1
            }
            return written
        }
        return result.isEmpty ? nil : result
    }

    /// Whether a true/false cell (Ahrefs intent columns) says true.
    static func isTrue(_ raw: String) -> Bool {
        ["true", "yes", "1", "wahr", "ja"].contains(raw.lowercased())
    }
}
