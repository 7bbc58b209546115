"""Privacy (DPDP Act): download a copy of my data, correct it, and erase my account."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, session as cookie_session, url_for

from console import posted
from console.auth import current_actor
from console.me import blueprint, forms
from console.me.profile import saying
from console.me.views import container, perform
from core import audit
from core.auth import sessions
from core.clock import now_utc
from core.errors import DomainError
from core.portal import privacy, profile


@blueprint.get("/privacy")
def privacy_page():
    with container().uow() as uow:
        mine = profile.get(uow.session, actor=current_actor())
        page = render_template("me/privacy.html", p=mine, name_form=forms.NameForm(name=mine.user.name),
                               erase_form=forms.EraseForm())
        uow.commit()
        return page


@blueprint.get("/privacy/my-data.json")
def export():
    actor = current_actor()
    with container().uow() as uow:
        data = privacy.export(uow.session, actor=actor)
        audit.record(uow.session, actor=actor, action="user.data_exported", entity_type="user", entity_id=actor.user_id)
        uow.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="medezy-my-data.json"', "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff"})


@blueprint.post("/privacy/name")
def correct_name():
    name = posted.submitted(forms.NameForm).name.data or ""
    return perform(saying("Your name is corrected.", lambda session, actor, now: profile.correct_name(
        session, actor=actor, name=name)), back=url_for("me.privacy_page"))


@blueprint.post("/privacy/erase")
def erase():
    form, c, actor, now = posted.submitted(forms.EraseForm), container(), current_actor(), now_utc()
    if (form.confirm.data or "").strip().upper() != "ERASE":
        flash("Type ERASE in the box to confirm; nothing was erased.", "error")
        return redirect(url_for("me.privacy_page"))
    with c.uow() as uow:
        try:
            privacy.erase(uow.session, c.adapters["storage"], actor=actor, now=now)
        except DomainError as error:
            uow.rollback()
            flash(str(error), "error")
            return redirect(url_for("me.privacy_page"))
        sessions.end_all(uow.session, user_id=actor.user_id, actor=actor, reason="erased", now=now)
        uow.commit()
    cookie_session.clear()
    flash("Your account is erased. Invoices are kept as the tax law requires.", "info")
    return redirect(url_for("auth.login"))
