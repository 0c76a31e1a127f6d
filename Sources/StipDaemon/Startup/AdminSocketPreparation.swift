#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Checks around the admin socket that Hummingbird does not do: a private directory, no live
/// daemon on the path, and the configured permissions once it exists.
enum AdminSocketPreparation {
    /// Makes sure the socket can be created safely at `path`.
    /// - Throws: ``StartupError`` when the directory is writable by others, the path is a live socket, or not a socket at all.
    static func prepare(path: String) throws(StartupError) {
        let directory = (path as NSString).deletingLastPathComponent
        let files = FileManager.default
        // FileManager's attributes rather than stat(2): the C struct is declared by more than one module here.
        if !files.fileExists(atPath: directory) {
            do {
                try files.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            } catch {
                throw StartupError("cannot create the socket directory \(directory): \(error.localizedDescription)")
            }
        }
        let info: [FileAttributeKey: Any]
        do {
            info = try files.attributesOfItem(atPath: directory)
        } catch {
            throw StartupError("cannot inspect the socket directory \(directory): \(error.localizedDescription)")
        }
        let mode = (info[.posixPermissions] as? NSNumber)?.uint16Value ?? 0
        if mode & 0o002 != 0 {
            throw StartupError(
                "the socket directory \(directory) is writable by every user (mode \(String(mode & 0o7777, radix: 8))), so anyone could replace the admin socket; use a private directory such as /run/stip (chmod o-w \(directory)), or set admin.socket / --socket"
            )
        }
        // attributesOfItem does not follow a symbolic link, as lstat(2).
        guard let existing = try? files.attributesOfItem(atPath: path) else { return }
        guard existing[.type] as? FileAttributeType == .typeSocket else {
            throw StartupError("\(path) exists and is not a socket; remove it or choose another admin.socket")
        }
        if isAcceptingConnections(path) {
            throw StartupError(
                "the admin socket \(path) is in use by a running process (another stipd?); stop it first or choose another --socket")
        }
        // A socket nobody answers on is left over from a crash: remove it so bind() succeeds.
        unlink(path)
    }

    /// Applies the configured mode to the socket file (Hummingbird creates it with the umask's).
    static func applyMode(_ mode: UInt16, to path: String) throws(StartupError) {
        guard chmod(path, mode_t(mode)) == 0 else {
            throw StartupError("cannot set mode \(String(mode, radix: 8)) on the admin socket \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func isAcceptingConnections(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, b) in bytes.prefix(buffer.count - 1).enumerated() { buffer[i] = b }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0
    }
}
