public import HTTPTypes
public import Hummingbird

/// Registers handlers on a router or route group and records each route, with its whole path, in a
/// ``RouteTable`` (for the documentation checks and for telling a wrong method from an unknown path).
public struct RouteRegistrar<Group: RouterMethods> {
    let group: Group
    let prefix: String
    let table: RouteTable

    /// Registers on `group`, whose routes all start with `prefix` (`""`, or `/v1/workspaces/{slug}`).
    public init(_ group: Group, prefix: String = "", table: RouteTable) {
        self.group = group
        self.prefix = prefix
        self.table = table
    }

    /// Adds a route; `path` is relative to the group's prefix and spells parameters `{name}`, as the
    /// OpenAPI documents and Hummingbird both do.
    public func add(
        _ method: HTTPRequest.Method, _ path: String,
        _ handler: @escaping @Sendable (Request, Group.Context) async throws -> Response
    ) {
        table.record(method, prefix + path)
        group.on(RouterPath(path.isEmpty ? "" : path), method: method) { request, context in try await handler(request, context) }
    }
}
