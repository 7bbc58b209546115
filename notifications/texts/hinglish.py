"""Hinglish (Hindi in Latin script), how most of our patients write on WhatsApp."""

TEXTS = {
    "payment_retry": {
        "whatsapp": "{ref} ka payment nahi ho paya. Aapka slot {until} tak hold hai; yahan dobara try karein:\n{link}",
        "sms": "MedEzy: booking {ref} ka payment fail hua. Slot {until} tak hold hai. Dobara pay karein: {link}",
        "subject": "{ref} ka payment nahi hua",
    },
    "booking_paid": {
        "whatsapp": "{ref} ka payment mil gaya ✅\n{service}, {center}, {when}.\nCenter ke confirm karne ka intezaar "
                    "hai; confirm hote hi hum aapko batayenge.",
        "sms": "MedEzy: booking {ref} ({when}) ka payment mil gaya. Center jaldi confirm karega.",
        "subject": "{ref} ka payment mil gaya",
    },
    "booking_confirmed": {
        "whatsapp": "Confirm ho gaya ✅ {ref}\n{patient} ke liye {service}\n🗓 {when}\n📍 {center}, {address} "
                    "(call {phone})\n🗺 {map}\n💰 {amount} paid\n\nTaiyari kaise karein: {prep}",
        "sms": "MedEzy: booking {ref} confirm, {when}, {center}. Map: {map}",
        "subject": "Booking {ref} confirm: {when}",
    },
    "booking_rescheduled": {
        "whatsapp": "Time badal gaya 🔁 {ref}\n{service} ab 🗓 {when} ko ({was} ki jagah)\n📍 {center}, {address}",
        "sms": "MedEzy: booking {ref} ab {when} ko hai, {center}.",
        "subject": "Booking {ref} ab {when} ko",
    },
    "booking_cancelled": {
        "whatsapp": "Booking {ref} ({service}, {when}) {by} ne cancel kar di hai.\n{refund}",
        "sms": "MedEzy: booking {ref} ({when}) cancel ho gayi. {refund_short}",
        "subject": "Booking {ref} cancel",
    },
    "report_ready": {
        "whatsapp": "Aapki {service} report ({ref}) ready hai 📄\n{link}\nLink 24 ghante chalega; naya link chahiye "
                    "to 'send my report' likhein.",
        "sms": "MedEzy: booking {ref} ki report ready hai. Secure link ke liye WhatsApp par likhein.",
        "subject": "Aapki {service} report ready hai",
    },
    "refund_approved": {
        "whatsapp": "{ref} ka {amount} refund approve ho gaya 💸\nProcess hone par hum message karenge; phir 5-7 "
                    "working days mein aa jayega.",
        "sms": "MedEzy: booking {ref} ka {amount} refund approve ho gaya. Process hone par message milega.",
        "subject": "{ref} ka {amount} refund approve ho gaya",
    },
    "refund_rejected": {
        "whatsapp": "{ref} ka {amount} refund approve nahi ho saka: {reason}\nDobara dekhne ke liye 'talk to "
                    "support' likhein.",
        "sms": "MedEzy: booking {ref} ka {amount} refund approve nahi hua: {reason}. Madad ke liye WhatsApp karein.",
        "subject": "{ref} ka {amount} refund approve nahi hua",
    },
    "refund_issued": {
        "whatsapp": "{ref} ka {amount} refund process ho gaya 💸\n5-7 working days mein aapke original payment "
                    "method mein aa jayega.",
        "sms": "MedEzy: booking {ref} ka {amount} refund ho gaya. 5-7 working days mein milega.",
        "subject": "{ref} ka {amount} refund ho gaya",
    },
    "invoice": {
        "whatsapp": "{ref} ka GST bill {number} 🧾\n{link}\n(Link 7 din chalega.)",
        "email": "Dear {patient},\n\nBooking {ref} ka GST bill {number} attach hai.\n\nMedEzy",
        "subject": "{ref} ka GST bill {number}",
    },
    "reminder_24h": {
        "whatsapp": "Reminder ⏰ {service} kal, {when}\n📍 {center}, {address}\n🗺 {map}\nBooking {ref}.",
        "sms": "MedEzy reminder: {ref}, {center}, {when}. Map: {map}",
        "subject": "Reminder: {service} {when} ko",
    },
    "reminder_2h": {
        "whatsapp": "Jaldi milte hain 👋 {service}, {when}\n📍 {center}\n🗺 {map}\nBooking {ref}.",
        "sms": "MedEzy: booking {ref}, {center} par {when} ko hai. Map: {map}",
        "subject": "Aapka scan {when} ko hai",
    },
    "prep_reminder": {
        "whatsapp": "Kal ke {service} ({when}) ki taiyari 🍽\n{prep}\nBooking {ref}.",
        "sms": "MedEzy: scan {ref} kal {when}. WhatsApp par bheji gayi taiyari follow karein.",
        "subject": "{service} ki taiyari kaise karein",
    },
    "ticket_update": {
        "whatsapp": "Aapki support request #{ticket} ({subject}) ab {status} hai.",
        "sms": "MedEzy: support request {ticket} ab {status} hai.",
        "subject": "Support request #{ticket}: {status}",
    },
    "nps_request": {
        "whatsapp": "Aapka {service} ({ref}) kaisa raha? 0 se 10 ke beech score bhejein.",
        "sms": "MedEzy: scan {ref} kaisa raha? WhatsApp par 0 se 10 score bhejein.",
        "subject": "Aapka {service} kaisa raha?",
    },
    "waitlist_slot_open": {
        "whatsapp": "Good news 🎉 {city} mein *{service}* ka slot khula hai: {when}, {center}, {area}.\n"
                    "Lene ke liye *book {service} in {city}* likhiye; slots jaldi bhar jaate hain.",
        "sms": "MedEzy: {city} mein {service} ka slot khula: {when}, {center}. "
               "Book karne ke liye WhatsApp par reply karein.",
    },
}
