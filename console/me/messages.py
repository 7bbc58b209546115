"""Messages: what was sent, when and on which channel, and the consent choice per channel."""
from __future__ import annotations

from flask import render_template, url_for

from console import posted
from console.auth import current_actor
from console.me import blueprint, forms
from console.adminkit.pagination import page_number
from console.me.views import container, perform
from core.portal import messages


@blueprint.get("/messages")
def notifications():
    actor = current_actor()
    with container().uow() as uow:
        rows, has_next = messages.sent(uow.session, actor=actor, number=page_number("page"))
        return render_template("me/messages.html", rows=rows, has_next=has_next, number=page_number("page"),
                               text_of=messages.shown_text, choices=messages.choices(uow.session, actor=actor),
                               form=forms.ConsentForm())


@blueprint.post("/messages/consent")
def set_consent():
    form = posted.submitted(forms.ConsentForm)

    def run(session, actor, now) -> str:
        allowed = form.allowed.data == "yes"
        messages.choose(session, actor=actor, channel=form.channel.data or "", category=form.category.data or "",
                        allowed=allowed, now=now)
        return "Saved: we will message you there." if allowed else "Saved: we will not message you there."
    return perform(run, back=url_for("me.notifications"))
