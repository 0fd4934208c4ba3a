"""Sign-in, sign-out, password reset, invitations, and account and chapter management."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from advocacy import abuse
from advocacy.access import role_required
from advocacy.auth import accounts
from advocacy.auth.forms import (
    AcceptInvitationForm,
    ChapterForm,
    InviteForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
    UserForm,
)
from advocacy.auth.passwords import verify_password
from advocacy.delivery.smtp import mail_configured, send_mail
from advocacy.extensions import begin_write, db, limiter
from advocacy.models import User
from advocacy.tokens import INVITE_DAYS, RESET_HOURS, make_token, read_token

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """A redirect target only if it is a path on this site (not //evil, /\\evil, https:)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


ACCOUNT_WAITS = (
    "Too many failed sign-ins for this account: wait 15 minutes and try again, or reset "
    "your password with “Forgot your password?”."
)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/staff/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in with email and password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        return render_template("auth/login.html", form=form)
    if not form.validate():
        return render_template("auth/login.html", form=form), 400
    account = abuse.email_key(form.email.data)
    if abuse.used_up("LOGIN_ACCOUNT_FAILURE_LIMIT", account):
        # Checked before the password: guesses spread over many addresses stop here too.
        form.password.errors = [ACCOUNT_WAITS]
        return render_template("auth/login.html", form=form), 429
    user = accounts.by_email(form.email.data)
    ok, rehash = verify_password(user.password_hash if user else None, form.password.data)
    if not (user and ok and user.active):
        abuse.count("LOGIN_ACCOUNT_FAILURE_LIMIT", account)
        form.password.errors = ["That email and password don't match an active account."]
        return render_template("auth/login.html", form=form), 400
    if rehash:  # an older hash: store argon2id now that we have the password
        begin_write()
        accounts.set_password(db.session.get(User, user.id), form.password.data, changed=False)
        db.session.commit()
    session.clear()  # a new session at sign-in (no fixation)
    login_user(user)
    default = "staff.campaigns" if user.sees_all_chapters else "interactions.feed"
    return redirect(safe_next(form.next.data) or url_for(default), code=303)


@bp.post("/staff/logout")
@login_required
def logout():
    """Sign out."""
    logout_user()
    session.clear()
    return redirect(url_for("main.index"), code=303)


@bp.route("/password/reset", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_request():
    """Ask for a reset link; the answer is the same whether or not the account exists."""
    form = ResetRequestForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/reset_request.html", form=form), status
    user = accounts.by_email(form.email.data)
    if user and user.active:
        token = make_token("reset", {"id": user.id, "h": accounts.reset_mark(user)})
        link = url_for("auth.reset", token=token, _external=True)
        send_mail(
            user.email,
            "Reset your advocacy password",
            f"Choose a new password here (the link works for {RESET_HOURS} hours):\n\n"
            f"{link}\n\nIf you didn't ask for this, ignore this message.",
        )
    flash(
        "If that email has an account, a reset link is on its way."
        + ("" if mail_configured() else " (No mail server is set up here: ask a lead.)"),
        "notice",
    )
    return redirect(url_for("auth.login"), code=303)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password from an emailed link (one use: it dies with the old hash)."""
    user = accounts.resettable(read_token("reset", token, RESET_HOURS * 3600))
    if user is None:
        abort(404, description="This reset link has expired or was already used.")
    form = NewPasswordForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/new_password.html", form=form, title="New password"), status
    begin_write()
    accounts.set_password(db.session.get(User, user.id), form.password.data)
    db.session.commit()
    flash("Your password is changed. Please sign in.", "success")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/invitations/new", methods=["GET", "POST"])
@role_required("lead", "admin")
def invite():
    """Invite an advocate to chapters by an emailed, expiring link."""
    form = InviteForm()
    form.chapters.choices = accounts.chapter_choices()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/invite.html", form=form, link=None), status
    if accounts.by_email(form.email.data):
        form.email.errors = ["That email already has an account."]
        return render_template("auth/invite.html", form=form, link=None), 400
    token = make_token(
        "invite", {"email": form.email.data, "chapters": form.chapters.data, "by": current_user.id}
    )
    link = url_for("auth.accept", token=token, _external=True)
    sent = send_mail(
        form.email.data,
        "You're invited to log your chapter's advocacy",
        f"{current_user.name or current_user.email} invited you. Accept within "
        f"{INVITE_DAYS} days:\n\n{link}",
    )
    flash(f"Invitation {'sent to' if sent else 'ready for'} {form.email.data}.", "success")
    return render_template("auth/invite.html", form=InviteForm(formdata=None), link=link, sent=sent)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept(token: str):
    """Accept an invitation: name and password; the account joins the chapters."""
    data = read_token("invite", token, INVITE_DAYS * 86400)
    if not isinstance(data, dict) or accounts.by_email(data.get("email", "")):
        abort(404, description="This invitation has expired or was already used.")
    form = AcceptInvitationForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/accept.html", form=form, email=data["email"]), status
    begin_write()
    if accounts.by_email(data["email"]):  # accepted meanwhile, in another tab
        abort(404, description="This invitation has expired or was already used.")
    user = accounts.join(data["email"], form.name.data, form.password.data, data.get("chapters"))
    db.session.commit()
    session.clear()
    login_user(user)
    return redirect(url_for("interactions.feed"), code=303)


@bp.get("/admin/users")
@role_required("admin")
def users():
    """Every account."""
    return render_template("auth/users.html", users=accounts.every_user())


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user(user_id: int):
    """Change an account's role, chapters or whether it may sign in."""
    account = db.session.get(User, user_id)  # the <int:> route takes 1..MAX_ID only
    if account is None:
        abort(404)
    form = UserForm(obj=account)
    form.chapters.choices = accounts.chapter_choices()
    if not form.is_submitted():
        form.chapters.data = [c.id for c in account.chapters]
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/user.html", form=form, account=account), status
    if account.id == current_user.id and (form.role.data != "admin" or not form.active.data):
        form.role.errors = ["You can't remove your own admin access."]
        return render_template("auth/user.html", form=form, account=account), 400
    begin_write()
    accounts.change(
        db.session.get(User, user_id), form.role.data, form.active.data, form.chapters.data
    )
    db.session.commit()
    flash(f"Saved {account.email}.", "success")
    return redirect(url_for("auth.users"), code=303)


@bp.route("/chapters", methods=["GET", "POST"])
@role_required("lead", "admin")
def chapters():
    """Every chapter, and a form for a new one."""
    form = ChapterForm()
    if form.validate_on_submit():
        begin_write()
        chapter = accounts.create_chapter(form)
        if chapter is None:
            form.name.errors = ["A chapter already has that name."]
        else:
            db.session.commit()
            flash(f"Created {chapter.name}.", "success")
            return redirect(url_for("auth.chapters"), code=303)
    rows = accounts.every_chapter()
    status = 400 if form.is_submitted() else 200
    return render_template("auth/chapters.html", form=form, chapters=rows), status
