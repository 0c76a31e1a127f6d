public import HTTPTypes

/// The routes an API registers, recorded as they are added, so that documentation can be
/// checked against them and a wrong method can be told apart from an unknown path.
public final class RouteTable: Sendable {
    /// One registered route: method and path template (`/v1/workspaces/{slug}`).
    public struct Route: Hashable, Sendable, Comparable {
        public var method: String
        public var path: String

        public static func < (lhs: Route, rhs: Route) -> Bool { (lhs.path, lhs.method) < (rhs.path, rhs.method) }
    }

    private let storage: Mutex<[Route]> = Mutex([])

    /// An empty table.
    public init() {}

    /// Every route recorded so far.
    public var routes: [Route] { storage.withLock { $0 } }

    public func record(_ method: HTTPRequest.Method, _ path: String) {
        storage.withLock { $0.append(Route(method: method.rawValue, path: path)) }
    }

    /// The methods registered for paths matching `path`, empty when no template matches.
    public func methods(matching path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routes.filter { route in
            let template = route.path.split(separator: "/", omittingEmptySubsequences: true)
            guard template.count == segments.count else { return false }
            return zip(template, segments).allSatisfy { t, s in t.hasPrefix("{") || t == s }
        }.map(\.method).sorted()
    }
}

import Synchronization
