"""Rules pages: /rules (open for comment first, filters by agency and status), one rule's
page (abstract, docket, links, the chapter's position, campaigns, comments filed), and what
chapters follow (agencies and keyword queries)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from advocacy import clock
from advocacy.access import acting_chapters, chapter_scope, role_required
from advocacy.extensions import begin_write, db
from advocacy.forms import page_count
from advocacy.models.rules import RULE_TYPE_NAMES
from advocacy.rules import service
from advocacy.rules.forms import (
    FollowAgencyForm,
    FollowQueryForm,
    ManualRuleForm,
    PositionForm,
    RuleSearchForm,
    UnfollowForm,
)

bp = Blueprint("rules", __name__)
ANYONE = ("advocate", "lead", "admin")
EASTERN = "America/New_York"
POSITION_CONFLICT = (
    "Someone else saved the chapter's position while you were editing it, so nothing was "
    "overwritten. Here is the current position; please make your change again."
)


@bp.app_context_processor
def _names():
    return {"rule_type_names": RULE_TYPE_NAMES, "rule_position_names": service.POSITION_NAMES}


def _chapters():
    chapters = acting_chapters(chapter_scope())
    if not chapters:
        abort(403, description="You are not in a chapter yet: ask a task-force lead to add you.")
    return chapters


def _chosen(form, chapters):
    form.set_chapters(chapters)
    return next((c for c in chapters if c.id == form.chapter_id.data), chapters[0])


@bp.get("/rules")
def listing():
    """Agency rules: open for comment first, with the days left."""
    form = RuleSearchForm(request.args)
    form.agency.choices = [("", "Any")] + service.agency_choices()
    today = clock.today(EASTERN)
    if request.args and not form.validate():
        return render_template(
            "rules/list.html", form=form, rules=[], total=0, page=1, pages=1, today=today
        ), 400
    page = form.page.data or 1
    per_page = current_app.config["RULES_PER_PAGE"]
    rules, total = service.search_rules(
        today,
        q=form.q.data or None,
        agency=form.agency.data or None,
        status=form.status.data or None,
        page=page,
        per_page=per_page,
    )
    pages = page_count(total, per_page, page)
    follows = None
    if current_user.is_authenticated and current_user.role in ANYONE:
        chapters = acting_chapters(chapter_scope())
        follows = {
            "rows": service.follows_of([c.id for c in chapters]),
            "agency": FollowAgencyForm(formdata=None),
            "query": FollowQueryForm(formdata=None, data={"q": form.q.data}),
            "unfollow": UnfollowForm(formdata=None),
            "agencies": dict(service.followable_agencies()),
            "chapters": chapters,
        }
        follows["agency"].agency.choices = list(follows["agencies"].items())
        follows["agency"].set_chapters(chapters)
        follows["query"].set_chapters(chapters)
    return render_template(
        "rules/list.html",
        form=form,
        rules=rules,
        total=total,
        page=page,
        pages=pages,
        today=today,
        follows=follows,
    )


def _found(number: str):
    rule = service.get_rule(number)
    if rule is None:
        abort(404, description="There is no rule with that document number here.")
    return rule


@bp.get("/rules/<number>")
def rule(number: str):
    """One rule: its abstract, docket, links, the chapter's position, campaigns and the
    comments the viewer's chapters filed."""
    found = _found(number)
    staff = current_user.is_authenticated and current_user.role in ANYONE
    scope = chapter_scope()
    chapters = acting_chapters(scope) if staff else []
    positions = {p.chapter_id: p for p in service.positions_on(found.id, [c.id for c in chapters])}
    forms = []
    for chapter in chapters:
        held = positions.get(chapter.id)
        form = PositionForm(
            formdata=None,
            data={
                "chapter_id": chapter.id,
                "position": held.position if held else "monitor",
                "notes": held.notes if held else "",
                "version": str(held.version) if held else "",
            },
        )
        form.set_chapters([chapter])
        forms.append((chapter, held, form))
    return render_template(
        "rules/rule.html",
        rule=found,
        today=clock.today(EASTERN),
        dockets=service.listed(found, "docket_ids"),
        rins=service.listed(found, "regulation_id_numbers"),
        cfr=service.listed(found, "cfr_references"),
        agencies=service.listed(found, "agencies"),
        campaigns=service.campaigns_on(found.id, scope, staff),
        filed=service.comments_on(found.id, scope) if staff else [],
        positions=forms,
    )


