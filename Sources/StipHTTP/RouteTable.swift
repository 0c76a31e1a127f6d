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

    /// The methods registered for `path`, empty when no template matches. Where templates of different
    /// specificity match (`/v1/workspaces/import` and `/v1/workspaces/{slug}`), only the most specific ones
    /// count, as the router prefers a literal segment: `import` is not a slug, so `{slug}`'s methods are not
    /// what that path takes.
    public func methods(matching path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (literals: Int, methods: [String]) = (-1, [])
        for route in routes {
            let template = route.path.split(separator: "/", omittingEmptySubsequences: true)
            guard template.count == segments.count,
                zip(template, segments).allSatisfy({ t, s in t.hasPrefix("{") || t == s })
            else { continue }
            let literals = template.filter { !$0.hasPrefix("{") }.count
            if literals > best.literals {
                best = (literals, [route.method])
            } else if literals == best.literals {
                best.methods.append(route.method)
            }
        }
        return Array(Set(best.methods)).sorted()
    }
}

import Synchronization
