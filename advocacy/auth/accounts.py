"""Accounts and chapters without the request: finding an account by email, the account a
reset link or an invitation names, making and changing accounts and chapters. Each writer
leaves the commit to its caller."""

from __future__ import annotations

from sqlalchemy import func, select

from advocacy.auth.passwords import hash_password
from advocacy.extensions import db
from advocacy.models import Chapter, User
from advocacy.models._types import utcnow


def by_email(email: str) -> User | None:
    """The account with this email, whatever its case and spaces."""
    return db.session.scalars(
        select(User).where(func.lower(User.email) == email.strip().lower())
    ).first()


def every_user() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


def every_chapter() -> list[Chapter]:
    return list(db.session.scalars(select(Chapter).order_by(Chapter.name)))


def chapter_choices() -> list[tuple[int, str]]:
    """(id, name) of every chapter, for a form's choices."""
    return [(c.id, c.name) for c in every_chapter()]


def _chapters(ids) -> list[Chapter]:
    return list(db.session.scalars(select(Chapter).where(Chapter.id.in_(list(ids or []) or [-1]))))


def reset_mark(user: User) -> str:
    """What a reset link carries of the password it replaces (it dies with the old hash)."""
    return user.password_hash[-16:]


def resettable(data) -> User | None:
    """The account a valid reset link's payload names, while the link is still good."""
    user = db.session.get(User, data["id"]) if isinstance(data, dict) else None
    if user is None or not user.active or reset_mark(user) != data.get("h"):
        return None
    return user


def set_password(user: User, password: str, changed: bool = True) -> None:
    """A new password hash (argon2id with today's costs)."""
    user.password_hash = hash_password(password)
    if changed:
        user.password_changed_at = utcnow()


def join(email: str, name: str, password: str, chapter_ids) -> User:
    """The account an accepted invitation makes: an advocate of the invited chapters."""
    user = User(
        email=email,
        name=name,
        role="advocate",
        password_hash=hash_password(password),
        chapters=_chapters(chapter_ids),
    )
    db.session.add(user)
    return user


def change(account: User, role: str, active: bool, chapter_ids) -> None:
    """An admin's change of an account's role, chapters or whether it may sign in."""
    account.role, account.active = role, active
    account.chapters = _chapters(chapter_ids)


def create_chapter(form) -> Chapter | None:
    """A new chapter from the form, or None when one already has that name."""
    if db.session.scalar(select(Chapter.id).where(Chapter.name == form.name.data)):
        return None
    chapter = Chapter()
    form.populate_obj(chapter)
    db.session.add(chapter)
    return chapter
