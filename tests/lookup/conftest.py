"""Lookup tests: the loaded app, its geocoder pointed at Census answers served by `responses`."""

from __future__ import annotations

import pytest
import responses

from tests.census_answers import CENSUS


@pytest.fixture
def census_app(loaded_app):
    """(test client, responses mock) for the real directory and a fake Census geocoder."""
    loaded_app.config.update(
        GEOCODER="census", CENSUS_GEOCODER_URL=CENSUS, GEOCODER_RETRIES=0, GEOCODER_BACKOFF=0
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield loaded_app.test_client(), mock
