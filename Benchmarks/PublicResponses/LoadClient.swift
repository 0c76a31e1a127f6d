import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends requests from `concurrency` workers over kept-alive loopback connections and records each latency.
struct LoadClient {
    let client: HTTPClient
    let concurrency: Int

    init(concurrency: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.concurrency = concurrency
    }

    struct Result {
        var count: Int
        var failures: Int
        var elapsed: Duration
        var latencies: [Duration]

        var perSecond: Double { Double(count) / seconds(elapsed) }
        func percentile(_ p: Double) -> Double {
            let sorted = latencies.sorted()
            guard !sorted.isEmpty else { return 0 }
            return seconds(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) * 1000
        }
    }

    /// Runs `total` requests; `make(i)` builds request number i.
    func run(total: Int, _ make: @escaping @Sendable (Int) -> HTTPClientRequest, expect: HTTPResponseStatus) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let outcomes = try await withThrowingTaskGroup(of: ([Duration], Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var latencies: [Duration] = []
                    var failures = 0
                    var index = worker
                    while index < total {
                        let began = clock.now
                        let response = try await client.execute(make(index), timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        latencies.append(clock.now - began)
                        if response.status != expect { failures += 1 }
                        index += concurrency
                    }
                    return (latencies, failures)
                }
            }
            var all: [([Duration], Int)] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        return Result(
            count: total, failures: outcomes.map(\.1).reduce(0, +), elapsed: clock.now - start, latencies: outcomes.flatMap(\.0))
    }

    func shutdown() async throws { try await client.shutdown() }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
