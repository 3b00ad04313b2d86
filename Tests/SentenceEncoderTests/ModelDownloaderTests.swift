import Foundation
import SentenceEncoder
import Testing

struct ModelDownloaderTests {
    @Test("the hub downloader fetches the three model files and checks the weights' size")
    func hubFiles() {
        // Given the Hugging Face downloader
        let downloader = ModelDownloader.huggingFace

        // Then it fetches from the model's resolve/main folder, the files the encoder needs
        #expect(downloader.baseURL.absoluteString
            == "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/")
        let names = downloader.files.map(\.name)
        for required in ModelLocator.requiredFiles { #expect(names.contains(required)) }
        #expect(downloader.files.first { $0.name == "model.safetensors" }?.expectedSize == 90_868_376)
    }

    @Test("a failed download names the URL and leaves no model folder behind")
    func failedDownload() throws {
        // Given a server address that refuses connections and a target folder
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("download-\(UUID().uuidString)")
        let base = try #require(URL(string: "http://127.0.0.1:9/model/"))
        let downloader = ModelDownloader(baseURL: base, files: [.init(name: "config.json")])

        // When downloading
        // Then it throws downloadFailed for the file's URL, and the target does not exist
        do {
            try downloader.download(into: target) { _ in }
            Issue.record("the download unexpectedly succeeded")
        } catch let error as SentenceEncoderError {
            guard case .downloadFailed(let url, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(url.absoluteString == "http://127.0.0.1:9/model/config.json")
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }
}
