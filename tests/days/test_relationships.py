"""Relationships as a chapter keeps them: a sign-on letter three organisations sign
(a second signature of one of them ignored), moderated and delivered once with all three
names through a real SMTP server; staff and key contacts seen only by their chapter (or
shared), a staffer's move keeping their history; key contacts under the privacy rules."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from advocacy import clock
from advocacy.delivery.outbox import send_due
from advocacy.extensions import db
from advocacy.models import (
    Interaction,
    KeyContact,
    Official,
    OutboxMessage,
    Signature,
    SignOnLetter,
    StaffRole,
)
from advocacy.privacy.service import erase_member, member_data, purge_expired
from tests.factories import app_today, make_campaign, submit


def _letter(app, client_for, world, campaign):
    with app.app_context():
        official = db.session.get(Official, world.officials[0])
        official.email = "senator@senate.test"
        db.session.commit()
    advocate = client_for("a@example.org")
    response = submit(
        advocate,
        "/sign-on/new",
        {
            "chapter_id": str(world.chapter_a),
            "title": "Fund interoperability",
            "body": "We, the undersigned, ask you to fund interoperability.",
            "campaign_id": str(campaign),
            "targets": [str(world.officials[0])],
            "to_name": "ASTP/ONC",
            "to_email": "comments@onc.test",
        },
    )
    assert response.status_code == 303, response.data.decode()[:2000]
    with app.app_context():
        letter = db.session.scalars(select(SignOnLetter)).one()
        return advocate, letter.id, letter.key


def _sign(app, key, org, who="Pat Signer"):
    return submit(
        app.test_client(),
        f"/s/{key}",
        {
            "org_name": org,
            "signatory": who,
            "title": "Director",
            "email": f"{who.split()[0].lower()}@org.test",
            "authorised": "y",
        },
    )


def test_a_sign_on_letter_is_signed_by_three_and_delivered_once_with_all_three(
    app, world, as_user, smtp
):
    inbox, port = smtp
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, MARCH_RATE_LIMIT=None)
    campaign = make_campaign(app)
    advocate, letter_id, key = _letter(app, as_user, world, campaign)
    for org in ("Mass General Brigham", "Patients for Data", "Epic Partners LLC"):
        assert _sign(app, key, org).status_code == 303
    # The same organisation again (case, spacing and "Inc." aside) is ignored.
    again = _sign(app, key, "  mass general brigham, inc. ", "Someone Else")
    assert again.status_code == 303 and "again=1" in again.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Signature)) == 3
        ids = db.session.scalars(select(Signature.id)).all()
    page = advocate.get(f"/sign-on/{letter_id}").data.decode()
    # Not approved yet: nothing to deliver.
    refused = submit(
        advocate, f"/sign-on/{letter_id}/deliver", {}, page=page, follow_redirects=True
    )
    assert "No signature is approved yet" in refused.data.decode()
    for signature_id in ids:
        submit(
            advocate,
            f"/sign-on/{letter_id}/moderate",
            {"signature_id": str(signature_id), "decision": "approved"},
            page=page,
        )
    for _ in range(2):
        submit(advocate, f"/sign-on/{letter_id}/deliver", {}, page=page)
    with app.app_context():
        assert send_due(app.config)["sent"] == 2
        interactions = db.session.scalars(select(Interaction)).all()
        assert [(i.campaign_id, i.official_id, i.channel) for i in interactions] == [
            (campaign, world.officials[0], "smtp_email")
        ]
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    to_senator = [m for to, m in inbox.messages if to == ["senator@senate.test"]]
    assert len(to_senator) == 1 and len(inbox.messages) == 2
    body = to_senator[0].get_payload(decode=True).decode()
    for org in ("Mass General Brigham", "Patients for Data", "Epic Partners LLC"):
        assert org in body
    assert "Someone Else" not in body
    # The public page shows the approved signers; chapter B sees no letter.
    assert "Patients for Data" in app.test_client().get(f"/s/{key}").data.decode()
    assert as_user("b@example.org").get(f"/sign-on/{letter_id}").status_code == 404


def _add_staffer(client, official_id, chapter_id, name, shared=False):
    fields = {
        "chapter_id": str(chapter_id),
        "name": name,
        "role": "health_la",
        "email": "la@senate.test",
        "phone": "",
        "notes": "",
        "confirmed_on": "2026-09-01",
    }
    if shared:
        fields["shared"] = "y"
    response = submit(client, f"/officials/{official_id}/staff/new", fields)
    assert response.status_code == 303, response.data.decode()[:2000]


def test_staff_are_seen_by_their_chapter_or_everyone_when_shared_and_keep_their_history(
    app, world, as_user
):
    a, b = as_user("a@example.org"), as_user("b@example.org")
    official = world.officials[0]
    # A date at the calendar's edge is a field message, not a 500.
    edge = submit(
        a,
        f"/officials/{official}/staff/new",
        {"chapter_id": str(world.chapter_a), "name": "Edge", "role": "scheduler",
         "confirmed_on": "9999-12-31"},
    )  # fmt: skip
    assert edge.status_code == 400 and "between 1990 and 2100" in edge.data.decode()
    _add_staffer(a, official, world.chapter_a, "Alpha private staffer")
    _add_staffer(a, official, world.chapter_a, "Alpha shared staffer", shared=True)
    assert "Alpha private staffer" in a.get(f"/officials/{official}").data.decode()
    seen_by_b = b.get(f"/officials/{official}").data.decode()
    assert "Alpha shared staffer" in seen_by_b and "Alpha private staffer" not in seen_by_b
    assert "Alpha" not in app.test_client().get(f"/officials/{official}").data.decode()
    with app.app_context():
        private = db.session.scalars(select(StaffRole.staffer_id).order_by(StaffRole.id)).first()
    assert b.get(f"/staff-contacts/{private}").status_code == 404
    # The staffer moves to another office: the old role ends, the history stays.
    page = a.get(f"/staff-contacts/{private}").data.decode()
    response = submit(
        a,
        f"/staff-contacts/{private}",
        {
            "chapter_id": str(world.chapter_a),
            "official_id": str(world.officials[1]),
            "name": "Alpha private staffer",
            "role": "legislative_director",
            "email": "ld@senate.test",
            "phone": "",
            "notes": "",
            "confirmed_on": app_today(app).isoformat(),
        },
        page=page,
    )
    assert response.status_code == 303
    with app.app_context():
        roles = db.session.scalars(
            select(StaffRole).where(StaffRole.staffer_id == private).order_by(StaffRole.id)
        ).all()
        assert [(r.official_id, r.role, r.ended_on is None) for r in roles] == [
            (official, "health_la", False),
            (world.officials[1], "legislative_director", True),
        ]
    assert "Alpha private staffer" in a.get(f"/officials/{world.officials[1]}").data.decode()
    assert "Alpha private staffer" not in a.get(f"/officials/{official}").data.decode()


def test_key_contacts_need_consent_stay_in_the_chapter_and_follow_the_privacy_rules(
    app, world, as_user
):
    a = as_user("a@example.org")
    official = world.officials[0]
    fields = {
        "chapter_id": str(world.chapter_a),
        "how": "patient",
        "strength": "close",
        "notes": "Alpha secret key contact",
        "goal_per_year": "4",
    }
    refused = submit(a, f"/officials/{official}/key-contact", fields)
    assert refused.status_code == 400 and "only with your consent" in refused.data.decode()
    assert (
        submit(a, f"/officials/{official}/key-contact", fields | {"consent": "y"}).status_code
        == 303
    )
    assert "Alpha secret key contact" in a.get(f"/officials/{official}").data.decode()
    assert (
        "Alpha secret key contact"
        in as_user("lead@example.org").get(f"/officials/{official}").data.decode()
    )
    for viewer in (as_user("b@example.org"), app.test_client()):
        assert "Alpha secret key contact" not in viewer.get(f"/officials/{official}").data.decode()
    assert (
        "Alpha secret key contact"
        not in as_user("b@example.org").get("/key-contacts").data.decode()
    )
    # The goal: four meetings a year; by October (the test clock) three are due, and a@
    # logged one (the world's September meeting with this official).
    assert app_today(app).month == 10
    behind = a.get("/key-contacts").data.decode().split("Everyone")[0]
    assert "<td>1 of 4 <strong>(behind: 3 due by now)</strong></td>" in behind
    with app.app_context():
        data = member_data("a@example.org")
        assert [c["notes"] for c in data["key_contacts"]] == ["Alpha secret key contact"]
        # Past the retention from the consent, it goes.
        app.config["MEMBER_DATA_RETENTION_DAYS"] = 30
        purge_expired(app.config, now=clock.now() + timedelta(days=29))
        assert db.session.scalar(select(func.count()).select_from(KeyContact)) == 1
        purge_expired(app.config, now=clock.now() + timedelta(days=31))
        assert db.session.scalar(select(func.count()).select_from(KeyContact)) == 0
    assert (
        submit(a, f"/officials/{official}/key-contact", fields | {"consent": "y"}).status_code
        == 303
    )
    with app.app_context():
        assert erase_member(app.config, "a@example.org")["relationships"] == 1
        assert db.session.scalar(select(func.count()).select_from(KeyContact)) == 0
