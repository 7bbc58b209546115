"""All models, imported here so metadata (and Alembic) sees every table."""
from core.models.analytics import AnalyticsEvent
from core.models.audit import AuditEntry
from core.models.bookings import Booking, BookingStatus, BookingStatusChange
from core.models.centers import Center, CenterDocument, CenterService, Tier, VerificationStatus
from core.models.cities import City
from core.models.outbox import OutboxMessage
from core.models.payments import Payment, PaymentStatus
from core.models.services import Modality, Service
from core.models.slots import Slot
from core.models.users import EmergencyContact, PatientProfile, Role, Sex, User

__all__ = [
    "AnalyticsEvent", "AuditEntry", "Booking", "BookingStatus", "BookingStatusChange", "Center",
    "CenterDocument", "CenterService", "City", "EmergencyContact", "Modality", "OutboxMessage",
    "PatientProfile", "Payment", "PaymentStatus", "Role", "Service", "Sex", "Slot", "Tier", "User",
    "VerificationStatus",
]
