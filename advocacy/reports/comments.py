"""Members' comments on agency rules in the monthly report: by rule, agency and chapter,
filed (regulations.gov's tracking number), reported filed, and written but not filed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select

from advocacy.extensions import db
from advocacy.models import Chapter, Comment, Rule
from advocacy.reports.counting import in_scope

COMMENT_COLUMNS = [
    "rule",
    "title",
    "agency",
    "chapter",
    "filed (tracking number)",
    "reported filed",
    "written, not filed",
]


def comments_report(month: date, scope: set[int] | None) -> list[list]:
    """The month's comments (on their chapter's calendar), a row per rule and chapter."""

    def level(name: str):
        return func.sum(case((Comment.evidence == name, 1), else_=0))

    rows = db.session.execute(
        select(
            Comment.document_number,
            func.min(Rule.title),
            func.min(Comment.agency),
            func.min(Chapter.name),
            level("sent"),
            level("reported"),
            level("intent"),
        )
        .join(Rule, Rule.id == Comment.rule_id)
        .outerjoin(Chapter, Chapter.id == Comment.chapter_id)
        .where(Comment.local_month == month, in_scope(Comment.chapter_id, scope))
        .group_by(Comment.document_number, Comment.chapter_id)
        .order_by(Comment.document_number, func.min(Chapter.name))
    ).all()
    return [
        [number, (title or "")[:120], agency, chapter or "No chapter", int(s), int(r), int(i)]
        for number, title, agency, chapter, s, r, i in rows
    ]
