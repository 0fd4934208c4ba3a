"""Independent readings of the public-data mirror, shared by the real-data tests: who
the source files say holds a seat, the vacancies they list, and how a lookup is asked."""

from __future__ import annotations

import csv
import json
import re

import openstates_metadata
import yaml

GEO = "raw.githubusercontent.com/openstates/openstates-geo/main/configs/jurisdictions"


class Sources:
    """Independent reading of the public files."""

    def __init__(self, root):
        self.root = root
        path = root / "unitedstates.github.io/congress-legislators/legislators-current.json"
        self.congress = json.loads(path.read_text())

    def senators(self, state):
        return {
            p["id"]["bioguide"]
            for p in self.congress
            if p["terms"][-1]["type"] == "sen" and p["terms"][-1]["state"] == state
        }

    def representative(self, state, district):
        return {
            p["id"]["bioguide"]
            for p in self.congress
            if p["terms"][-1]["type"] == "rep"
            and p["terms"][-1]["state"] == state
            and int(p["terms"][-1].get("district") or 0) == district
        }

    def custom_ocd(self, state, sld_id):
        config = yaml.safe_load((self.root / GEO / f"{state}.yml").read_text())
        return next(
            e["os-id"] for e in config["id-mappings"]["custom"] if e.get("sld-id") == sld_id
        )

    def legislators(self, state, chamber, ocd_id):
        meta = openstates_metadata.lookup(abbr=state)
        body = meta.legislature if chamber == "legislature" else getattr(meta, chamber)
        names = {d.name for d in body.districts if d.division_id == ocd_id}
        path = self.root / f"data.openstates.org/people/current/{state}.csv"
        with path.open(encoding="utf-8", newline="") as f:
            return {
                r["id"]
                for r in csv.DictReader(f)
                if r["current_chamber"] == chamber and r["current_district"] in names
            }


def official_ids(officials):
    return {o["ids"].get("bioguide") or o["ids"].get("openstates") for o in officials}


# Empty districts the vacancy lists don't explain, and why.
EMPTY_WITHOUT_A_LISTED_VACANCY = {
    # Open States' YAML ends Joe Schomacker's 21A term on 2026-06-21, but settings.yml
    # lists no vacancy for Minnesota: vacant all the same.
    "ocd-division/country:us/state:mn/sldl:21a",
}


def known_state_vacancies(shared_data) -> set[str]:
    path = shared_data / "raw.githubusercontent.com/openstates/people/main/settings.yml"
    settings = yaml.safe_load(path.read_text())
    out = set()
    for state, entry in settings.items():
        meta = openstates_metadata.lookup(abbr=state)
        for vacancy in entry.get("vacancies") or []:
            district = meta.lookup_district(
                name=str(vacancy["district"]), chamber=vacancy["chamber"]
            )
            if district is not None:
                out.add(district.division_id)
    return out


def two_senators_or_an_ended_term(data, senators):
    """Ohio's appointed senator's term in the data ended on 2026-11-03: the answer names
    it as ended rather than showing a senator who may no longer sit."""
    sitting = {o["ids"]["bioguide"] for o in data["officials"] if o["office"] == "U.S. Senator"}
    ended = [
        e["name"] for v in data["vacancies"] if v["office"] == "U.S. Senator" for e in v["ended"]
    ]
    assert sitting <= senators and len(sitting) + len(ended) == 2


def post_lookup(client, **fields):
    """The lookup form posted as a member would, with the page's CSRF token."""
    html = client.get("/").data.decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    return client.post("/find", data={"csrf_token": token, "lat": "", "lng": "", **fields})


class GeoRules:
    """openstates-geo's configs read here, apart from the app: the OCD divisions a Census
    district (`sldu`, `sldl` or `cd` and its GEOID) stands for. As the configs say: a
    custom `sld-id` entry (not expired) names its `os-id`; otherwise the state's
    `sld-match` pattern's first group, without leading zeros, names the district under the
    state's prefix (`sld-prefix` for its kind); `split_districts` means that district's
    lettered seats, as openstates-metadata lists them."""

    def __init__(self, root):
        folder = root / GEO
        self.configs = {
            p.stem: yaml.load(p.read_text(), Loader=yaml.CSafeLoader) for p in folder.glob("*.yml")
        }
        self.fips = {}
        for abbr in self.configs:
            try:
                self.fips[openstates_metadata.lookup(abbr=abbr).fips] = abbr
            except (KeyError, AttributeError):
                continue
        self.custom: dict[str, set[str]] = {}
        for config in self.configs.values():
            for entry in (config.get("id-mappings") or {}).get("custom") or []:
                if "sld-id" in entry and not (entry.get("expired") or entry.get("expiration")):
                    self.custom.setdefault(str(entry["sld-id"]), set()).add(entry["os-id"])

    def ocd(self, kind: str, geoid: str) -> set[str]:
        """The OCD ids of one Census district (empty: the configs do not map it)."""
        key = f"{kind}-{geoid}"
        if key in self.custom:
            return self.custom[key]
        abbr = self.fips.get(geoid[:2])
        config = self.configs.get(abbr) if abbr else None
        rule = ((config or {}).get("id-mappings") or {}).get(kind)
        if not isinstance(rule, dict) or "sld-match" not in rule:
            return set()
        match = re.search(rule["sld-match"], key)
        code = (match.group(1) or "").lstrip("0") if match else ""
        if not code:
            return set()
        base = f"{config['os-id-prefix']}/{rule.get('sld-prefix') or kind}:{code}".lower()
        if not rule.get("split_districts"):
            return {base}
        meta = openstates_metadata.lookup(abbr=abbr)
        return {
            d.division_id
            for chamber in meta.chambers
            for d in chamber.districts
            if re.fullmatch(re.escape(base) + r"[a-z]", d.division_id)
        }


def held_divisions(root, today) -> set[str]:
    """Every division someone sits for on `today`, by the source files alone: the Open
    States CSVs (their people sit until the next file drops them) and legislators-current
    (a House member until their term's end), through openstates-metadata and usa.yml."""
    held = set()
    for path in (root / "data.openstates.org/people/current").glob("*.csv"):
        meta = openstates_metadata.lookup(abbr=path.stem)
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                chamber = row["current_chamber"]
                body = meta.legislature if chamber == "legislature" else getattr(meta, chamber)
                district = body.lookup_district(name=row["current_district"])
                if district is not None:
                    held.add(district.division_id)
    rules = GeoRules(root)
    congress = json.loads(
        (root / "unitedstates.github.io/congress-legislators/legislators-current.json").read_text()
    )
    for person in congress:
        term = person["terms"][-1]
        if term["type"] != "rep" or term["end"] < today.isoformat():
            continue
        fips = openstates_metadata.lookup(abbr=term["state"].lower()).fips
        code = "98" if term["state"] in ("DC", "PR", "AS", "GU", "MP", "VI") else None
        held |= rules.ocd("cd", fips + (code or f"{int(term.get('district') or 0):02d}"))
    return held
