public import StipPluginKit

extension Parsed {
    /// The config as the plugin keeps it, or every problem with it: the whole of `validate(config:)` for a
    /// method whose config is read into a `Parsed` model.
    public func requireValid() throws(ValidationFailure) -> Parsed {
        guard let model else { throw ValidationFailure(problems) }
        return Parsed(model)
    }
}

/// The models of the contributions that can be read; the others are left out of an evaluation and logged.
public func readableModels<Model>(_ items: [EvaluationItem<Parsed<Model>>], plugin: String) -> [(
    item: EvaluationItem<Parsed<Model>>, model: Model
)] {
    let readable = items.compactMap { item in item.contribution.model.map { (item: item, model: $0) } }
    if readable.count < items.count {
        pluginLog(plugin, "skipped \(items.count - readable.count) unreadable contribution(s)")
    }
    return readable
}
