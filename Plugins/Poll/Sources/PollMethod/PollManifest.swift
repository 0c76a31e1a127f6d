import MethodSupport
public import StipPluginKit

/// What the poll plugin tells the host in the handshake.
public enum PollManifest {
    public static let id = "poll"
    public static let version = "1.0.0"

    public static let manifest = PluginManifest(
        id: id, version: version,
        displayName: .init(nl: "Online peiling", en: "Online poll"),
        description: .init(
            nl:
                "Een vragenlijst die inwoners online invullen binnen een vaste periode: keuzevragen, schalen, rangschikkingen en open vragen.",
            en: "A questionnaire residents fill in online within a set period: choice questions, scales, rankings and open questions."),
        modes: ["online"],
        configSchema: jsonLiteral(configSchema),
        contributionSchema: jsonLiteral(contributionSchema),
        metrics: [
            metric("responses", "Aantal reacties", "Responses", unit: "count", kind: "count"),
            metric("responses_per_day", "Reacties per dag (UTC)", "Responses per day (UTC)", unit: "count", kind: "distribution"),
            metric(
                "completion_rate", "Aandeel beantwoorde niet-verplichte vragen", "Share of optional questions answered", unit: "ratio",
                kind: "ratio"),
            metric("choice_counts", "Keuzes per vraag en optie", "Choices per question and option", unit: "count", kind: "distribution"),
            metric(
                "top_choice_share", "Aandeel meest gekozen optie (eerste keuzevraag)",
                "Share of the most chosen option (first choice question)",
                unit: "ratio", kind: "ratio"),
            metric("scale_mean", "Gemiddelde score (eerste schaalvraag)", "Mean score (first scale question)", unit: "score", kind: "mean"),
            metric("scale_distribution", "Scores per schaalvraag", "Scores per scale question", unit: "count", kind: "distribution"),
            metric("ranking_borda", "Borda-punten per rangschikking", "Borda points per ranking", unit: "points", kind: "distribution"),
        ],
        capabilities: .init(publicForm: true, importFormats: ["csv", "yaml"], incrementalEvaluation: true))

    static func metric(_ id: String, _ nl: String, _ en: String, unit: String, kind: String) -> PluginManifest.Metric {
        .init(id: id, label: .init(nl: nl, en: en), unit: unit, kind: kind)
    }

