"""Turning a trigger into queued notifications: one per channel the recipient can be reached on."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from core.models import User
from core.models.notifications import Channel, Notification
from core.notify.queue import Draft, queue
from core.notify.quiet_hours import QuietHours
from notifications import recipients, registry
from notifications.recipients import Recipient


def notify(session: Session, settings, *, trigger: str, event: str, to: Recipient, variables: dict[str, str],
           booking_id: int | None = None, channels: tuple[Channel, ...] | None = None,
           attachments: list | None = None, due_at: datetime | None = None) -> list[Notification]:
    """Queue the trigger's message on each of its channels; returns the rows queued now (not repeats)."""
    queued = []
    for channel in channels or registry.trigger(trigger).channels:
        if channel in to.addresses:
            row = queue(session, _draft(trigger, event, channel, to, variables, booking_id=booking_id,
                                        attachments=attachments if channel is Channel.EMAIL else None,
                                        due_at=due_at, quiet=QuietHours.parse(settings.quiet_hours)))
            queued += [row] if row else []
    return queued


def sms_fallback(session: Session, settings, failed: Notification) -> Notification | None:
    """The same message as an SMS, after its WhatsApp failed (once: the SMS has its own dedup key)."""
    if failed.channel is not Channel.WHATSAPP or not registry.trigger(failed.trigger).sms_fallback:
        return None
    user = session.get(User, failed.user_id) if failed.user_id else None
    if user is None or not user.phone:
        return None
    event = failed.dedup_key.split("|", 1)[0]
    return queue(session, _draft(failed.trigger, event, Channel.SMS, recipients.patient(session, user),
                                 failed.variables, booking_id=failed.booking_id, fallback_of_id=failed.id,
                                 quiet=QuietHours.parse(settings.quiet_hours)))


def _draft(trigger: str, event: str, channel: Channel, to: Recipient, variables: dict[str, str], *,
           booking_id: int | None, attachments: list | None = None, due_at: datetime | None = None,
           fallback_of_id: int | None = None, quiet: QuietHours | None = None) -> Draft:
    spec = registry.trigger(trigger)
    rendered = registry.render(trigger, channel, to.language, variables)
    return Draft(trigger=trigger, event=event, channel=channel, address=to.addresses[channel], body=rendered.body,
                 subject=rendered.subject, recipient=to.key, category=spec.category, urgent=spec.urgent,
                 language=to.language, user_id=to.user_id, center_id=to.center_id, booking_id=booking_id,
                 template=_template(trigger, channel, to.language), variables=dict(variables),
                 attachments=attachments or [], due_at=due_at, fallback_of_id=fallback_of_id, quiet_hours=quiet)


def _template(trigger: str, channel: Channel, language: str) -> str | None:
    if channel is Channel.WHATSAPP:
        return registry.template_name(trigger, language)
    if channel is Channel.SMS:
        return registry.dlt_key(trigger, language)
    return None
