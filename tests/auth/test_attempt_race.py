"""Two wrong codes racing on one challenge (real PostgreSQL, real commits) are both counted: the
challenge row is locked while a try is judged, so five tries stay five."""
from __future__ import annotations

import threading
import time

from sqlalchemy import select

from core.auth import otp
from core.auth.codes import LocalCodes
from core.auth.rate_limits import RateLimits
from core.clock import now_utc
from core.models import OtpChallenge
from notifications.providers.sandbox import SandboxMessaging


class SlowCodes(LocalCodes):
    """Our provider, slow to judge a code: without the row lock both racers would read attempts = 0."""

    def check(self, challenge, code):
        time.sleep(0.3)
        return super().check(challenge, code)


def test_racing_wrong_codes_are_each_counted(container):
    codes, limits, phone = SlowCodes(SandboxMessaging(), "race-secret"), RateLimits(), "+919399000001"
    with container.uow() as uow:
        otp.send_code(uow.session, codes, limits, phone=phone, ip="client", now=now_utc())
        uow.commit()
    start = threading.Barrier(2)

    def wrong_try():
        start.wait()
        with container.uow() as uow:
            otp.check_code(uow.session, codes, limits, phone=phone, code="000000", ip="client", now=now_utc())
            uow.commit()

    racers = [threading.Thread(target=wrong_try) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=10)
    with container.session_factory() as session:
        assert session.scalar(select(OtpChallenge.attempts).where(OtpChallenge.phone == phone)) == 2
