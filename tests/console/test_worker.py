"""The RQ worker side: periodic sweep chain, and the worker refusing to start without Redis."""
from datetime import timedelta

from click.testing import CliRunner
from redis import Redis
from rq import Queue
from rq.registry import ScheduledJobRegistry

from adapters.rq_jobs import QUEUE_NAME, RQJobQueue, SimpleContainerWorker
from console.cli import main
from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.models import BookingStatus
from tests.factories import Factories
from wiring import tasks


def test_sweep_job_expires_lapsed_holds_and_books_its_next_run(container, redis_url):
    Redis.from_url(redis_url).flushdb()
    container.jobs = RQJobQueue(redis_url)
    with container.session_factory() as session:
        f = Factories(session)
        patient, slot = f.patient(), f.slot()
        booking = bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                                patient=bookings.PatientDetails(name="Lapsed Hold"),
                                now=now_utc() - timedelta(minutes=20))
        session.commit()
    container.jobs.enqueue(tasks.SWEEP_JOB)
    SimpleContainerWorker([QUEUE_NAME], connection=container.jobs.connection, container=container).work(burst=True)
    with container.session_factory() as session:
        assert session.get(type(booking), booking.id).status is BookingStatus.EXPIRED
    scheduled = ScheduledJobRegistry(queue=Queue(QUEUE_NAME, connection=container.jobs.connection))
    assert tasks.SWEEP_JOB_ID in scheduled.get_job_ids()


def test_worker_refuses_to_start_without_redis(container):
    result = CliRunner().invoke(main, ["worker"])
    assert result.exit_code != 0 and "needs Redis" in result.output
