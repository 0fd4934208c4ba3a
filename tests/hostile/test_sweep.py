"""The hostile sweep: every route of the URL map, as every role, with hostile values in
every form field and query parameter, on SQLite and PostgreSQL.

It fails on any 5xx, on a Location header no browser should follow, on a change to data
the role had no right to make, and on one chapter's records in an answer to another
chapter's advocate (or to anyone anonymous). Routes and form fields are found, not
listed: a new route or field is swept without anyone remembering to add it.

`--hostile-count N` sets the requests per role and database (CI: the default, with a
fixed seed); `--hostile-seed` changes the draw.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from advocacy import clock
from advocacy.extensions import db
from advocacy.models import Event, Story
from tests.factories import make_campaign, make_days, make_rule, make_world, signed_in
from tests.hostile.values import FAMILIES, draw

ROLES = {
    "anonymous": None,
    "advocate": "a@example.org",
    "lead": "lead@example.org",
    "admin": "admin@example.org",
}
# Chapter B's records: no answer to chapter A's advocate, or to anyone anonymous, may
# hold them.
SECRETS = (
    "B's secret notes",
    "Bravo secret story",
    "Bravo secret event",
    "Bravo secret rule note",
    "kbb-secret-0001",
    "Bravo secret attendee",
    "Bravo secret staffer",
    "Bravo secret key contact",
    "Bravo secret signatory",
)
# Every query parameter any page or the API reads.
QUERY_PARAMS = (
    "q", "state", "level", "chamber", "page", "zip", "address", "lat", "lng", "cd", "sldu",
    "sldl", "next", "month", "table", "status", "past", "campaign", "chapter", "official",
    "from", "to", "channel", "outcome", "deleted", "jurisdiction", "sponsor", "bill",
    "rule", "receipt", "agency", "again",
)  # fmt: skip
ODD_METHODS = ("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
ODD_TYPES = ("text/plain", "application/xml", "application/x-www-form-urlencoded; charset=latin1")
# Requests that would end the role's session or need a fresh sign-in are sent last.
LAST = ("auth.logout",)


@dataclass
class FoundForm:
    """A form on a page: where it posts, its fields and their values, its file fields."""

    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


class _Forms(HTMLParser):
    """Every POST form of a page, with the values a browser would send as it stands."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[FoundForm] = []
        self._form: FoundForm | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            action = a.get("action") or self.page_url
            self._form = FoundForm(urlsplit(action).path + _query(action))
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind not in ("checkbox", "radio", "submit") or "checked" in a:
                self._form.fields.append((a["name"], a.get("value") or ""))
            elif kind == "submit" and a.get("value"):
                self._form.fields.append((a["name"], a["value"]))
        elif tag == "button" and a.get("name"):
            self._form.fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select, self._options = a.get("name"), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "select" and self._select:
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _ in self._options[:1]
            ]
            self._form.fields += [(self._select, v) for v in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._form.fields.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def _query(url: str) -> str:
    query = urlsplit(url).query
    return f"?{query}" if query else ""


def forms_of(html: str, page_url: str) -> list[FoundForm]:
    """The POST forms of a page."""
    parser = _Forms(page_url)
    parser.feed(html)
    return parser.forms


# --- the world the sweep runs in -----------------------------------------------------------


@dataclass
class Stage:
    """Ids of the records the sweep aims at, by the URL parameter that names them."""

    ids: dict[str, list[str]]
    slug: str = "nhit-week"


def _stage(app) -> Stage:
    """Chapters A and B with their people and log entries, a campaign, a pending story and
    event of chapter B (secret to A), an approved story of chapter A."""
    world = make_world(app)
    campaign = make_campaign(app)
    with app.app_context():
        now = clock.now()
        stories = []
        for chapter, title, status in (
            (world.chapter_b, "Bravo secret story", "pending"),
            (world.chapter_a, "Alpha public story", "approved"),
        ):
            story = Story(
                submission_key=hashlib.sha256(title.encode()).hexdigest(),
                name="Ana",
                email="ana@example.org",
                chapter_id=chapter,
                campaign_id=campaign,
                original_title=title,
                original_body="Our records followed us in 2 days.",
                original_because="records follow patients",
                title=title,
                body="Our records followed us in 2 days.",
                because="records follow patients",
                consent_people=True,
                consent_not_promotional=True,
                status=status,
            )
            stories.append(story)
        b_user = db.session.execute(
            text("SELECT id FROM users WHERE email = 'b@example.org'")
        ).scalar_one()
        event = Event(
            uid="bravo-event@test",
            chapter_id=world.chapter_b,
            title="Bravo secret event",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
            timezone="America/Toronto",
            place="Toronto",
            submission_key="bravo-event",
            created_by_id=b_user,
        )
        db.session.add_all([*stories, event])
        db.session.commit()
        users = [str(i) for i in db.session.execute(text("SELECT id FROM users")).scalars()]
        story_ids, event_ids = [str(s.id) for s in stories], [str(event.id)]
    rules = make_rule(app, world.chapter_b, int(b_user))
    days = make_days(app, world, campaign)
    ids = {
        **days.ids,
        "slug": ["nhit-week", rules.slug],
        "number": [rules.number],
        "token": [rules.token],
        "entry_id": [str(world.entry_a), str(world.entry_b)],
        "official_id": [str(i) for i in world.officials],
        "story_id": story_ids,
        "event_id": event_ids,
        "user_id": users,
        "campaign_id": [str(campaign)],
    }
    return Stage(ids)


def _march_state(app, client, stage: Stage) -> None:
    """Put a member part-way through the march in this client's session (as screen 1
    would after a lookup), so the later screens' forms are reached and swept."""
    with app.app_context():
        campaign_id = db.session.execute(
            text("SELECT id FROM campaigns WHERE slug = :s"), {"s": stage.slug}
        ).scalar_one()
    officials = [int(i) for i in stage.ids["official_id"]]
    with client.session_transaction() as session:
        session[f"march:{campaign_id}"] = {
            "member": {
                "name": "Ana Member",
                "email": "ana@example.org",
                "address": "1 Main St, Boston, MA 02130",
                "typed": "1 Main St, Boston, MA 02130",
                "city": "Boston",
                "state": "MA",
                "zip": "02130",
                "chapter": None,
                "chapter_id": None,
            },
            "accuracy": "address",
            "notes": [],
            "officials": officials,
            "candidates": [],
            "chosen": officials,
            "points": [],
            "body": "I work in health IT.",
            "story": "",
        }


# --- what may change -----------------------------------------------------------------------

# For each role, queries whose answers that role may never change.
PROTECTED = {
    "anonymous": {
        "users": "SELECT id, email, role, active, password_hash FROM users ORDER BY id",
        "chapters": "SELECT id, name, regions, timezone FROM chapters ORDER BY id",
        "log": "SELECT id, notes, deleted_at, version FROM log_entries ORDER BY id",
        "campaigns": "SELECT id, title, letter_statement, targets FROM campaigns ORDER BY id",
        "stories": "SELECT id, title, body, status, featured FROM stories "
        "WHERE status <> 'pending' OR chapter_id IS NOT NULL ORDER BY id",
        "events": "SELECT id, title, status FROM events ORDER BY id",
        "rule_positions": "SELECT id, position, notes, version FROM rule_positions ORDER BY id",
        "rule_follows": "SELECT id, chapter_id, kind, value FROM rule_follows ORDER BY id",
    },
    "advocate": {
        "users": "SELECT id, email, role, active, password_hash FROM users ORDER BY id",
        "chapters": "SELECT id, name, regions, timezone FROM chapters ORDER BY id",
        "log_b": "SELECT id, notes, deleted_at, version FROM log_entries "
        "WHERE chapter_id = (SELECT id FROM chapters WHERE name = 'Chapter B')",
        "campaigns": "SELECT id, title, letter_statement, targets FROM campaigns ORDER BY id",
        "stories_b": "SELECT id, title, status FROM stories "
        "WHERE chapter_id = (SELECT id FROM chapters WHERE name = 'Chapter B')",
        "events": "SELECT id, title, status FROM events ORDER BY id",
        "rule_positions_b": "SELECT id, position, notes, version FROM rule_positions "
        "WHERE chapter_id = (SELECT id FROM chapters WHERE name = 'Chapter B')",
        "rule_follows_b": "SELECT id, kind, value FROM rule_follows "
        "WHERE chapter_id = (SELECT id FROM chapters WHERE name = 'Chapter B')",
        "comments_b": "SELECT id, evidence, tracking_number, body FROM comments "
        "WHERE chapter_id = (SELECT id FROM chapters WHERE name = 'Chapter B')",
    },
    "lead": {
        "users": "SELECT id, email, role, active, password_hash FROM users ORDER BY id",
    },
    "admin": {
        "admins": "SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id",
    },
}


def _fingerprint(app, role: str) -> dict[str, str]:
    with app.app_context():
        out = {}
        for name, sql in PROTECTED[role].items():
            rows = db.session.execute(text(sql)).all()
            out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        db.session.remove()
        return out


# --- the requests ----------------------------------------------------------------------------


@dataclass
class Shot:
    """One request of the sweep."""

    route: str  # the endpoint, for the report
    family: str
    method: str
    url: str
    kwargs: dict = field(default_factory=dict)
    target: str = ""  # the field or parameter that carries the hostile value


def _hostile_segments(rng) -> list[str]:
    return ["0", "2147483648", "99999999999999999999", "١", "%C2%B2", "-1", "1.0", "%00"] + [
        quote(draw(rng.choice(["paths", "markup", "crlf", "overlong"]), rng)[:3000], safe="")
    ]


def _urls(app, stage: Stage, rng) -> dict[str, list[tuple[str, list[str], bool]]]:
    """endpoint -> [(url, methods, real)]: with the stage's real ids (real) and with hostile
    path segments in their place."""
    found: dict[str, list[tuple[str, list[str], bool]]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        variants = [({}, True)]
        for arg in rule.arguments:
            real = stage.ids.get(arg) or ([stage.slug] if arg == "slug" else ["x"])
            hostile = [v for v in _hostile_segments(rng) if rng.random() < 0.4]
            variants = [
                ({**values, arg: value}, is_real and value in real)
                for values, is_real in variants
                for value in real + hostile
            ]
        for values, is_real in variants:
            url = re.sub(
                r"<(?:[^:<>]+:)?([^<>]+)>", lambda m, v=values: v.get(m.group(1), "x"), rule.rule
            )
            found.setdefault(rule.endpoint, []).append((url, methods, is_real))
    return found


def _mutations(form: FoundForm, token: str, route: str, rng, per_field: int) -> list[Shot]:
    """Hostile versions of one form's submission."""
    base = [(k, v) for k, v in form.fields if k != "csrf_token"]
    names = sorted({k for k, _ in base})
    shots = [Shot(route, "as-is", "POST", form.action, {"data": [("csrf_token", token), *base]})]
    families = list(FAMILIES)
    for name in names:
        for family in rng.sample(families, min(per_field, len(families))):
            value = draw(family, rng)
            data = [("csrf_token", token)] + [(k, value if k == name else v) for k, v in base]
            shots.append(Shot(route, family, "POST", form.action, {"data": data}, name))
        # The field as a file part (every form), and missing, and twice.
        upload = {k: v for k, v in base if k != name} | {
            "csrf_token": token,
            name: (io.BytesIO(b"GIF89a<script>"), "x.gif"),
        }
        shots.append(
            Shot(route, "file_part", "POST", form.action, {"data": upload,
                 "content_type": "multipart/form-data"})
        )  # fmt: skip
        missing = [("csrf_token", token)] + [(k, v) for k, v in base if k != name]
        shots.append(Shot(route, "missing", "POST", form.action, {"data": missing}))
        twice = [("csrf_token", token), *base, (name, draw("markup", rng))]
        shots.append(Shot(route, "duplicated", "POST", form.action, {"data": twice}))
    values = dict(base)
    json_bodies = [
        {k: rng.choice([1e308, [1, 2], {"a": 1}, None, True, -1]) for k in names},
        {k: float("inf") for k in names},
        json.loads("[" * 50 + "]" * 50),
    ]
    for body in json_bodies:
        payload = json.dumps(body, allow_nan=True)
        shots.append(
            Shot(route, "json_body", "POST", form.action, {"data": payload,
                 "content_type": "application/json", "headers": {"X-CSRFToken": token}})
        )  # fmt: skip
    deep = "[" * 100_000
    shots.append(
        Shot(route, "json_deep", "POST", form.action, {"data": deep,
             "content_type": "application/json", "headers": {"X-CSRFToken": token}})
    )  # fmt: skip
    for kind in ODD_TYPES:
        body = urlencode({"csrf_token": token, **values}).encode("latin-1", "replace")
        shots.append(
            Shot(route, "odd_type", "POST", form.action, {"data": body, "content_type": kind})
        )
    raw = f"csrf_token={token}&" + "&".join(f"{k}=%ED%A0%80%FF" for k in names)
    shots.append(
        Shot(route, "bad_utf8", "POST", form.action, {"data": raw,
             "content_type": "application/x-www-form-urlencoded"})
    )  # fmt: skip
    shots.append(Shot(route, "no_token", "POST", form.action, {"data": base}))
    for method in rng.sample(ODD_METHODS, 2):
        shots.append(Shot(route, "odd_method", method, form.action, {"data": base}))
    return shots


def _queries(route: str, url: str, rng, per_param: int) -> list[Shot]:
    shots = [Shot(route, "as-is", "GET", url)]
    for name in QUERY_PARAMS:
        for family in rng.sample(list(FAMILIES), per_param):
            value = draw(family, rng)
            if len(value) > 4000:
                value = value[:4000]
            sep = "&" if "?" in url else "?"
            query = urlencode({name: value})
            shots.append(Shot(route, family, "GET", f"{url}{sep}{query}", target=name))
    sep = "&" if "?" in url else "?"
    shots.append(Shot(route, "huge_query", "GET", f"{url}{sep}q={'x' * 60_000}"))
    shots.append(Shot(route, "repeated", "GET", f"{url}{sep}page=1&page=2&state=oh&state=[]"))
    return shots


def plan(app, client, stage: Stage, rng, count: int) -> list[Shot]:
    """The requests for one role: every route's queries and every form's fields, then
    drawn down to `count` keeping every (route, family) pair at least once."""
    urls = _urls(app, stage, rng)
    shots: list[Shot] = []
    forms: dict[str, tuple[str, FoundForm]] = {}
    token = ""
    for route, variants in sorted(urls.items()):
        for url, methods, real in variants:
            if not real:  # a hostile id or name in the path: each method once
                shots += [Shot(route, "path", m, url) for m in methods]
                continue
            if "GET" in methods:
                shots += _queries(route, url, rng, per_param=2)
                page = client.get(url)
                if page.status_code == 200 and page.mimetype == "text/html":
                    html = page.get_data(as_text=True)
                    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
                    token = match.group(1) if match else token
                    for form in forms_of(html, url):
                        forms.setdefault(form.action, (route, form))
            for method in ("PUT", "DELETE"):
                shots.append(Shot(route, "odd_method", method, url))
    # POST routes reached by no form on any page still get a token and hostile bodies.
    for route, variants in urls.items():
        for url, methods, real in variants:
            if real and "POST" in methods and url not in forms:
                forms[url] = (route, FoundForm(url))
    for _action, (route, form) in sorted(forms.items()):
        path = urlsplit(form.action).path
        post_route = next((r for r, vs in urls.items() for u, _, _ in vs if u == path), route)
        shots += _mutations(form, token, post_route, rng, per_field=len(FAMILIES))
    rng.shuffle(shots)
    # Every (route, family) first; then every (route, field, family); then the rest.
    tiers: list[list[Shot]] = [[], [], []]
    seen: set = set()
    for shot in shots:
        wide, narrow = (shot.route, shot.family), (shot.route, shot.target, shot.family)
        tier = 0 if wide not in seen else (1 if narrow not in seen else 2)
        tiers[tier].append(shot)
        seen |= {wide, narrow}
    chosen = tiers[0] + (tiers[1] + tiers[2])[: max(0, count - len(tiers[0]))]
    print(f"plan: {len(shots)} possible, {len(tiers[0])} (route, family) pairs")
    # One route's requests together (in their drawn order), so that what they may change
    # is fingerprinted once per route; the session-ending ones last.
    order = {route: i for i, route in enumerate(dict.fromkeys(s.route for s in chosen))}
    order.update({route: len(order) + i for i, route in enumerate(LAST)})
    return sorted(chosen, key=lambda s: order[s.route])


# --- the test ----------------------------------------------------------------------------------


def _check(shot: Shot, response, role: str, failures: list[str]) -> None:
    where = f"{role} {shot.method} {shot.url[:160]} [{shot.family}]"
    # /readyz answers 503 by design while the data is not loaded (the sweep's is empty).
    if response.status_code >= 500 and not (
        shot.route == "main.readyz" and response.status_code == 503
    ):
        failures.append(f"{response.status_code} from {where}")
        return
    location = response.headers.get("Location", "")
    if len(location) > 8192:
        failures.append(f"a {len(location)}-character Location from {where}")
    # The march's actions send members on to X, contact forms and mail: nothing else may.
    elif (
        location
        and urlsplit(location).netloc not in ("", "localhost")
        and shot.route != "campaigns.act"
    ):
        failures.append(f"an off-site redirect to {location[:100]} from {where}")
    if role in ("anonymous", "advocate") and response.mimetype.startswith(
        ("text/", "application/")
    ):
        body = response.get_data(as_text=True)
        for secret in SECRETS:
            if secret in body:
                failures.append(f"chapter B's '{secret}' shown by {where}")


@pytest.mark.slow
@pytest.mark.parametrize("role", list(ROLES))
def test_no_request_crashes_or_leaks(app, role, request, tmp_path, monkeypatch):
    """Every route, this role, hostile values everywhere: no 5xx, no leak, no change
    the role had no right to make."""
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    # Expected refusals log warnings; failures are asserted. The app's logger is the
    # process's "advocacy" logger: monkeypatch puts it back for the tests after this one.
    monkeypatch.setattr(app.logger, "disabled", True)
    count = request.config.getoption("--hostile-count")
    rng = random.Random(f"{request.config.getoption('--hostile-seed')}:{role}")
    stage = _stage(app)
    client = signed_in(app)(ROLES[role])
    _march_state(app, client, stage)
    shots = plan(app, client, stage, rng, count)
    before = _fingerprint(app, role)
    failures: list[str] = []
    sent, statuses = Counter(), Counter()
    current_route = None
    for shot in shots:
        if shot.route != current_route and current_route is not None:
            after = _fingerprint(app, role)
            if after != before:
                changed = [k for k in after if after[k] != before[k]]
                failures.append(f"{role} changed {changed} through {current_route}")
                before = after
        current_route = shot.route
        kwargs = dict(shot.kwargs)
        if isinstance(kwargs.get("data"), list):
            kwargs["data"] = MultiDict(kwargs["data"])
        response = client.open(shot.url, method=shot.method, **kwargs)
        _check(shot, response, role, failures)
        sent[shot.route.split(".")[0]] += 1
        statuses[response.status_code] += 1
    after = _fingerprint(app, role)
    if after != before:
        failures.append(f"{role} changed {[k for k in after if after[k] != before[k]]}")
    request.node.user_properties.append(("hostile_requests", dict(sent)))
    print(f"\n{role}: {sum(sent.values())} requests by blueprint {dict(sorted(sent.items()))}")
    print(f"{role}: answers by status {dict(sorted(statuses.items()))}")
    assert sum(sent.values()) >= min(count, 500)
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


def test_the_sweep_knows_every_query_parameter():
    """Every name a view reads from the query string, directly or through a GET form, is
    one the sweep sends hostile values to (a new filter cannot slip past it)."""
    import re

    from advocacy.bills.forms import BillSearchForm
    from advocacy.directory.forms import OfficialSearchForm
    from advocacy.interactions.forms import FeedFilterForm
    from advocacy.rules.forms import RuleSearchForm
    from tests.factories import REPO

    read = set()
    for path in (REPO / "advocacy").rglob("*.py"):
        read |= set(re.findall(r'request\.args\.get\("([a-z_]+)"', path.read_text()))
    for form in (BillSearchForm, OfficialSearchForm, FeedFilterForm, RuleSearchForm):
        read |= {field.name for field in form()}
    assert read - set(QUERY_PARAMS) == set()
