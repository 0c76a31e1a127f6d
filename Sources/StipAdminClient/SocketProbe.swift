#if canImport(Glibc)
    import Glibc
#endif

/// Checks that something accepts connections on a Unix socket before an HTTP request is sent.
///
/// The HTTP client retries a failed connect until its deadline; a direct `connect()` answers at
/// once and tells "not running" apart from "not allowed".
enum SocketProbe {
    /// `nil` when the socket accepts connections, else why not.
    static func problem(at path: String) -> String? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return "cannot create a socket: \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return "the socket path is too long" }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, b) in bytes.enumerated() { buffer[i] = b }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result != 0 else { return nil }
        switch errno {
        case EACCES, EPERM:
            return "permission denied: your user may not use the socket (ask to be added to its group, usually `stip`)"
        case ENOENT:
            return
                "no socket there; is it running? start it with `stipd --config /etc/stip/stipd.yaml` (or `make run` in a checkout), or point stipctl at its socket with --socket or STIP_SOCKET"
        case ECONNREFUSED:
            return
                "nothing accepts connections (a socket left from a daemon that stopped?); is it running? start it with `stipd --config /etc/stip/stipd.yaml` (or `make run` in a checkout)"
        default:
            return
                "\(String(cString: strerror(errno))); is it running? start it with `stipd --config /etc/stip/stipd.yaml` (or `make run` in a checkout)"
        }
    }
}