@bp.post("/rules/<number>/position")
@role_required(*ANYONE)
def position(number: str):
    """Set the chapter's position on a rule (its history kept; a stale form conflicts)."""
    found = _found(number)
    form = PositionForm()
    chapter = _chosen(form, _chapters())
    back = url_for("rules.rule", number=found.document_number) + "#position"
    if not form.validate():
        flash("The position was not saved: " + "; ".join(
            f"{getattr(form, n).label.text}: {e[0]}" for n, e in form.errors.items()
        ), "error")  # fmt: skip
        return redirect(back)
    begin_write()
    try:
        diff = service.set_position(
            chapter.id,
            found.id,
            current_user.id,
            form.position.data,
            form.notes.data or "",
            form.seen_version(),
        )
    except (service.Conflict, StaleDataError):
        db.session.rollback()
        flash(POSITION_CONFLICT, "error")
        return redirect(back)
    db.session.commit()
    flash(
        f"{chapter.name}'s position saved: {service.POSITION_NAMES[form.position.data]}."
        if diff
        else "Nothing changed."
    )
    return redirect(back)


@bp.post("/rules/follow/agency")
@role_required(*ANYONE)
def follow_agency():
    """Follow an agency's rules for a chapter (`flask rules update` reads them)."""
    form = FollowAgencyForm()
    chapter = _chosen(form, _chapters())
    form.agency.choices = service.followable_agencies()
    if not form.validate():
        flash("Nothing was followed: choose an agency from the list.", "error")
        return redirect(url_for("rules.listing"))
    begin_write()
    service.follow(chapter.id, current_user.id, "agency", form.agency.data)
    db.session.commit()
    name = dict(form.agency.choices).get(form.agency.data, form.agency.data)
    flash(f"{chapter.name} follows the rules of {name}.")
    return redirect(url_for("rules.listing", agency=form.agency.data))


@bp.post("/rules/follow/query")
@role_required(*ANYONE)
def follow_query():
    """Follow the rules some words find, for a chapter."""
    form = FollowQueryForm()
    chapter = _chosen(form, _chapters())
    if not form.validate():
        flash("Nothing was followed: enter at least three characters of words.", "error")
        return redirect(url_for("rules.listing"))
    begin_write()
    service.follow(chapter.id, current_user.id, "query", form.q.data)
    db.session.commit()
    flash(f"{chapter.name} follows rules matching “{form.q.data}”.")
    return redirect(url_for("rules.listing", q=form.q.data))


@bp.post("/rules/unfollow")
@role_required(*ANYONE)
def unfollow():
    """Stop following an agency or a query."""
    form = UnfollowForm()
    chapters = _chapters()
    chosen = form.chosen() if form.validate() else None
    begin_write()
    gone = service.unfollow(chosen or 0, [c.id for c in chapters]) if chosen else None
    if gone is None:
        db.session.rollback()
        abort(404, description="There is no such follow of your chapters.")
    db.session.commit()
    flash(f"No longer following “{gone.value}”.")
    return redirect(url_for("rules.listing"))


@bp.route("/rules/new", methods=["GET", "POST"])
@role_required("lead", "admin")
def new_rule():
    """Enter a consultation no API carries (Canada Gazette Part I, a state agency)."""
    form = ManualRuleForm()
    if form.validate_on_submit():
        begin_write()
        entered = service.enter_rule(form.data, clock.today(EASTERN))
        db.session.commit()
        flash("Saved. A comment campaign on it sends members to its link.")
        return redirect(url_for("rules.rule", number=entered.document_number))
    return render_template("rules/new.html", form=form), 400 if form.is_submitted() else 200
