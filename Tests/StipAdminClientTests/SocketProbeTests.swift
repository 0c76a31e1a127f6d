import Foundation
import NIOHTTP1
@testable import StipAdminClient
import StipTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A Unix socket bound at `path`, listening or not; closed when the value goes away.
final class UnixSocket {
    let descriptor: Int32

    init(at path: String, listening: Bool) throws {
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, !listening || listen(descriptor, 4) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL)
        }
    }

    deinit { close(descriptor) }
}

@Suite("the socket probe: why stipctl cannot reach the daemon, said at once")
struct SocketProbeTests {
    @Test("no socket at the path: the daemon is not running, and how to start it")
    func missingSocket() throws {
        let temp = try TemporaryDirectory("stip-probe")
        let problem = try #require(SocketProbe.problem(at: temp.file("stipd.sock").path))
        #expect(problem.hasPrefix("no socket there; is it running?"), "\(problem)")
        #expect(problem.contains("--socket or STIP_SOCKET"))
    }

    @Test("a socket file nobody listens on (left by a daemon that stopped) is told apart")
    func staleSocket() throws {
        let temp = try TemporaryDirectory("stip-probe")
        let path = temp.file("stipd.sock").path
        let stale = try UnixSocket(at: path, listening: false)
        let problem = try #require(SocketProbe.problem(at: path))
        #expect(problem.hasPrefix("nothing accepts connections (a socket left from a daemon that stopped?)"), "\(problem)")
        _ = stale
    }

    @Test("a listening socket passes the probe")
    func listeningSocket() throws {
        let temp = try TemporaryDirectory("stip-probe")
        let path = temp.file("stipd.sock").path
        let server = try UnixSocket(at: path, listening: true)
        #expect(SocketProbe.problem(at: path) == nil)
        _ = server
    }

    @Test("a path longer than a socket address can hold is refused before connecting")
    func pathTooLong() {
        let path = "/tmp/" + String(repeating: "d", count: 200) + "/stipd.sock"
        #expect(SocketProbe.problem(at: path) == "the socket path is too long")
    }

    @Test("a request to a socket that does not exist fails as unreachable (exit 3), without waiting for a timeout")
    func clientUnreachable() async throws {
        let temp = try TemporaryDirectory("stip-probe")
        let path = temp.file("stipd.sock").path
        let client = AdminClient(socketPath: path)
        await #expect {
            try await client.send(.GET, "/v1/health")
        } throws: { error in
            guard case .unreachable(let reported, let hint)? = error as? AdminClientError else { return false }
            return reported == path && hint.hasPrefix("no socket there") && (error as? AdminClientError)?.exitCode == 3
        }
    }
}
