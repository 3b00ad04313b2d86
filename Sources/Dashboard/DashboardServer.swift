import Foundation
import Hummingbird
#if canImport(Glibc)
import Glibc
#endif

/// The dashboard's HTTP server on 127.0.0.1 (never another interface).
public enum DashboardServer {
    public static let host = "127.0.0.1"

    /// Whether a TCP port can be bound on 127.0.0.1 now (a port in use gets a clear message
    /// before the server starts).
    public static func portIsFree(_ port: Int) -> Bool {
        guard port != 0 else { return true }
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return true }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
        #else
        return true
        #endif
    }

    /// Serves the dashboard until interrupted (SIGINT/SIGTERM); `onListening` gets the URL once
    /// the server listens (with the real port when `port` is 0).
    public static func run(_ dashboard: Dashboard, port: Int, onListening: @escaping @Sendable (String) -> Void) async throws {
        // Hummingbird's own logger reads LOG_LEVEL: warnings only, unless the user set it.
        setenv("LOG_LEVEL", "warning", 0)
        let app = Application(
            router: dashboard.router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "kwcluster", reuseAddress: false),
            onServerRunning: { channel in
                onListening("http://\(host):\(channel.localAddress?.port ?? port)/")
            })
        try await app.runService()
    }
}
