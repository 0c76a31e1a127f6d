extension JSONValue {
    /// RFC 7386 JSON Merge Patch: objects merge member by member, `null` removes a member, anything else replaces.
    public func merging(_ patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var members: [String: JSONValue] = [:]
        if case .object(let current) = self { members = current }
        for (key, value) in changes {
            if value == .null { members[key] = nil } else { members[key] = (members[key] ?? .null).merging(value) }
        }
        return .object(members)
    }
}
