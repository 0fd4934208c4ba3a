"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json)."""

_ERROR = {
    "type": "object",
    "required": ["error", "message", "status"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string", "description": "What went wrong, fit to show a person"},
        "status": {"type": "integer"},
        "field": {"type": "string"},
    },
}
_OFFICIAL = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "office": {"type": "string", "examples": ["U.S. Senator", "State Representative"]},
        "title": {"type": "string"},
        "level": {"enum": ["federal", "state"]},
        "chamber": {"enum": ["upper", "lower", "legislature", "executive"]},
        "state": {"type": ["string", "null"]},
        "district": {"type": ["string", "null"]},
        "party": {"type": ["string", "null"]},
        "current": {"type": "boolean"},
        "ocd_division_id": {"type": "string"},
        "ids": {
            "type": "object",
            "description": "bioguide for members of Congress, openstates (ocd-person/...) "
            "for state legislators, and any others the sources give",
            "additionalProperties": {"type": "string"},
        },
        "phones": {"type": "array", "items": {"type": "string"}},
        "emails": {"type": "array", "items": {"type": "string"}},
        "contact_form": {"type": ["string", "null"]},
        "website": {"type": ["string", "null"]},
        "photo_url": {"type": ["string", "null"]},
        "social": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "platform": {"type": "string"},
                    "handle": {"type": "string"},
                    "url": {"type": ["string", "null"]},
                },
            },
        },
        "offices": {"type": "array", "items": {"type": "object"}},
        "term_start": {"type": ["string", "null"], "format": "date"},
        "term_end": {"type": ["string", "null"], "format": "date"},
    },
}
_DIVISION = {
    "type": "object",
    "properties": {
        "ocd_id": {"type": "string"},
        "type": {"enum": ["cd", "sldu", "sldl", "state"]},
        "name": {"type": "string"},
        "state": {"type": ["string", "null"]},
        "geoid": {"type": ["string", "null"], "description": "Census GEOID"},
    },
}
_PICK = {
    "in": "query",
    "required": False,
    "description": "With zip: the member's choice among the candidate districts (GEOID)",
}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "advocacy",
        "version": "1",
        "description": "Find the federal and state legislators who represent a place.",
    },
    "paths": {
        "/api/v1/officials": {
            "get": {
                "summary": "Officials for a street address, a ZIP code or a point",
                "description": "Give exactly one of address, zip, or lat with lng. A street "
                "address is located by the Census geocoder (accuracy 'address'); when it can't "
                "answer, by the address's ZIP code (accuracy 'zip', with a note). A ZIP that "
                "spans districts returns them as candidates.",
                "parameters": [
                    {
                        "name": "address",
                        "in": "query",
                        "schema": {"type": "string", "maxLength": 200},
                    },
                    {
                        "name": "zip",
                        "in": "query",
                        "schema": {"type": "string", "pattern": r"^\d{5}(-\d{4})?$"},
                    },
                    {
                        "name": "lat",
                        "in": "query",
                        "schema": {"type": "number", "minimum": -90, "maximum": 90},
                    },
                    {
                        "name": "lng",
                        "in": "query",
                        "schema": {"type": "number", "minimum": -180, "maximum": 180},
                    },
                    {"name": "cd", **_PICK, "schema": {"type": "string"}},
                    {"name": "sldu", **_PICK, "schema": {"type": "string"}},
                    {"name": "sldl", **_PICK, "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "The officials",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": [
                                        "accuracy",
                                        "divisions",
                                        "officials",
                                        "candidates",
                                    ],
                                    "properties": {
                                        "query": {"type": "object"},
                                        "accuracy": {"enum": ["address", "point", "zip"]},
                                        "matched_address": {"type": ["string", "null"]},
                                        "zip": {"type": ["string", "null"]},
                                        "notes": {"type": "array", "items": {"type": "string"}},
                                        "divisions": {"type": "array", "items": _DIVISION},
                                        "officials": {"type": "array", "items": _OFFICIAL},
                                        "vacancies": {"type": "array", "items": {"type": "object"}},
                                        "candidates": {
                                            "type": "array",
                                            "items": {
                                                "allOf": [
                                                    _DIVISION,
                                                    {
                                                        "type": "object",
                                                        "properties": {
                                                            "officials": {
                                                                "type": "array",
                                                                "items": _OFFICIAL,
                                                            }
                                                        },
                                                    },
                                                ]
                                            },
                                        },
                                        "unresolved": {
                                            "type": "array",
                                            "items": {"type": "object"},
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "400": {
                        "description": "Bad input",
                        "content": {"application/json": {"schema": _ERROR}},
                    },
                    "404": {
                        "description": "No such place",
                        "content": {"application/json": {"schema": _ERROR}},
                    },
                    "503": {
                        "description": "The geocoder is down and nothing could stand in",
                        "content": {"application/json": {"schema": _ERROR}},
                    },
                },
            }
        },
        "/api/v1/officials/{id}": {
            "get": {
                "summary": "One official",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "The official",
                        "content": {"application/json": {"schema": _OFFICIAL}},
                    },
                    "404": {
                        "description": "Unknown id",
                        "content": {"application/json": {"schema": _ERROR}},
                    },
                },
            }
        },
    },
}
