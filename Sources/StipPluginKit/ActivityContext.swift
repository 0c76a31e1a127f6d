import StipJSON

/// What the host tells a plugin about the activity's trajectory with `validate_activity` (protocol 1.3,
/// `trajectory_area`): the neighbourhoods and districts of its area, with their names when the workspace's
/// CBS figures have them. A method that asks residents where they live offers these by name.
public struct ActivityContext: Sendable, Equatable {
    /// One region of the trajectory's area.
    public struct Area: Sendable, Equatable {
        /// A CBS code: `BU…` (buurt), `WK…` (wijk) or `GM…` (gemeente).
        public var code: String
        /// Its name, from the CBS figures; `nil` when none were imported.
        public var name: String?

        public init(code: String, name: String?) {
            self.code = code
            self.name = name
        }
    }

    public var area: [Area]

    public init(area: [Area] = []) {
        self.area = area
    }

    /// Read from `validate_activity`'s params; empty when the host sent none.
    init(params: JSONValue) {
        area = (params["trajectory_area"]?.elements ?? []).compactMap { item in
            item["code"]?.stringValue.map { Area(code: $0, name: item["name"]?.stringValue) }
        }
    }
}
