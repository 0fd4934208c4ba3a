"""The OpenAPI 3.1 description of /api/v1 (served at /api/v1/openapi.json)."""

from advocacy.jurisdictions import JURISDICTION_NAMES, STATUS_NAMES
from advocacy.text import ZIP

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
    "description": "With zip: the member's choice among the candidate districts (GEOID); "
    "ignored with an address or a point",
}
_GEOID_PICK = {"type": "string", "pattern": "^[0-9]{2}[0-9A-Z-]{3}$"}
# What the API takes as text (advocacy.text.hostile_text_problem refuses the rest; lone
# surrogates, which no regex engine can name, are refused too, as the description says).
TEXT_PATTERN = (
    "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\u202a-\\u202e"
    "\\u2066-\\u2069\\ufffe\\uffff]*$"
)
_JSON_ERROR = {"content": {"application/json": {"schema": _ERROR}}}
_ID = {"type": "integer", "minimum": 1, "maximum": 2147483647}
_ID_IN_PATH = {"name": "id", "in": "path", "required": True, "schema": _ID}
_DAY = {"type": ["string", "null"], "format": "date"}
_BILL = {
    "type": "object",
    "required": ["id", "jurisdiction", "session", "identifier", "title", "status"],
    "properties": {
        "id": {"type": "integer"},
        "jurisdiction": {"type": "string"},
        "session": {"type": "string"},
        "identifier": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "string", "enum": list(STATUS_NAMES)},
        "status_text": {"type": "string"},
        "introduced_on": _DAY,
        "latest_action_on": _DAY,
        "latest_action": {"type": "string"},
        "url": {"type": ["string", "null"]},
        "summary": {"type": "string"},
        "subjects": {"type": "array", "items": {"type": "string"}},
        "committees": {"type": "array", "items": {"type": "string"}},
        "source": {"type": "string"},
        "fetched_at": {"type": ["string", "null"]},
        "actions": {"type": "array", "items": {"type": "object"}},
        "sponsors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "role": {"type": "string", "enum": ["sponsor", "cosponsor"]},
                    "name": {"type": "string"},
                    "official_id": {"type": ["integer", "null"]},
                    "source_id": {"type": ["string", "null"]},
                    "joined_on": _DAY,
                    "withdrawn_on": _DAY,
                },
            },
        },
    },
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
                "summary": "Officials for a street address, a ZIP code, a postal code or a point",
                "description": "Give exactly one of: address; zip; postcode; or lat together "
                "with lng "
                "(none, or more than one, is a 400 naming the rule; so is lat without lng). A "
                "street address is located by the Census geocoder (accuracy 'address'); when it "
                "can't answer, by the address's ZIP code (accuracy 'zip', with a note). A ZIP "
                "that spans districts returns them as candidates; cd, sldu and sldl pick one. A "
                "Canadian postal code (or an address ending in one) is answered by Open North's "
                "Represent (accuracy 'postcode'): the MP and the provincial or territorial "
                "legislator; 503 where this installation cannot reach Represent.",
                "x-exactly-one-of": [["address"], ["zip"], ["postcode"], ["lat", "lng"]],
                "parameters": [
                    {
                        "name": "address",
                        "in": "query",
                        "description": "A street address with city and state (or ZIP code); "
                        "not with zip or lat/lng",
                        "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                    },
                    {
                        "name": "zip",
                        "in": "query",
                        "description": "A five-digit ZIP code (ZIP+4 accepted); not with "
                        "address or lat/lng",
                        "schema": {"type": "string", "pattern": ZIP.pattern},
                    },
                    {
                        "name": "postcode",
                        "in": "query",
                        "description": "A Canadian postal code (K1A 0A6, K1A0A6); not with "
                        "address, zip or lat/lng",
                        "schema": {
                            "type": "string",
                            "pattern": "^[A-Za-z][0-9][A-Za-z][ -]?[0-9][A-Za-z][0-9]$",
                        },
                    },
                    {
                        "name": "lat",
                        "in": "query",
                        "description": "Latitude, with lng; not with address or zip",
                        "schema": {"type": "number", "minimum": -90, "maximum": 90},
                    },
                    {
                        "name": "lng",
                        "in": "query",
                        "description": "Longitude, with lat; not with address or zip",
                        "schema": {"type": "number", "minimum": -180, "maximum": 180},
                    },
                    {"name": "cd", **_PICK, "schema": {"type": "string", "pattern": "^[0-9]{4}$"}},
                    {"name": "sldu", **_PICK, "schema": _GEOID_PICK},
                    {"name": "sldl", **_PICK, "schema": _GEOID_PICK},
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
                                        "vacancies": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "properties": {
                                                    "ended": {
                                                        "type": "array",
                                                        "description": "holders whose term "
                                                        "ended with no successor listed",
                                                        "items": {"type": "object"},
                                                    }
                                                },
                                            },
                                        },
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
                                                            },
                                                            "zips": {
                                                                "type": "array",
                                                                "description": "up to 3 "
                                                                "nearby ZIP codes wholly "
                                                                "in this district",
                                                                "items": {"type": "string"},
                                                            },
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
                    "400": {"description": "Bad input", **_JSON_ERROR},
                    "404": {"description": "No such place", **_JSON_ERROR},
                    "503": {
                        "description": "The geocoder is down and nothing could stand in",
                        **_JSON_ERROR,
                    },
                },
            }
        },
        "/api/v1/officials/{id}": {
            "get": {
                "summary": "One official",
                "parameters": [_ID_IN_PATH],
                "responses": {
                    "200": {
                        "description": "The official",
                        "content": {"application/json": {"schema": _OFFICIAL}},
                    },
                    "404": {"description": "Unknown id", **_JSON_ERROR},
                },
            }
        },
        "/api/v1/bills": {
            "get": {
                "summary": "Bills matching words, a legislature and a status",
                "description": "Words are looked for in the bill's number, title, summary and "
                "actions. Newest action first, BILLS_PER_PAGE to a page.",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "description": "Words to find, e.g. telehealth",
                        "schema": {"type": "string", "maxLength": 200, "pattern": TEXT_PATTERN},
                    },
                    {
                        "name": "jurisdiction",
                        "in": "query",
                        "description": "An OCD jurisdiction id",
                        "schema": {"type": "string", "enum": ["", *JURISDICTION_NAMES]},
                    },
                    {
                        "name": "status",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["", *STATUS_NAMES]},
                    },
                    {
                        "name": "sponsor",
                        "in": "query",
                        "description": "An official's id: the bills they sponsor or cosponsor",
                        "schema": _ID,
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "schema": _ID,
                    },
                ],
                "responses": {
                    "200": {
                        "description": "A page of bills",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["total", "page", "per_page", "bills"],
                                    "properties": {
                                        "total": {"type": "integer", "minimum": 0},
                                        "page": {"type": "integer", "minimum": 1},
                                        "per_page": {"type": "integer", "minimum": 1},
                                        "bills": {"type": "array", "items": _BILL},
                                    },
                                }
                            }
                        },
                    },
                    "400": {"description": "A filter that is not valid", **_JSON_ERROR},
                },
            }
        },
        "/api/v1/bills/{id}": {
            "get": {
                "summary": "One bill, with its actions and sponsors",
                "parameters": [_ID_IN_PATH],
                "responses": {
                    "200": {
                        "description": "The bill; each sponsor's official_id is our official "
                        "(null when none matches), source_id the bioguide or source's member id",
                        "content": {"application/json": {"schema": _BILL}},
                    },
                    "404": {"description": "Unknown id", **_JSON_ERROR},
                },
            }
        },
        "/api/v1/tweets/measure": {
            "post": {
                "summary": "A post's length as X counts it (the composer's live counter)",
                "description": "twitter-text's weighted length: a URL counts 23, CJK and emoji "
                "2, most Latin characters 1. Direction marks, embeddings and isolates count "
                "as X counts them. Text X would refuse (control characters, U+FEFF, U+FFFE, "
                "U+FFFF) is measured all the same, with valid false and the problem in "
                "words; only half a surrogate pair (such as \\ud800), which is not text, is "
                "a 400.",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["text"],
                                "properties": {"text": {"type": "string", "maxLength": 10000}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "The measure",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": [
                                        "weighted_length",
                                        "valid",
                                        "remaining",
                                        "words",
                                    ],
                                    "properties": {
                                        "weighted_length": {"type": "integer", "minimum": 0},
                                        "valid": {"type": "boolean"},
                                        "remaining": {"type": "integer"},
                                        "words": {
                                            "type": "integer",
                                            "minimum": 0,
                                            "description": "Words as a reader counts them "
                                            "(a story may have 300)",
                                        },
                                        "problem": {
                                            "type": ["string", "null"],
                                            "description": "Why X would refuse the post "
                                            "as written, in words; null when it would not",
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "400": {"description": 'Not JSON like {"text": "..."}', **_JSON_ERROR},
                    "413": {"description": "The body is too large", **_JSON_ERROR},
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document",
                "responses": {
                    "200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}
                },
            }
        },
    },
}
