import Hummingbird
import StipHTTP
import Testing

@Suite("RouteTable: which methods a path has, to tell a wrong method from an unknown path")
struct RouteTableTests {
    func table() -> RouteTable {
        let table = RouteTable()
        table.record(.get, "/v1/workspaces")
        table.record(.post, "/v1/workspaces")
        table.record(.post, "/v1/workspaces/import")
        table.record(.get, "/v1/workspaces/{slug}")
        table.record(.patch, "/v1/workspaces/{slug}")
        table.record(.delete, "/v1/workspaces/{slug}")
        table.record(.post, "/v1/workspaces/{slug}/activities/{activity}/codes")
        table.record(.get, "/v1/workspaces/{slug}/activities/{activity}/codes")
        return table
    }

    @Test("the routes are kept as they were recorded")
    func recordsRoutes() {
        let routes = table().routes
        #expect(routes.count == 8)
        #expect(routes.first?.method == "GET" && routes.first?.path == "/v1/workspaces")
        #expect(routes.last?.path == "/v1/workspaces/{slug}/activities/{activity}/codes")
    }

    @Test("a path gets the sorted methods of every template it matches, parameters matching any segment")
    func methodsOfAPath() {
        let table = table()
        #expect(table.methods(matching: "/v1/workspaces") == ["GET", "POST"])
        #expect(table.methods(matching: "/v1/workspaces/utrecht") == ["DELETE", "GET", "PATCH"])
        #expect(table.methods(matching: "/v1/workspaces/utrecht/activities/variant-poll/codes") == ["GET", "POST"])
        #expect(table.methods(matching: "/v1/workspaces/utrecht/") == ["DELETE", "GET", "PATCH"], "a trailing slash changes nothing")
    }

    @Test("a path no template matches has no methods: a 404, not a 405")
    func unknownPaths() {
        let table = table()
        #expect(table.methods(matching: "/v2/workspaces").isEmpty)
        #expect(table.methods(matching: "/v1/workspaces/utrecht/activities").isEmpty)
        #expect(table.methods(matching: "/v1/workspaces/utrecht/activities/variant-poll/codes/extra").isEmpty)
        #expect(RouteTable().methods(matching: "/").isEmpty)
    }
}
