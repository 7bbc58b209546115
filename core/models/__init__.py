"""All models, imported here so metadata (and Alembic) sees every table."""
from core.models.analytics import AnalyticsEvent, FunnelCount, FunnelDay, FunnelWatermark
from core.models.audit import AuditEntry, AuditLink
from core.models.bookings import Booking, BookingStatus, BookingStatusChange
from core.models.centers import Center, CenterDocument, CenterService, Tier, VerificationStatus
from core.models.cities import City
from core.models.outbox import OutboxMessage
from core.models.payments import Payment, PaymentFlag, PaymentStatus
from core.models.services import Modality, Service, ServiceCityAdjustment
from core.models.slots import Slot
from core.models.users import EmergencyContact, PatientProfile, Role, Sex, User
from core.models.refunds import Refund, RefundKind, RefundStatus
from core.models.webhook_events import WebhookEvent
from core.models.credits import CreditEntry, CreditKind
from core.models.payouts import PartnerAccount, RouteStatus, Transfer, TransferReversal, TransferStatus
from core.models.invoices import Invoice, InvoiceCounter, InvoiceLine
from core.models.settlements import Settlement
from core.models.conversations import Author, Conversation, ConversationState, Direction, Message
from core.models.documents import Document, DocumentKind
from core.models.feedback import NpsResponse
from core.models.tickets import Ticket, TicketPriority, TicketStatus
from core.models.auth import AuthSession, OtpChallenge
from core.models.slot_imports import ImportStatus, SlotImport
from core.models.api_tokens import ApiToken

__all__ = [
    "AnalyticsEvent", "AuditEntry", "AuditLink", "Booking", "BookingStatus", "BookingStatusChange", "Center",
    "CenterDocument", "CenterService", "City", "EmergencyContact", "Modality", "OutboxMessage",
    "PatientProfile", "Payment", "PaymentStatus", "Role", "Service", "Sex", "Slot", "Tier", "User",
    "VerificationStatus",
    "PaymentFlag", "Refund", "RefundKind", "RefundStatus", "WebhookEvent", "CreditEntry", "CreditKind",
    "PartnerAccount", "Transfer", "TransferReversal", "TransferStatus", "Invoice", "InvoiceCounter",
    "InvoiceLine", "Settlement",
]
__all__ += [
    "Author", "Conversation", "ConversationState", "Direction", "Document", "DocumentKind", "Message",
    "NpsResponse", "Ticket", "TicketPriority", "TicketStatus",
]
from core.models.content import ContentEntry, ContentKind, ContentStatus  # noqa: E402

__all__ += ["ContentEntry", "ContentKind", "ContentStatus"]
from core.models.tickets import AgentPresence, CannedReply, TicketNote  # noqa: E402

__all__ += ["AgentPresence", "CannedReply", "TicketNote"]
from core.models.family import FamilyMember  # noqa: E402

__all__ += ["FamilyMember"]
from core.models.exports import Export, ExportStatus  # noqa: E402

__all__ += ["Export", "ExportStatus"]
__all__ += ["AuthSession", "OtpChallenge"]
__all__ += ["ApiToken", "ImportStatus", "RouteStatus", "ServiceCityAdjustment", "SlotImport"]
from core.models.notifications import (Category, Channel, ConsentEntry, Notification,  # noqa: E402
                                       NotificationPreference, NotificationState)

__all__ += ["Category", "Channel", "ConsentEntry", "Notification", "NotificationPreference", "NotificationState"]
from core.models.campaigns import Campaign, CampaignStatus  # noqa: E402

__all__ += ["Campaign", "CampaignStatus"]
from core.models.availability import AvailabilityTemplate  # noqa: E402

__all__ += ["AvailabilityTemplate"]
from core.models.waitlist import WaitlistEntry, WaitlistStatus  # noqa: E402

__all__ += ["WaitlistEntry", "WaitlistStatus"]
__all__ += ["FunnelCount", "FunnelDay", "FunnelWatermark"]
from core.models.settlement_months import SettlementMonth  # noqa: E402

__all__ += ["SettlementMonth"]
from core.models.dashboard import DashboardDay, DashboardStaleDay, DashboardWatermark  # noqa: E402

__all__ += ["DashboardDay", "DashboardStaleDay", "DashboardWatermark"]
