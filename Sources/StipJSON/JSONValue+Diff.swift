extension JSONValue {
    /// JSON Pointers of the values that differ between `self` (old) and `new`, in a stable order.
    ///
    /// Objects are compared member by member; arrays whose elements are objects with an `id` are compared
    /// by id (so inserting an item does not mark every later item changed), other arrays as a whole.
    public func changedPointers(to new: JSONValue, at prefix: String = "") -> [String] {
        switch (self, new) {
        case (.object(let old), .object(let new)):
            var changes: [String] = []
            for key in Set(old.keys).union(new.keys).sorted() {
                let pointer = prefix + "/" + JSONPointer.escape(key)
                switch (old[key], new[key]) {
                case (let a?, let b?): changes += a.changedPointers(to: b, at: pointer)
                case (nil, nil): break
                default: changes.append(pointer)
                }
            }
            return changes
        case (.array(let old), .array(let new)) where Self.identified(old) && Self.identified(new):
            let oldByID = Dictionary(old.map { ($0["id"]!.stringValue!, $0) }, uniquingKeysWith: { first, _ in first })
            let newIDs = new.map { $0["id"]!.stringValue! }
            var changes: [String] = []
            for id in newIDs {
                let item = new.first { $0["id"]?.stringValue == id }!
                let pointer = prefix + "/" + JSONPointer.escape(id)
                if let previous = oldByID[id] {
                    changes += previous.changedPointers(to: item, at: pointer)
                } else {
                    changes.append(pointer)
                }
            }
            for (id, _) in oldByID where !newIDs.contains(id) { changes.append(prefix + "/" + JSONPointer.escape(id)) }
            if changes.isEmpty && old.map({ $0["id"] }) != new.map({ $0["id"] }) { changes.append(prefix) }
            return changes
        case (.array(let old), .array(let new)) where old.count == new.count:
            // Same length: compare position by position, so one changed field is named, not the whole list.
            return zip(old, new).enumerated().flatMap { index, pair in pair.0.changedPointers(to: pair.1, at: prefix + "/\(index)") }
        default:
            return self == new ? [] : [prefix]
        }
    }

    private static func identified(_ items: [JSONValue]) -> Bool {
        items.allSatisfy { $0["id"]?.stringValue != nil }
    }
}
