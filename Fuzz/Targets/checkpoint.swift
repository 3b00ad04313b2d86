// libFuzzer target: decoding a checkpoint's model snapshot and generator state (module
// Clustering, as CheckpointManager.restore reads them from `batch_checkpoints`).
// Built by scripts/fuzz.sh together with Sources/VectorMath and Sources/Clustering.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The serialized model (the snapshot's base64 payload) must be read back or refused.
    if let model = try? KMeansModel(serialized: bytes) {
        // A model that was accepted must be usable: it serializes and reads back.
        _ = try? KMeansModel(serialized: model.serialized())
    }
    // The generator state inside `cluster_state` JSON.
    _ = try? JSONDecoder().decode(SeededGenerator.self, from: Data(bytes))
    return 0
}
