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
