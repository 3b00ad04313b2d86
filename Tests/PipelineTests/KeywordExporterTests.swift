import Testing
@testable import Pipeline

@Suite struct KeywordExporterTests {
    @Test func formulasAreNeutralisedInCSV() {
        #expect(CSVField.text("=SUM(A1)") == "'=SUM(A1)")
        #expect(CSVField.text("+1 phone") == "'+1 phone")
        #expect(CSVField.text("-5 degrees") == "'-5 degrees")
        #expect(CSVField.text("@home gym") == "'@home gym")
        #expect(CSVField.text("plain keyword") == "plain keyword")
    }

    @Test func fieldsWithCommasQuotesAndNewlinesAreQuoted() {
        #expect(CSVField.text("a, b") == "\"a, b\"")
        #expect(CSVField.text("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVField.text("=a,b") == "\"'=a,b\"")
    }

    @Test func keywordColumnComesFirst() {
        #expect(KeywordExporter.csvColumns.first == "keyword")
        #expect(KeywordExporter.csvColumns.contains("cluster_id"))
        #expect(KeywordExporter.csvColumns.contains("cluster_label"))
    }
}
