/// Headline capitalisation for titles, close to the Chicago Manual of Style.
///
/// - Every word is capitalised ("Grow", "Tomatoes", "Step-by-Step"), except the small
///   words below, which stay lower-case unless they start the title or a subtitle (after
///   ":", "?", "!", "." or a dash).
/// - Known acronyms and brand spellings are written their way: "SEO", "CRM", "USA", "NYC",
///   "AI", "DIY", "LED", "pH", "iPhone", "YouTube".
/// - In mixed-case input an all-capitals word of two or more letters is kept ("NASA"), and so
///   is a word with a capital after a lower-case letter ("McAllen", "DeKalb"); all-capitals
///   input is lower-cased first, so it is not kept whole.
/// - Words starting with a digit keep their letters lower-case ("10x10", "2nd").
/// - Each part of a hyphenated word follows the same rules ("Step-by-Step", "Top-Rated").
/// - Spacing is normalised to single spaces.
public enum TitleCase {
    /// Articles, short conjunctions and short prepositions kept lower-case inside a title.
    public static let smallWords: Set<String> = [
        "a", "an", "the", "and", "but", "or", "nor", "for", "in", "of", "to", "at", "by",
        "on", "per", "via", "vs", "vs.", "v", "as", "into", "from", "with",
    ]

    /// Words with a fixed spelling, keyed by their lower-case form.
    public static let fixedSpellings: [String: String] = {
        var table: [String: String] = [:]
        for acronym in [
            "seo", "crm", "usa", "uk", "eu", "nyc", "ai", "diy", "led", "uv", "bbq", "hvac",
            "rv", "atv", "utv", "faq", "faqs", "pdf", "usb", "tv", "pc", "gps", "ppc", "roi",
            "saas", "api", "ac", "suv", "mph", "psi", "btu", "gpm", "cfm", "pvc", "hepa",
            "xl", "xxl", "awd", "4wd", "2wd", "mdf", "osb", "ny", "nj", "dc", "url",
            "html", "css", "seo's", "diy's", "cpc", "b&q", "rei", "hoa", "lvp", "gfci",
            // Law, health and business.
            "cns", "irs", "dui", "dwi", "owi", "ssdi", "ssi", "tbi", "ptsd", "osha", "fmla", "eeoc", "ada",
            "llc", "pllc", "cpa", "dmv", "icu", "mri", "dna", "hipaa", "cdl",
            "uim", "kpi", "kpis", "b2b", "b2c", "erp", "hr", "ceo", "cms", "sms", "utm", "json", "csv",
            "vpn", "ssl", "dns", "qa", "ux", "ui", "gdpr", "evs", "usps",
        ] {
            table[acronym] = acronym.uppercased()
        }
        // State postal codes and short forms from the gazetteer (TX, NYC, OKC, DFW).
        table.merge(Acronyms.fromGazetteer) { listed, _ in listed }
        table["ph"] = "pH"
        table["faqs"] = "FAQs"
        table["iphone"] = "iPhone"
        table["ipad"] = "iPad"
        table["ios"] = "iOS"
        table["macos"] = "macOS"
        table["youtube"] = "YouTube"
        table["tiktok"] = "TikTok"
        table["linkedin"] = "LinkedIn"
        table["wordpress"] = "WordPress"
        table["ebay"] = "eBay"
        table["paypal"] = "PayPal"
        table["hubspot"] = "HubSpot"
        table["mcdonald's"] = "McDonald's"
        table["airpods"] = "AirPods"
        table["quickbooks"] = "QuickBooks"
        table["convertkit"] = "ConvertKit"
        table["salesforce"] = "Salesforce"
        table["semrush"] = "Semrush"
        return table
    }()

    /// `text` in title case (rules in the type's documentation).
    ///
    /// - Complexity: O(*n*) in the length of `text`.
    public static func apply(_ text: String) -> String {
        ASCIITitleCase.apply(text) ?? applyByCharacter(text)
    }

    /// `apply` for any text, character by character.
    static func applyByCharacter(_ text: String) -> String {
        let keepCapitals = text.contains { $0.isLowercase }
        var output: [String] = []
        var startsSubtitle = true
        for token in text.split(whereSeparator: { $0.isWhitespace }) {
            let word = String(token)
            if word == "-" || word == "–" || word == "—" {
                output.append(word)
                startsSubtitle = true
                continue
            }
            output.append(caseWord(word, isFirst: startsSubtitle, keepCapitals: keepCapitals))
            if let last = word.last {
                startsSubtitle = last == ":" || last == "?" || last == "!" || last == "." && word != "vs."
            }
        }
        return output.joined(separator: " ")
    }

    /// One space-separated word with its surrounding punctuation.
    private static func caseWord(_ word: String, isFirst: Bool, keepCapitals: Bool) -> String {
        guard let coreStart = word.firstIndex(where: KeywordText.isWordCharacter),
              let coreEnd = word.lastIndex(where: KeywordText.isWordCharacter)
        else { return word }
        var core = String(word[coreStart...coreEnd])
        let prefix = word[..<coreStart]
        var suffix = word[word.index(after: coreEnd)...]
        if core.lowercased() == "vs", suffix.hasPrefix(".") {
            core += "."
            suffix = suffix.dropFirst()
        }
        let parts = core.split(separator: "-", omittingEmptySubsequences: false)
        let cased = parts.enumerated().map { offset, part in
            casePart(String(part), isFirst: isFirst && offset == 0, keepCapitals: keepCapitals)
        }
        return prefix + cased.joined(separator: "-") + suffix
    }

    /// One word or one part of a hyphenated word, without surrounding punctuation.
    private static func casePart(_ part: String, isFirst: Bool, keepCapitals: Bool) -> String {
        let lower = part.lowercased()
        if let fixed = fixedSpellings[lower] {
            return fixed
        }
        if keepCapitals, part.count >= 2, part.allSatisfy({ !$0.isLetter || $0.isUppercase }),
           part.contains(where: { $0.isLetter }) {
            return part
        }
        // A capital after a lower-case letter is a name's own casing ("McAllen", "DeKalb").
        if keepCapitals, zip(part, part.dropFirst()).contains(where: { $0.isLowercase && $1.isUppercase }) {
            return part
        }
        if !isFirst, smallWords.contains(lower) { return lower }
        guard let first = lower.first, first.isLetter else { return lower }
        return first.uppercased() + lower.dropFirst()
    }
}
