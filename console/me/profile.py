"""Profile: date of birth and language, phone verified by a WhatsApp code, email by a link, emergency
contacts and family members (whom a booking can be for)."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for

from console import posted
from console.auth import current_actor
from console.me import blueprint, forms
from console.me.views import attempt, container, perform
from core import patients
from core.clock import IST, now_utc
from core.errors import ValidationError
from core.portal import family, profile


def _back() -> str:
    return url_for("me.profile_page")


def _ip() -> str:
    return request.remote_addr or "unknown"


def parse_day(raw: str | None) -> date | None:
    """'1990-05-01' (what a date input sends) or empty; anything else is a ValidationError."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise ValidationError("Give the date as year-month-day, for example 1990-05-01.") from None


def today() -> date:
    return now_utc().astimezone(IST).date()


def saying(message: str, change):
    """What `perform` runs: the change, then the message the patient sees."""
    def run(session, actor, now) -> str:
        change(session, actor, now)
        return message
    return run


@blueprint.get("/profile")
def profile_page():
    actor = current_actor()
    with container().uow() as uow:
        mine = profile.get(uow.session, actor=actor)
        page = render_template(
            "me/profile.html", p=mine, languages=profile.LANGUAGES, relations=family.RELATIONS,
            family=family.get_all(uow.session, actor=actor), contacts=list(mine.details.emergency_contacts),
            form=forms.ProfileForm(), code_form=forms.CodeForm(), email_form=forms.EmailForm(),
            contact_form=forms.ContactForm(), family_form=forms.FamilyForm(), action_form=forms.ActionForm())
        uow.commit()  # an empty profile made on first look
        return page


@blueprint.post("/profile")
def save_profile():
    form = posted.submitted(forms.ProfileForm)
    return perform(saying("Saved.", lambda session, actor, now: profile.update(
        session, actor=actor, date_of_birth=parse_day(form.date_of_birth.data), language=form.language.data or "",
        today=today())), back=_back())


@blueprint.post("/profile/phone/code")
def send_phone_code():
    posted.submitted(forms.ActionForm)
    c = container()
    return perform(saying("We sent a 6-digit code to your WhatsApp.", lambda session, actor, now:
                          profile.send_phone_code(session, c.adapters["otp"], c.adapters["rate_limits"], actor=actor,
                                                  ip=_ip(), now=now)), back=_back())


@blueprint.post("/profile/phone/verify")
def verify_phone():
    code, c = posted.submitted(forms.CodeForm).code.data or "", container()

    def run(session, actor, now) -> bool:
        return profile.verify_phone(session, c.adapters["otp"], c.adapters["rate_limits"], actor=actor, code=code,
                                    ip=_ip(), now=now)
    verified = attempt(run)  # committed even when wrong: the try counts
    if verified:
        flash("Your phone number is verified.", "success")
    elif verified is False:
        flash("That code is not right or has expired; ask for a new one.", "error")
    return redirect(_back())


@blueprint.post("/profile/email")
def send_email_link():
    email, c = posted.submitted(forms.EmailForm).email.data or "", container()
    sent = "We emailed you a link; open it within 24 hours to confirm the address."
    return perform(saying(sent, lambda session, actor, now: profile.send_email_link(
        session, actor=actor, email=email, now=now, secret=c.settings.secret_key,
        base_url=c.settings.public_base_url)), back=_back())


@blueprint.post("/profile/contacts")
def add_contact():
    form = posted.submitted(forms.ContactForm)
    return perform(saying("Emergency contact added.", lambda session, actor, now: patients.add_emergency_contact(
        session, actor=actor, user_id=actor.user_id, name=form.name.data or "", phone=form.phone.data or "",
        relation=form.relation.data or "")), back=_back())


@blueprint.post("/profile/family")
def add_family_member():
    form = posted.submitted(forms.FamilyForm)
    return perform(saying("Family member added.", lambda session, actor, now: family.create(
        session, actor=actor, name=form.name.data or "", relation=form.relation.data or "",
        date_of_birth=parse_day(form.date_of_birth.data), today=today())), back=_back())


@blueprint.post("/profile/family/<int:member_id>/remove")
def remove_family_member(member_id: int):
    posted.submitted(forms.ActionForm)
    return perform(saying("Removed; past bookings still name them.", lambda session, actor, now: family.remove(
        session, actor=actor, member_id=member_id, now=now)), back=_back())
