#if canImport(Glibc)
    import Glibc
#endif
public import Foundation

/// An exclusive `flock` on `DATA/stipd.lock`, held for the life of the process, so that two
/// daemons never share a data directory. The kernel drops it when the process dies, so a
/// crash never leaves a stale lock behind.
public final class DataDirectoryLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock or says who holds it.
    /// - Parameter url: the lock file.
    /// - Throws: ``StartupError`` when another process holds it or the file cannot be created.
    public init(url: URL) throws(StartupError) {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StartupError(
                "cannot create the lock file \(url.path): \(String(cString: strerror(errno))); check the data directory's permissions")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw StartupError(
                "another stipd\(holder.map { $0.isEmpty ? "" : " (pid \($0))" } ?? "") is using the data directory \(url.deletingLastPathComponent().path); stop it first, or give this one another --data-dir"
            )
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
