"""English."""
from core.notify.manual import SMS_TEXT as MANUAL_SMS

TEXTS = {
    "payment_retry": {
        "whatsapp": "Your payment for {ref} did not go through. Your slot is still held till {until}; "
                    "try again here:\n{link}",
        "sms": "MedEzy: payment for booking {ref} failed. Slot held till {until}. Pay again: {link}",
        "subject": "Payment for {ref} did not go through",
    },
    "booking_paid": {
        "whatsapp": "Payment received for {ref} ✅\n{service} at {center}, {when}.\nWaiting for the center to "
                    "confirm; we'll message you as soon as they do.",
        "sms": "MedEzy: payment received for booking {ref} on {when}. The center will confirm shortly.",
        "subject": "Payment received for {ref}",
    },
    "booking_confirmed": {
        "whatsapp": "Confirmed ✅ {ref}\n{service} for {patient}\n🗓 {when}\n📍 {center}, {address} (call {phone})\n"
                    "🗺 {map}\n💰 {amount} paid\n\nHow to prepare: {prep}",
        "sms": "MedEzy: booking {ref} confirmed for {when} at {center}. Map: {map}",
        "subject": "Booking {ref} confirmed: {when}",
    },
    "booking_rescheduled": {
        "whatsapp": "Rescheduled 🔁 {ref}\n{service} is now on 🗓 {when} (instead of {was})\n📍 {center}, {address}",
        "sms": "MedEzy: booking {ref} moved to {when} at {center}.",
        "subject": "Booking {ref} moved to {when}",
    },
    "booking_cancelled": {
        "whatsapp": "Booking {ref} ({service}, {when}) has been cancelled by {by}.\n{refund}",
        "sms": "MedEzy: booking {ref} for {when} was cancelled. {refund_short}",
        "subject": "Booking {ref} cancelled",
    },
    "report_ready": {
        "whatsapp": "Your {service} report ({ref}) is ready 📄\n{link}\nThe link works for 24 hours; reply "
                    "'send my report' any time for a fresh one.",
        "sms": "MedEzy: your report for booking {ref} is ready. Ask us on WhatsApp for the secure link.",
        "subject": "Your {service} report is ready",
    },
    "refund_approved": {
        "whatsapp": "Your refund of {amount} for {ref} is approved and on its way 💸\nWe'll message you when it is "
                    "processed; it then takes 5-7 working days to reach you.",
        "sms": "MedEzy: refund of {amount} for booking {ref} approved. We will message you when it is processed.",
        "subject": "Refund of {amount} approved for {ref}",
    },
    "refund_rejected": {
        "whatsapp": "We could not approve the refund of {amount} for {ref}: {reason}\nReply 'talk to support' "
                    "if you'd like someone to look at it again.",
        "sms": "MedEzy: refund of {amount} for booking {ref} was not approved: {reason}. Reply on WhatsApp for help.",
        "subject": "Refund of {amount} for {ref} not approved",
    },
    "refund_issued": {
        "whatsapp": "Refund of {amount} for {ref} has been processed 💸\nIt reaches your original payment "
                    "method in 5-7 working days.",
        "sms": "MedEzy: refund of {amount} for booking {ref} processed. It reaches you in 5-7 working days.",
        "subject": "Refund of {amount} processed for {ref}",
    },
    "invoice": {
        "whatsapp": "Your GST invoice {number} for {ref} 🧾\n{link}\n(The link works for 7 days.)",
        "email": "Dear {patient},\n\nYour GST invoice {number} for booking {ref} is attached.\n\nMedEzy",
        "subject": "GST invoice {number} for {ref}",
    },
    "reminder_24h": {
        "whatsapp": "Reminder ⏰ {service} tomorrow, {when}\n📍 {center}, {address}\n🗺 {map}\nBooking {ref}.",
        "sms": "MedEzy reminder: {ref} at {center} on {when}. Map: {map}",
        "subject": "Reminder: {service} on {when}",
    },
    "reminder_2h": {
        "whatsapp": "See you soon 👋 {service} at {when}\n📍 {center}\n🗺 {map}\nBooking {ref}.",
        "sms": "MedEzy: booking {ref} at {center} is at {when}. Map: {map}",
        "subject": "Your scan is at {when}",
    },
    "prep_reminder": {
        "whatsapp": "Preparing for tomorrow's {service} ({when}) 🍽\n{prep}\nBooking {ref}.",
        "sms": "MedEzy: scan {ref} tomorrow {when}. Please follow the prep sent on WhatsApp.",
        "subject": "How to prepare for your {service}",
    },
    "ticket_update": {
        "whatsapp": "Your support request #{ticket} ({subject}) is now {status}.",
        "sms": "MedEzy: support request {ticket} is now {status}.",
        "subject": "Support request #{ticket}: {status}",
    },
    "nps_request": {
        "whatsapp": "How was your {service} ({ref})? Reply with a score from 0 to 10.",
        "sms": "MedEzy: how was your scan {ref}? Reply on WhatsApp with a score from 0 to 10.",
        "subject": "How was your {service}?",
    },
    "center_new_booking": {
        "whatsapp": "New paid booking {ref}: {service} for {patient}, {when}. Please confirm in the partner panel.",
        "sms": "MedEzy: new paid booking {ref} on {when}. Please confirm in the partner panel.",
        "subject": "New paid booking {ref}: {when}",
    },
    "center_unconfirmed": {
        "whatsapp": "Booking {ref} ({service}, {when}) was paid {since} ago and is still not confirmed. "
                    "Please confirm it now.",
        "sms": "MedEzy: booking {ref} on {when} is still unconfirmed. Please confirm now.",
        "subject": "Please confirm booking {ref}",
    },
    "manual": {
        "whatsapp": "{text}",
        "sms": MANUAL_SMS,
        "subject": "{subject}",
    },
    "campaign": {
        "whatsapp": "{text}",
    },
    "waitlist_slot_open": {
        "whatsapp": "Good news 🎉 A *{service}* slot opened in {city}: {when} at {center}, {area}.\n"
                    "Reply *book {service} in {city}* to take it; slots go fast.",
        "sms": "MedEzy: a {service} slot opened in {city}: {when} at {center}. Reply on WhatsApp to book.",
    },
}