    static let configSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Online poll activity config",
          "type": "object",
          "required": ["opens", "closes", "questions"],
          "additionalProperties": false,
          "properties": {
            "title": {"$ref": "#/$defs/text", "description": "Heading of the form; default Peiling / Poll."},
            "intro": {"$ref": "#/$defs/long_text", "description": "Shown above the questions, before the poll's period."},
            "opens": {"$ref": "#/$defs/local_date_time"},
            "closes": {"$ref": "#/$defs/local_date_time", "description": "After opens."},
            "one_response_per": {"enum": ["browser", "code"], "default": "browser"},
            "questions": {
              "type": "array", "minItems": 1, "maxItems": 100,
              "items": {
                "oneOf": [
                  {"$ref": "#/$defs/single_choice"}, {"$ref": "#/$defs/multiple_choice"}, {"$ref": "#/$defs/scale"},
                  {"$ref": "#/$defs/ranking"}, {"$ref": "#/$defs/text_question"}
                ]
              },
              "description": "Question ids are unique; profile_age_band, profile_area and profile_role are reserved."
            },
            "profile_questions": {
              "type": "array", "uniqueItems": true, "maxItems": 3, "items": {"enum": ["age_band", "area", "role"]}, "default": [],
              "description": "Optional questions about the respondent, for representativeness; always optional for residents."
            },
            "areas": {
              "type": "array", "minItems": 1, "maxItems": 500,
              "items": {
                "type": "object", "required": ["code", "label"], "additionalProperties": false,
                "properties": {"code": {"$ref": "#/$defs/area_code"}, "label": {"$ref": "#/$defs/text"}}
              },
              "description": "Neighbourhoods residents choose from for the area question; without it they type a CBS code. Needs area in profile_questions."
            }
          },
          "$defs": {
            "id": {"type": "string", "pattern": "^[a-z0-9_-]{1,63}$"},
            "area_code": {"type": "string", "pattern": "^(BU[0-9]{8}|WK[0-9]{6})$"},
            "local_date_time": {
              "type": "string",
              "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?$",
              "description": "Local time in the workspace's time zone, without a zone: 2027-03-01T09:00. Normalised to 2027-03-01T09:00:00."
            },
            "text": {
              "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": 500},
                {
                  "type": "object", "required": ["nl"], "additionalProperties": false,
                  "properties": {"nl": {"type": "string", "minLength": 1, "maxLength": 500}, "en": {"type": "string", "maxLength": 500}}
                }
              ],
              "description": "Dutch text, or Dutch and English: {nl: ..., en: ...}. English falls back to Dutch."
            },
            "long_text": {
              "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": 2000},
                {
                  "type": "object", "required": ["nl"], "additionalProperties": false,
                  "properties": {"nl": {"type": "string", "minLength": 1, "maxLength": 2000}, "en": {"type": "string", "maxLength": 2000}}
                }
              ]
            },
            "options": {
              "type": "array", "minItems": 2, "maxItems": 50,
              "items": {
                "type": "object", "required": ["id", "label"], "additionalProperties": false,
                "properties": {"id": {"$ref": "#/$defs/id"}, "label": {"$ref": "#/$defs/text"}}
              },
              "description": "Option ids are unique within the question."
            },
            "common": {
              "type": "object", "required": ["id", "type", "text"],
              "properties": {
                "id": {"$ref": "#/$defs/id"},
                "text": {"$ref": "#/$defs/text"},
                "optional": {"type": "boolean", "default": false},
                "help": {"$ref": "#/$defs/long_text"}
              }
            },
            "single_choice": {
              "allOf": [{"$ref": "#/$defs/common"}],
              "required": ["options"],
              "properties": {"type": {"const": "single_choice"}, "id": true, "text": true, "optional": true, "help": true, "options": {"$ref": "#/$defs/options"}},
              "additionalProperties": false
            },
            "multiple_choice": {
              "allOf": [{"$ref": "#/$defs/common"}],
              "required": ["options"],
              "properties": {
                "type": {"const": "multiple_choice"}, "id": true, "text": true, "optional": true, "help": true,
                "options": {"$ref": "#/$defs/options"},
                "min_selections": {"type": "integer", "minimum": 0, "default": 1},
                "max_selections": {"type": "integer", "minimum": 1, "description": "Default: the number of options; at least min_selections."}
              },
              "additionalProperties": false
            },
            "scale": {
              "allOf": [{"$ref": "#/$defs/common"}],
              "properties": {
                "type": {"const": "scale"}, "id": true, "text": true, "optional": true, "help": true,
                "min": {"type": "integer", "minimum": -100, "maximum": 100, "default": 1},
                "max": {"type": "integer", "minimum": -100, "maximum": 100, "default": 5, "description": "Greater than min, at most min + 10."},
                "min_label": {"$ref": "#/$defs/text"},
                "max_label": {"$ref": "#/$defs/text"}
              },
              "additionalProperties": false
            },
            "ranking": {
              "allOf": [{"$ref": "#/$defs/common"}],
              "required": ["options"],
              "properties": {
                "type": {"const": "ranking"}, "id": true, "text": true, "optional": true, "help": true,
                "options": {"$ref": "#/$defs/options", "maxItems": 20}
              },
              "additionalProperties": false
            },
            "text_question": {
              "allOf": [{"$ref": "#/$defs/common"}],
              "properties": {
                "type": {"const": "text"}, "id": true, "text": true, "optional": true, "help": true,
                "max_length": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 2000}
              },
              "additionalProperties": false
            }
          }
        }
        """#

    static let contributionSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Online poll response (normalised)",
          "type": "object",
          "required": ["answers"],
          "additionalProperties": false,
          "properties": {
            "answers": {
              "type": "object",
              "propertyNames": {"pattern": "^[a-z0-9_-]{1,63}$"},
              "additionalProperties": {
                "anyOf": [
                  {"type": "string", "minLength": 1, "description": "single_choice: an option id; text: the answer, at most max_length characters."},
                  {"type": "integer", "description": "scale: from min to max."},
                  {
                    "type": "array", "minItems": 1, "items": {"type": "string"},
                    "description": "multiple_choice: option ids in the config's order; ranking: every option id once, most preferred first."
                  }
                ]
              },
              "description": "Keyed by question id. Only questions of the poll; every question that is not optional is answered; unanswered questions are left out."
            },
            "profile": {
              "type": "object", "additionalProperties": false,
              "properties": {
                "age_band": {"enum": ["0-15", "15-25", "25-45", "45-65", "65+"]},
                "area": {"type": "string", "pattern": "^(BU[0-9]{8}|WK[0-9]{6})$"},
                "role": {"enum": ["resident", "entrepreneur", "organisation", "visitor", "other"]}
              },
              "description": "Only what the poll's profile_questions ask; left out when empty."
            }
          }
        }
        """#
}
