"""Who may see what: roles for pages, chapters for records.

Records of a chapter the viewer may not see are answered with 404, exactly as records
that do not exist, so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from advocacy.extensions import db
from advocacy.models import Chapter

ROLE_NAMES = {"advocate": "chapter advocates", "lead": "task-force leads", "admin": "admins"}


def closed_to_role(roles: tuple[str, ...]) -> str:
    """Why a page is closed to the signed-in user, and what to do about it."""
    allowed = [ROLE_NAMES[r] for r in roles]
    who = allowed[0] if len(allowed) == 1 else ", ".join(allowed[:-1]) + " and " + allowed[-1]
    mine = ROLE_NAMES.get(current_user.role, current_user.role).rstrip("s")
    return (
        f"This page is for {who}; you are signed in as one of the {mine}s. "
        "If your work needs it, ask an admin to change your account's role."
    )


def role_required(*roles: str) -> Callable:
    """A view for signed-in users with one of these roles (others get 403, saying why)."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403, description=closed_to_role(roles))
            return view(*args, **kwargs)

        return wrapped

    return decorate


def chapter_scope(user=None) -> set[int] | None:
    """The chapter ids a user may see; None means every chapter (leads and admins)."""
    user = user or current_user
    if not user.is_authenticated:
        return set()
    if user.sees_all_chapters:
        return None
    return {c.id for c in user.chapters}


def limit_to_scope(query, column, scope: set[int] | None):
    """Add "column in the viewer's chapters" to a query (nothing for leads)."""
    if scope is None:
        return query
    return query.where(column.in_(scope or {-1}))


def may_see_chapter(chapter_id: int | None, scope: set[int] | None) -> bool:
    """Whether a record of this chapter is visible."""
    return scope is None or chapter_id in scope


def acting_chapters(scope: set[int] | None) -> list[Chapter]:
    """The chapters a user with this scope acts for: follows bills and rules, sets
    positions (None: every one), by name."""
    query = select(Chapter).order_by(Chapter.name)
    return list(db.session.scalars(limit_to_scope(query, Chapter.id, scope)))


def own_chapters() -> list[Chapter]:
    """The chapters the signed-in user acts for; 403 (saying why) if none."""
    chapters = acting_chapters(chapter_scope())
    if not chapters:
        abort(403, description="You are not in a chapter yet: ask a task-force lead to add you.")
    return chapters


def chosen_chapter(form, chapters: list[Chapter]) -> Chapter:
    """The chapter a form's ChapterChoice names, among the user's (404 otherwise)."""
    chapter = next((c for c in chapters if c.id == form.chapter_id.data), None)
    if chapter is None:
        abort(404, description="You do not act for that chapter.")
    return chapter
