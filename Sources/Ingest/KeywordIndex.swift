/// Finds a keyword's position in the merger's list by its text: an open-addressing hash table
/// (linear probing) whose slots hold the position and 32 bits of the text's hash, 8 bytes
/// each, and compare texts in the list itself. A `[String: Int]` holds a copy of each key
/// beside its value, 24 bytes a slot: at 1,000,000 keywords this table takes 16 MB against
/// its 48 MB.
///
/// Texts are equal and hashed as `String`s are (canonical equivalence), as a dictionary of
/// them would.
///
/// The table grows as texts come (moving slots by their stored hash, without hashing a text
/// again) rather than being sized for the rows a file may hold: every slot of an array is
/// written when it is made, so a table sized for a million rows over a thousand keywords would
/// cost 16 MB of memory for nothing.
struct KeywordIndex: Sendable {
    private struct Slot {
        /// The position plus one; 0 marks an empty slot.
        var positionPlusOne: UInt32
        /// The low 32 bits of the text's hash: the slot's home, and a quick inequality check.
        var hash: UInt32
    }

    private var slots = [Slot](repeating: Slot(positionPlusOne: 0, hash: 0), count: 8)
    private(set) var count = 0

    /// The position of `text` in `keywords`, or `nil` after recording it at `keywords.count`
    /// (the caller appends it next).
    ///
    /// - Complexity: amortised O(*m*) in the length of the text.
    mutating func positionOrInsert(_ text: String, in keywords: [ImportedKeyword]) -> Int? {
        let hash = UInt32(truncatingIfNeeded: text.hashValue)
        let (position, free) = find(text, hash: hash, in: keywords)
        if position != nil { return position }
        precondition(keywords.count < UInt32.max - 1, "more keywords than the index can hold")
        slots[free] = Slot(positionPlusOne: UInt32(keywords.count + 1), hash: hash)
        count += 1
        if Self.isFull(count, slots.count) { resize(to: slots.count * 2) }
        return nil
    }

    /// The position of `text` in `keywords`, if it is there.
    ///
    /// - Complexity: O(*m*) in the length of the text.
    func position(of text: String, in keywords: [ImportedKeyword]) -> Int? {
        find(text, hash: UInt32(truncatingIfNeeded: text.hashValue), in: keywords).position
    }

    /// The position of `text`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ text: String, hash: UInt32, in keywords: [ImportedKeyword]) -> (position: Int?, free: Int) {
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while true {
            let slot = slots[index]
            if slot.positionPlusOne == 0 { return (nil, index) }
            if slot.hash == hash, keywords[Int(slot.positionPlusOne) - 1].text == text { return (Int(slot.positionPlusOne) - 1, index) }
            index = (index + 1) & mask
        }
    }

    /// Whether `count` texts fill `size` slots past three quarters (as a dictionary's table).
    private static func isFull(_ count: Int, _ size: Int) -> Bool {
        count * 4 > size * 3
    }

    /// Moves every slot into a table of `size` slots (a power of two), homed by its stored
    /// hash: no text is hashed again.
    private mutating func resize(to size: Int) {
        var grown = [Slot](repeating: Slot(positionPlusOne: 0, hash: 0), count: size)
        let mask = size - 1
        for slot in slots where slot.positionPlusOne != 0 {
            var index = Int(slot.hash) & mask
            while grown[index].positionPlusOne != 0 { index = (index + 1) & mask }
            grown[index] = slot
        }
        slots = grown
    }
}
