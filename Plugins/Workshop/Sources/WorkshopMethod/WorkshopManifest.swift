import MethodSupport
public import StipPluginKit

/// What the workshop plugin tells the host in the handshake.
public enum WorkshopManifest {
    public static let id = "workshop"
    public static let version = "1.0.0"

    public static let manifest = PluginManifest(
        id: id, version: version,
        displayName: .init(nl: "Werksessie", en: "Workshop"),
        description: .init(
            nl:
                "Een of meer bijeenkomsten waar deelnemers ideeën aandragen en prioriteren. Opkomst, ideeën en beoordelingen worden achteraf ingevoerd vanaf het verslag van de gespreksleider.",
            en:
                "One or more meetings where participants put forward and prioritise ideas. Attendance, ideas and ratings are entered afterwards from the facilitator's sheet."
        ),
        modes: ["offline"],
        configSchema: jsonLiteral(configSchema),
        contributionSchema: jsonLiteral(contributionSchema),
        metrics: [
            metric("attendance", "Opkomst", "Attendance", unit: "people", kind: "count"),
            metric("attendance_ratio", "Bezetting (opkomst / capaciteit)", "Turnout (attendance / capacity)", unit: "ratio", kind: "ratio"),
            metric("attendance_by_session", "Opkomst per sessie", "Attendance per session", unit: "people", kind: "distribution"),
            metric("attendee_age_bands", "Deelnemers per leeftijdsgroep", "Attendees by age band", unit: "people", kind: "distribution"),
            metric("ideas", "Aantal ideeën", "Ideas", unit: "count", kind: "count"),
            metric("ideas_per_attendee", "Ideeën per deelnemer", "Ideas per attendee", unit: "ideas", kind: "mean"),
            metric("theme_priority", "Prioriteit per thema (stickers)", "Priority per theme (dots)", unit: "dots", kind: "distribution"),
            metric("ideas_by_theme", "Ideeën per thema", "Ideas per theme", unit: "count", kind: "distribution"),
            metric("ideas_responded_ratio", "Aandeel ideeën met reactie", "Share of ideas with a response", unit: "ratio", kind: "ratio"),
            metric("satisfaction_mean", "Gemiddelde waardering (1–10)", "Mean satisfaction (1–10)", unit: "score", kind: "mean"),
            metric("satisfaction", "Waarderingen (1–10)", "Satisfaction scores (1–10)", unit: "count", kind: "distribution"),
        ],
        capabilities: .init(publicForm: false, importFormats: ["csv", "yaml"]))

    static func metric(_ id: String, _ nl: String, _ en: String, unit: String, kind: String) -> PluginManifest.Metric {
        .init(id: id, label: .init(nl: nl, en: en), unit: unit, kind: kind)
    }

    static let configSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Workshop activity config",
          "type": "object",
          "required": ["sessions"],
          "additionalProperties": false,
          "properties": {
            "sessions": {
              "type": "array", "minItems": 1, "maxItems": 100,
              "items": {
                "type": "object",
                "required": ["starts", "ends", "location", "capacity"],
                "additionalProperties": false,
                "properties": {
                  "id": {"$ref": "#/$defs/id", "description": "Optional; contributions may name the session by id instead of its number."},
                  "starts": {"$ref": "#/$defs/local_date_time"},
                  "ends": {"$ref": "#/$defs/local_date_time", "description": "After starts, at most 24 hours later."},
                  "location": {"type": "string", "minLength": 1, "maxLength": 200},
                  "capacity": {"type": "integer", "minimum": 1, "maximum": 100000},
                  "facilitator": {"type": "string", "maxLength": 200}
                }
              }
            },
            "programme": {
              "type": "array", "maxItems": 100,
              "items": {
                "anyOf": [
                  {"type": "string", "minLength": 1, "maxLength": 300},
                  {
                    "type": "object", "required": ["title"], "additionalProperties": false,
                    "properties": {
                      "time": {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$"},
                      "title": {"type": "string", "minLength": 1, "maxLength": 300},
                      "duration_minutes": {"type": "integer", "minimum": 1, "maximum": 1440},
                      "description": {"type": "string", "maxLength": 2000}
                    }
                  }
                ]
              }
            },
            "questions": {"type": "array", "maxItems": 50, "items": {"$ref": "#/$defs/text"}}
          },
          "$defs": {
            "id": {"type": "string", "pattern": "^[a-z0-9_-]{1,63}$"},
            "local_date_time": {
              "type": "string",
              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
              "description": "Local time in the workspace's time zone, without a zone: 2027-01-20T19:30. Normalised to 2027-01-20T19:30:00."
            },
            "text": {
              "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": 500},
                {
                  "type": "object", "required": ["nl"], "additionalProperties": false,
                  "properties": {"nl": {"type": "string", "minLength": 1, "maxLength": 500}, "en": {"type": "string", "maxLength": 500}}
                }
              ]
            }
          }
        }
        """#

    static let contributionSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Workshop contribution (normalised)",
          "oneOf": [
            {
              "type": "object", "required": ["type", "session", "count"], "additionalProperties": false,
              "properties": {
                "type": {"const": "attendance"},
                "session": {"$ref": "#/$defs/session"},
                "count": {"type": "integer", "minimum": 0, "maximum": 100000},
                "age_bands": {
                  "type": "object", "additionalProperties": false,
                  "properties": {
                    "0-15": {"$ref": "#/$defs/count"}, "15-25": {"$ref": "#/$defs/count"}, "25-45": {"$ref": "#/$defs/count"},
                    "45-65": {"$ref": "#/$defs/count"}, "65+": {"$ref": "#/$defs/count"}
                  },
                  "description": "Attendees per age band; together at most count."
                }
              }
            },
            {
              "type": "object", "required": ["type", "session", "text", "theme", "dots"], "additionalProperties": false,
              "properties": {
                "type": {"const": "idea"},
                "session": {"$ref": "#/$defs/session"},
                "text": {"type": "string", "minLength": 1, "maxLength": 2000},
                "theme": {"type": "string", "minLength": 1, "maxLength": 60, "description": "Lower case, single spaces."},
                "dots": {"$ref": "#/$defs/count", "description": "Stickers the idea got in the dot vote; 0 when left out."}
              }
            },
            {
              "type": "object", "required": ["type", "session", "score"], "additionalProperties": false,
              "properties": {
                "type": {"const": "rating"},
                "session": {"$ref": "#/$defs/session"},
                "score": {"type": "integer", "minimum": 1, "maximum": 10},
                "remark": {"type": "string", "minLength": 1, "maxLength": 2000}
              }
            }
          ],
          "$defs": {
            "count": {"type": "integer", "minimum": 0, "maximum": 100000},
            "session": {
              "anyOf": [
                {"type": "string", "pattern": "^[a-z0-9_-]{1,63}$", "description": "The session's id."},
                {"type": "integer", "minimum": 1, "description": "The session's number in the config, counted from 1."}
              ],
              "description": "May be left out when the workshop has one session; normalised to the id when the session has one."
            }
          }
        }
        """#
}
