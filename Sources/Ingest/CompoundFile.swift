/// The directory of an OLE compound file (Microsoft's "structured storage": old `.xls`
/// workbooks and `.doc` files, and also password-protected `.xlsx` workbooks, which Office
/// wraps in one holding `EncryptionInfo` and `EncryptedPackage` streams). Only the names of
/// its streams are read: enough to tell the user which of these they hold.
///
/// Layout ([MS-CFB]): a 512-byte header, then sectors of 2^`sectorShift` bytes; the FAT (its
/// sectors listed by the header's DIFAT and a DIFAT chain) links each sector to the next; the
/// directory is a chain of 128-byte entries whose names are UTF-16LE.
enum CompoundFile {
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// What the compound file holds, as far as an import cares.
    enum Content: Equatable {
        case encryptedWorkbook
        case legacyWorkbook
        case otherDocument
    }

    /// The error for importing the compound file `bytes`: each kind says what to do.
    static func error(_ bytes: [UInt8], file: String) -> IngestError {
        switch content(bytes) {
        case .encryptedWorkbook:
            IngestError(file: file, problem: "this workbook is password-protected (encrypted), so kwcluster cannot read it",
                        hint: "open it in Excel with its password, save a copy without one (File > Info > Protect Workbook > Encrypt with Password, clear it), and import that.")
        case .legacyWorkbook:
            IngestError(file: file, problem: "this is an old-format Excel workbook (.xls), which kwcluster does not read",
                        hint: "open it in Excel or LibreOffice and save it as .xlsx (or as CSV UTF-8), and import that.")
        case .otherDocument:
            IngestError(file: file, problem: "this is an old-format Office document (not a workbook kwcluster can read)",
                        hint: "export the keywords as .xlsx or CSV and import that.")
        }
    }

    /// Classifies the compound file in `bytes` by its stream names (`nil` names when the
    /// directory cannot be read: a damaged file is still an Office file, reported as such).
    static func content(_ bytes: [UInt8]) -> Content {
        guard let names = streamNames(bytes) else { return .otherDocument }
        if names.contains("EncryptionInfo") && names.contains("EncryptedPackage") { return .encryptedWorkbook }
        if names.contains("Workbook") || names.contains("Book") { return .legacyWorkbook }
        return .otherDocument
    }

    /// The names of the directory's entries, or `nil` when its structure is damaged.
    ///
    /// - Complexity: O(*n*) in the size of the file (every chain is bounded by the sector count).
    static func streamNames(_ bytes: [UInt8]) -> Set<String>? {
        guard bytes.count >= 512, bytes.starts(with: signature) else { return nil }
        let shift = Int(ZipArchive.u16(bytes, 0x1E))
        guard shift == 9 || shift == 12 else { return nil }
        let sectorSize = 1 << shift
        let sectorCount = bytes.count / sectorSize
        func sectorOffset(_ sector: UInt32) -> Int? {
            let offset = (Int(sector) + 1) << shift
            return offset + sectorSize <= bytes.count ? offset : nil
        }
        // The FAT's sectors: 109 in the header, the rest in the DIFAT chain.
        var fatSectors: [UInt32] = (0..<109).map { ZipArchive.u32(bytes, 0x4C + 4 * $0) }
        var difat = ZipArchive.u32(bytes, 0x44)
        var steps = 0
        while difat < 0xFFFF_FFFA, let offset = sectorOffset(difat), steps < sectorCount {
            let perSector = sectorSize / 4 - 1
            fatSectors += (0..<perSector).map { ZipArchive.u32(bytes, offset + 4 * $0) }
            difat = ZipArchive.u32(bytes, offset + 4 * perSector)
            steps += 1
        }
        var fat: [UInt32] = []
        for sector in fatSectors where sector < 0xFFFF_FFFA {
            guard let offset = sectorOffset(sector) else { return nil }
            fat += (0..<(sectorSize / 4)).map { ZipArchive.u32(bytes, offset + 4 * $0) }
        }
        var names = Set<String>()
        var sector = ZipArchive.u32(bytes, 0x30)
        steps = 0
        while sector < 0xFFFF_FFFA {
            guard let offset = sectorOffset(sector), steps < sectorCount else { return nil }
            for entry in stride(from: offset, to: offset + sectorSize, by: 128) where bytes[entry + 0x42] != 0 {
                let length = min(64, Int(ZipArchive.u16(bytes, entry + 0x40)))
                let units = stride(from: entry, to: entry + max(0, length - 2), by: 2).map { ZipArchive.u16(bytes, $0) }
                names.insert(String(decoding: units, as: UTF16.self))
            }
            guard Int(sector) < fat.count else { return nil }
            sector = fat[Int(sector)]
            steps += 1
        }
        return names
    }
}
