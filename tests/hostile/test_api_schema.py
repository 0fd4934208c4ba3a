"""Schemathesis over the OpenAPI document: every operation, generated requests valid and
not, answered as the document says (status, content type, body schema), never a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.realdata


def _answers_as_documented(operation, excluded: list) -> None:
    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,  # the same cases in every run (CI's fixed seed)
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(excluded_checks=excluded)

    check()


@pytest.mark.slow
def test_the_api_answers_as_its_document_says(loaded_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", loaded_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # (The document's own route takes no input; schemathesis leaves it out.)
    assert {op.label for op in operations} >= {
        "GET /api/v1/officials",
        "GET /api/v1/officials/{id}",
        "POST /api/v1/tweets/measure",
    }
    for operation in operations:
        # OpenAPI cannot say "exactly one of address, zip, lat+lng" of query parameters:
        # the document states it in words and x-exactly-one-of, so a request with none is
        # schema-valid and still (rightly) a 400. Every other check holds there too.
        lookup = operation.label.endswith("/officials")
        _answers_as_documented(operation, [positive_data_acceptance] if lookup else [])
