"""NPS: one 0-10 answer per completed booking, recorded as nps_submitted."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from core import feedback
from core.actors import Actor
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models import AnalyticsEvent
from tests.documents.helpers import completed, held


def test_score_is_recorded_with_analytics(session, factories):
    booking = completed(factories, session)
    response = feedback.record_nps(session, actor=Actor.of(booking.user), booking_id=booking.id, score="9",
                                   comment="  Quick and clean  ")
    assert (response.score, response.comment, response.user_id) == (9, "Quick and clean", booking.user_id)
    event = session.scalar(select(AnalyticsEvent).where(AnalyticsEvent.name == "nps_submitted",
                                                        AnalyticsEvent.booking_id == booking.id))
    assert event.properties == {"score": 9}


@pytest.mark.parametrize("score", [-1, 11, "seven", 7.5, "", None, True])
def test_invalid_score_is_a_validation_error(session, factories, score):
    booking = completed(factories, session)
    with pytest.raises(ValidationError, match="0 to 10"):
        feedback.record_nps(session, actor=Actor.of(booking.user), booking_id=booking.id, score=score)


def test_second_answer_keeps_the_first(session, factories):
    booking = completed(factories, session)
    first = feedback.record_nps(session, actor=Actor.of(booking.user), booking_id=booking.id, score=3)
    again = feedback.record_nps(session, actor=Actor.of(booking.user), booking_id=booking.id, score=10)
    assert again.id == first.id and again.score == 3


def test_feedback_waits_for_the_scan(session, factories):
    booking = held(factories, session)
    with pytest.raises(IllegalTransition, match="not completed"):
        feedback.record_nps(session, actor=Actor.of(booking.user), booking_id=booking.id, score=8)


def test_only_the_booking_patient_answers(session, factories):
    booking = completed(factories, session)
    with pytest.raises(NotFound):
        feedback.record_nps(session, actor=Actor.of(factories.patient()), booking_id=booking.id, score=8)
