"""Server-side sessions: idle timeouts by role (the clock is injected), sign-out, end everywhere."""
from __future__ import annotations

from datetime import timedelta

from core.actors import Actor
from core.auth import sessions
from core.models import AuthSession, Role


def _start(session, user, clock):
    return sessions.start(session, user=user, method="otp", ip="client", user_agent="pytest", now=clock())


def test_only_the_tokens_hash_is_stored(session, factories, clock):
    user = factories.staff(Role.OPS_MANAGER)
    token = _start(session, user, clock)
    stored = session.query(AuthSession).filter_by(user_id=user.id).one()
    assert stored.token_hash == sessions.token_hash(token) and token not in stored.token_hash


def test_a_staff_session_idles_out_after_30_minutes(session, factories, clock):
    user = factories.staff(Role.SUPPORT_AGENT)
    token = _start(session, user, clock)
    clock.advance(minutes=29)
    assert sessions.resolve(session, token, now=clock()) is not None
    clock.advance(minutes=30, seconds=1)
    assert sessions.resolve(session, token, now=clock()) is None
    assert session.query(AuthSession).filter_by(user_id=user.id).one().end_reason == "idle"


def test_using_a_staff_session_keeps_it_alive(session, factories, clock):
    token = _start(session, factories.staff(Role.SUPPORT_AGENT), clock)
    for _ in range(4):
        clock.advance(minutes=20)
        assert sessions.resolve(session, token, now=clock()) is not None


def test_a_patient_session_lasts_seven_idle_days(session, factories, clock):
    token = _start(session, factories.patient(), clock)
    clock.advance(days=6, hours=23)
    assert sessions.resolve(session, token, now=clock()) is not None
    clock.advance(days=7, seconds=1)
    assert sessions.resolve(session, token, now=clock()) is None


def test_an_ended_session_is_refused(session, factories, clock):
    token = _start(session, factories.patient(), clock)
    sessions.end(session, sessions.resolve(session, token, now=clock()), now=clock())
    assert sessions.resolve(session, token, now=clock()) is None


def test_deactivating_a_user_ends_their_sessions_at_once(session, factories, clock):
    user = factories.staff(Role.FINANCE)
    token = _start(session, user, clock)
    user.is_active = False
    assert sessions.resolve(session, token, now=clock()) is None


def test_end_all_ends_every_live_session_of_one_user_only(session, factories, clock):
    user, other = factories.staff(Role.OPS_MANAGER), factories.staff(Role.OPS_MANAGER)
    tokens = [_start(session, user, clock) for _ in range(3)]
    kept = _start(session, other, clock)
    admin = Actor.of(factories.staff(Role.SUPER_ADMIN))
    assert sessions.end_all(session, user_id=user.id, actor=admin, reason="deactivated", now=clock()) == 3
    session.expire_all()
    assert all(sessions.resolve(session, t, now=clock()) is None for t in tokens)
    assert sessions.resolve(session, kept, now=clock()) is not None
    entry = session.info["medezy_audit_pending"][-1]  # queued: written just before commit
    assert (entry["action"], entry["actor_id"], entry["after"]) == ("auth.sessions_ended", admin.user_id,
                                                           {"count": 3, "reason": "deactivated"})


def test_garbage_and_oversized_tokens_are_refused_without_a_lookup(session, clock):
    assert sessions.resolve(session, "", now=clock()) is None
    assert sessions.resolve(session, "x" * 10_000, now=clock()) is None
    assert sessions.resolve(session, "not-a-token", now=clock()) is None


def test_last_seen_is_written_at_most_once_a_minute(session, factories, clock):
    token = _start(session, factories.staff(Role.OPS_MANAGER), clock)
    started = clock()
    clock.advance(seconds=30)
    assert sessions.resolve(session, token, now=clock()).last_seen_at == started
    clock.advance(seconds=31)
    assert sessions.resolve(session, token, now=clock()).last_seen_at == started + timedelta(seconds=61)
