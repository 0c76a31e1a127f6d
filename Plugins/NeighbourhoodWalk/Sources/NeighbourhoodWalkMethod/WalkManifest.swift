import MethodSupport
public import StipPluginKit

/// What the neighbourhood walk plugin tells the host in the handshake.
public enum WalkManifest {
    public static let id = "neighbourhood-walk"
    public static let version = "1.0.0"

    public static let manifest = PluginManifest(
        id: id, version: version,
        displayName: .init(nl: "Wijkschouw", en: "Neighbourhood walk"),
        description: .init(
            nl:
                "Bewoners, gemeente en partners lopen samen een route door de wijk en leggen waarnemingen vast, met wie wat oppakt en wanneer.",
            en:
                "Residents, the municipality and partners walk a route through the neighbourhood together and record observations, with who picks up what and by when."
        ),
        modes: ["offline"],
        configSchema: jsonLiteral(configSchema),
        contributionSchema: jsonLiteral(contributionSchema),
        metrics: [
            metric("observations", "Aantal waarnemingen", "Observations", unit: "count", kind: "count"),
            metric(
                "observations_by_category", "Waarnemingen per categorie", "Observations by category", unit: "count", kind: "distribution"),
            metric(
                "observations_by_kind", "Waarnemingen: beheer of wens", "Observations: maintenance or wish", unit: "count",
                kind: "distribution"),
            metric("observations_by_urgency", "Waarnemingen per urgentie", "Observations by urgency", unit: "count", kind: "distribution"),
            metric("follow_up_status", "Stand van de acties", "Status of the follow-ups", unit: "count", kind: "distribution"),
            metric("crow_scores", "CROW-kwaliteitsniveaus", "CROW quality levels", unit: "count", kind: "distribution"),
            metric("resolved_ratio", "Aandeel opgelost", "Share resolved", unit: "ratio", kind: "ratio"),
            metric("overdue_follow_ups", "Acties over de deadline", "Overdue follow-ups", unit: "count", kind: "count"),
            metric(
                "median_days_to_resolution", "Mediaan dagen tot oplossing (vanaf de schouw)", "Median days to resolution (from the walk)",
                unit: "days", kind: "mean"),
        ],
        capabilities: .init(publicForm: false, importFormats: ["csv", "yaml"], exportFormats: WalkExport.formats))

    static func metric(_ id: String, _ nl: String, _ en: String, unit: String, kind: String) -> PluginManifest.Metric {
        .init(id: id, label: .init(nl: nl, en: en), unit: unit, kind: kind)
    }

    static let configSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Neighbourhood walk activity config",
          "type": "object",
          "required": ["date", "meeting_point", "route"],
          "additionalProperties": false,
          "properties": {
            "date": {"$ref": "#/$defs/local_date"},
            "meeting_point": {"type": "string", "minLength": 1, "maxLength": 300},
            "route": {
              "type": "array", "minItems": 1, "maxItems": 200,
              "items": {
                "type": "object", "required": ["lat", "lon", "label"], "additionalProperties": false,
                "properties": {
                  "lat": {"type": "number", "minimum": -90, "maximum": 90},
                  "lon": {"type": "number", "minimum": -180, "maximum": 180},
                  "label": {"type": "string", "minLength": 1, "maxLength": 200}
                }
              },
              "description": "The stops in walking order."
            },
            "organisations": {
              "type": "array", "maxItems": 100, "items": {"type": "string", "minLength": 1, "maxLength": 200},
              "description": "Organisations that take part; each once (letter case ignored)."
            },
            "area_codes": {
              "type": "array", "maxItems": 500, "uniqueItems": true,
              "items": {"type": "string", "pattern": "^(BU[0-9]{8}|WK[0-9]{6})$"},
              "description": "CBS codes of the neighbourhoods (BU + 8 digits) or districts (WK + 6 digits) the walk covers."
            }
          },
          "$defs": {
            "local_date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "A calendar date: 2027-01-27."}
          }
        }
        """#

    static let contributionSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Neighbourhood walk observation (normalised)",
          "type": "object",
          "required": ["sequence", "location", "category", "kind", "description", "urgency"],
          "additionalProperties": false,
          "properties": {
            "sequence": {"type": "integer", "minimum": 1, "maximum": 100000, "description": "The number on the walk's list."},
            "location": {
              "type": "object", "additionalProperties": false,
              "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "address": {"type": "string", "minLength": 1, "maxLength": 300}
              },
              "dependentRequired": {"lat": ["lon"], "lon": ["lat"]},
              "anyOf": [{"required": ["lat", "lon"]}, {"required": ["address"]}]
            },
            "category": {"enum": ["maintenance", "safety", "greenery", "traffic", "social", "wish"]},
            "kind": {"enum": ["maintenance", "wish"], "description": "Default: wish for category wish, maintenance otherwise."},
            "description": {"type": "string", "minLength": 1, "maxLength": 2000},
            "urgency": {"enum": ["low", "medium", "high"]},
            "photo": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[^/\\\\]+$", "description": "A file name only."},
            "crow_score": {"enum": ["A+", "A", "B", "C", "D"]},
            "follow_up": {
              "type": "object", "required": ["status"], "additionalProperties": false,
              "properties": {
                "owner": {"type": "string", "minLength": 1, "maxLength": 200},
                "deadline": {"$ref": "#/$defs/local_date", "description": "Not before the walk's date."},
                "status": {"enum": ["open", "in_progress", "done", "wont_do"], "default": "open"},
                "remarks": {"type": "string", "minLength": 1, "maxLength": 2000},
                "resolved_on": {"$ref": "#/$defs/local_date", "description": "Required when done, allowed when wont_do; not before the walk's date."}
              },
              "allOf": [
                {"if": {"properties": {"status": {"const": "done"}}}, "then": {"required": ["resolved_on"]}},
                {"if": {"properties": {"status": {"enum": ["open", "in_progress"]}}}, "then": {"not": {"required": ["resolved_on"]}}}
              ]
            }
          },
          "$defs": {
            "local_date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
          }
        }
        """#
}
