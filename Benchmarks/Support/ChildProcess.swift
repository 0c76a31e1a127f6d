import Foundation

/// Runs a program to its end and returns what it wrote to standard output (standard error is discarded).
///
/// posix_spawn itself, not Foundation's `Process` or swift-subprocess: under valgrind (`instructions.py`) the
/// first fails on descriptors valgrind keeps for itself and the second waits for the end through `pidfd_open`,
/// which valgrind 3.19 does not know. The child is waited for on a thread of its own, so no thread of the
/// cooperative pool (which the server in the same process needs) blocks.
public func runToEnd(_ program: String, _ arguments: [String]) async throws -> String {
    try await withCheckedThrowingContinuation { (done: CheckedContinuation<String, any Error>) in
        Thread.detachNewThread {
            done.resume(with: Result { try runToEndBlocking(program, arguments) })
        }
    }
}

/// The failure of a program `runToEnd` ran.
public struct ChildProcessFailure: Error, CustomStringConvertible {
    public var description: String
}

private func runToEndBlocking(_ program: String, _ arguments: [String]) throws -> String {
    var pipe: [Int32] = [0, 0]
    guard Glibc.pipe(&pipe) == 0 else { throw ChildProcessFailure(description: "pipe: errno \(errno)") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
    posix_spawn_file_actions_addclose(&actions, pipe[0])
    posix_spawn_file_actions_addclose(&actions, pipe[1])
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let words: [String] = [program] + arguments
    let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var child: pid_t = 0
    let failure = posix_spawnp(&child, program, &actions, nil, argv, environ)
    close(pipe[1])
    defer { close(pipe[0]) }
    guard failure == 0 else { throw ChildProcessFailure(description: "\(program) could not be started: errno \(failure)") }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { continue }
        if count <= 0 { break }
        output += buffer[0..<count]
    }
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0, errno == EINTR {}
    guard status == 0 else { throw ChildProcessFailure(description: "\(program) ended with status \(status)") }
    return String(decoding: output, as: UTF8.self)
}
