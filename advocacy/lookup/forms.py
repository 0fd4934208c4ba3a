"""The home page's lookup form: an address or ZIP, or a location from the browser."""

from __future__ import annotations

from wtforms import HiddenField, StringField

from advocacy.forms import PostForm
from advocacy.lookup.inputs import InvalidQuery, Query, parse_query


class LookupForm(PostForm):
    """One box for an address or ZIP code; lat/lng are filled by "use my location"."""

    q = StringField("Street address, ZIP code or Canadian postal code")
    lat = HiddenField()
    lng = HiddenField()

    query: Query | None = None

    def validate(self, extra_validators=None) -> bool:
        """The shared lookup rules; errors land on the visible field."""
        if not super().validate(extra_validators):
            return False
        values = {"q": self.q.data, "lat": self.lat.data, "lng": self.lng.data}
        try:
            self.query = parse_query(values, combined=True)
        except InvalidQuery as exc:
            self.q.errors = [exc.message]
            return False
        return True
