"""Campaign tests: a campaign open today on the real directory, the geocoder answering."""

from __future__ import annotations

import pytest

from tests.census_answers import serve_ma
from tests.factories import make_campaign


@pytest.fixture
def march(census_app, loaded_app):
    """(client, responses mock, app) with an open campaign; the geocoder answers for MA."""
    client, mock = census_app
    make_campaign(loaded_app)
    serve_ma(mock)
    return client, mock, loaded_app
