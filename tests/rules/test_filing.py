"""Filing comments through regulations.gov (a fake on 127.0.0.1): its rate limit waited out
as it says, a refusal final with its reason, and a member's comments under the privacy
rules (download, erasure, retention)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from advocacy import clock
from advocacy.campaigns.comments import Member, file_comment, own_share
from advocacy.delivery.outbox import send_due
from advocacy.extensions import db
from advocacy.models import Campaign, Comment, OutboxMessage, User
from advocacy.privacy.service import erase_member, member_data, purge_expired
from tests.factories import make_rule, make_world
from tests.net import serving
from tests.regulations_gov import KEY, FakeRegulationsGov


def _setup(app, fake, url):
    world = make_world(app)
    with app.app_context():
        user_b = db.session.scalars(select(User.id).where(User.email == "b@example.org")).one()
    stage = make_rule(app, world.chapter_b, user_b)
    app.config.update(REGULATIONS_GOV_API_KEY=KEY, REGULATIONS_GOV_URL=f"{url}/v4")
    fake.documents["2026-20001"] = "CMS-2026-0101-0001"
    return stage


def _comments(app, n: int, text: str = "My clinic waits {i} days.") -> None:
    with app.app_context():
        campaign = db.session.scalars(
            select(Campaign).where(Campaign.slug == "rule-comments")
        ).one()
        for i in range(n):
            file_comment(
                campaign, Member(f"Member {i}", f"m{i}@example.org"), text.format(i=i), 100, []
            )
        db.session.commit()


def test_over_the_rate_limit_a_comment_waits_as_told_and_is_filed_once(app):
    fake = FakeRegulationsGov(per_minute=2, retry_after=120)
    with serving(fake) as url:
        fake.base = url
        _setup(app, fake, url)
        _comments(app, 3)
        with app.app_context():
            now = clock.now()
            counts = send_due(app.config, now=now)
            assert counts == {"sent": 2, "retry": 1, "failed": 0}
            waiting = db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.status == "pending")
            ).one()
            # Not a failed try: it waits the 120 seconds the answer said, attempts untouched.
            assert waiting.attempts == 0
            assert waiting.next_attempt_at.replace(tzinfo=now.tzinfo) == now + timedelta(
                seconds=120
            )
            assert send_due(app.config, now=now) == {"sent": 0, "retry": 0, "failed": 0}
            fake.per_minute = 10
            later = now + timedelta(seconds=121)
            assert send_due(app.config, now=later) == {"sent": 1, "retry": 0, "failed": 0}
            assert send_due(app.config, now=later) == {"sent": 0, "retry": 0, "failed": 0}
            filed = db.session.scalars(
                select(Comment).where(Comment.channel == "regulations_gov")
            ).all()
            assert {c.evidence for c in filed} == {"sent"} and len(filed) == 3
            assert sorted(c.tracking_number for c in filed) == sorted(
                c["trackingNumber"] for c in fake.comments
            )
    assert len(fake.comments) == 3 and fake.limited == 1


def test_a_comment_regulations_gov_refuses_fails_for_good_with_its_reason(app):
    fake = FakeRegulationsGov(refuse_text="refuse me")
    with serving(fake) as url:
        fake.base = url
        stage = _setup(app, fake, url)
        _comments(app, 1, "Please refuse me {i}.")
        with app.app_context():
            assert send_due(app.config)["failed"] == 1
            row = db.session.scalars(select(OutboxMessage)).one()
            assert row.status == "failed" and "the comment was refused" in row.last_error
            assert (
                db.session.scalars(select(Comment).where(Comment.id == row.comment_id))
                .one()
                .evidence
                == "intent"
            )
        assert stage.slug == "rule-comments"


def test_a_members_comments_are_downloaded_erased_and_expire(app):
    world = make_world(app)
    make_rule(app, world.chapter_b, 1)
    with app.app_context():
        mine = member_data("ana@example.org")
        assert [c["comment"] for c in mine["comments"]] == ["Our clinic waits."]
        erased = erase_member(app.config, "ana@example.org")
        assert erased["comments"] == 1
        comment = db.session.scalars(select(Comment).where(Comment.chapter_id.is_(None))).one()
        assert (comment.member_email, comment.body, comment.member_name) == (None, None, None)
        assert comment.evidence == "intent" and "ana" not in comment.idempotency_key
        app.config["MEMBER_DATA_RETENTION_DAYS"] = 30
        assert purge_expired(app.config, now=clock.now() + timedelta(days=29)) == 0
        kept = db.session.scalars(select(Comment).where(Comment.chapter_id.is_not(None))).one()
        assert kept.member_email == "bo@example.org"
        purge_expired(app.config, now=clock.now() + timedelta(days=31))
        kept = db.session.scalars(select(Comment).where(Comment.chapter_id.is_not(None))).one()
        assert (kept.member_email, kept.body) == (None, None)
        assert kept.tracking_number == "kbb-secret-0001"  # the evidence stays


def test_own_words_are_counted_outside_the_campaigns_runs_of_four():
    suggestion = "Data must follow the patient across every setting of care."
    assert own_share([suggestion], [suggestion]) == 0
    assert own_share(["I am a nurse and data must follow the patient."], [suggestion]) == 50
    assert own_share(["Follow the data, patient."], [suggestion]) == 100
    assert own_share([""], [suggestion]) == 0
