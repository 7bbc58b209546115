"""Email verification by signed link: the address is saved only when the link is followed, intact and in time."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.actors import Actor
from core.clock import now_utc
from core.errors import ValidationError
from core.portal import email_verification as ev

SECRET = "test-secret"


def _token(link: str) -> str:
    return link.split("token=", 1)[1]


def test_following_the_link_saves_the_address_as_verified(session, factories):
    patient = factories.patient()
    now = now_utc()
    link = ev.start(session, actor=Actor.of(patient), email=" Asha@Example.in ", now=now, secret=SECRET,
                    base_url="http://medezy.test")
    assert patient.email is None  # nothing saved until the link is followed
    ev.confirm(session, token=_token(link), now=now + timedelta(minutes=5), secret=SECRET)
    assert patient.email == "asha@example.in" and patient.profile.email_verified


def test_a_tampered_or_expired_link_is_refused(session, factories):
    patient = factories.patient()
    now = now_utc()
    token = _token(ev.start(session, actor=Actor.of(patient), email="a@example.in", now=now, secret=SECRET,
                            base_url="http://t"))
    body, mac = token.split(".")
    flipped = "1" if mac[-1] == "0" else "0"  # the mac is hex: a fixed "0" would leave one link in 16 intact
    for bad in (f"{body}x.{mac}", f"{body}.{mac[:-1]}{flipped}", "", "nodot", "a.b"):
        with pytest.raises(ValidationError, match="not valid"):
            ev.confirm(session, token=bad, now=now, secret=SECRET)
    with pytest.raises(ValidationError, match="expired"):
        ev.confirm(session, token=token, now=now + timedelta(hours=25), secret=SECRET)
    with pytest.raises(ValidationError, match="not valid"):
        ev.confirm(session, token=token, now=now, secret="another-secret")


def test_an_address_of_another_account_is_refused(session, factories):
    factories.patient(email="taken@example.in")
    with pytest.raises(ValidationError, match="another account"):
        ev.start(session, actor=Actor.of(factories.patient()), email="taken@example.in", now=now_utc(),
                 secret=SECRET, base_url="http://t")


def test_a_link_works_once(session, factories):
    patient = factories.patient()
    now = now_utc()
    first, second = (_token(ev.start(session, actor=Actor.of(patient), email=f"{name}@example.in", now=now,
                                     secret=SECRET, base_url="http://t")) for name in ("first", "second"))
    assert ev.check(session, token=first, now=now, secret=SECRET).email == "first@example.in"  # only looks
    ev.confirm(session, token=first, now=now, secret=SECRET)
    session.commit()  # the audit entry that spends the link is written at commit
    with pytest.raises(ValidationError, match="already been used"):
        ev.confirm(session, token=first, now=now, secret=SECRET)
    ev.confirm(session, token=second, now=now, secret=SECRET)  # another link (another address) still works
    assert patient.email == "second@example.in"
