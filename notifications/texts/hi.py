"""Hindi (Devanagari). Missing entries fall back to English (notifications.registry.text)."""

TEXTS = {
    "payment_retry": {
        "whatsapp": "{ref} का भुगतान नहीं हो पाया। आपका स्लॉट {until} तक रुका है; यहाँ फिर से भुगतान करें:\n{link}",
        "sms": "MedEzy: बुकिंग {ref} का भुगतान विफल। स्लॉट {until} तक रुका है। दोबारा भुगतान: {link}",
        "subject": "{ref} का भुगतान नहीं हुआ",
    },
    "booking_paid": {
        "whatsapp": "{ref} का भुगतान मिल गया ✅\n{service}, {center}, {when}।\nसेंटर की पुष्टि का इंतज़ार है; "
                    "पुष्टि होते ही हम आपको बताएँगे।",
        "sms": "MedEzy: बुकिंग {ref} ({when}) का भुगतान मिल गया। सेंटर जल्द पुष्टि करेगा।",
        "subject": "{ref} का भुगतान मिल गया",
    },
    "booking_confirmed": {
        "whatsapp": "पुष्टि हो गई ✅ {ref}\n{patient} के लिए {service}\n🗓 {when}\n📍 {center}, {address} "
                    "(फ़ोन {phone})\n🗺 {map}\n💰 {amount} भुगतान हुआ\n\nतैयारी: {prep}",
        "sms": "MedEzy: बुकिंग {ref} की पुष्टि, {when}, {center}। नक्शा: {map}",
        "subject": "बुकिंग {ref} की पुष्टि: {when}",
    },
    "booking_rescheduled": {
        "whatsapp": "समय बदला गया 🔁 {ref}\n{service} अब 🗓 {when} को ({was} के बजाय)\n📍 {center}, {address}",
        "sms": "MedEzy: बुकिंग {ref} अब {when} को, {center}।",
        "subject": "बुकिंग {ref} अब {when} को",
    },
    "booking_cancelled": {
        "whatsapp": "बुकिंग {ref} ({service}, {when}) {by} द्वारा रद्द कर दी गई है।\n{refund}",
        "sms": "MedEzy: बुकिंग {ref} ({when}) रद्द हो गई। {refund_short}",
        "subject": "बुकिंग {ref} रद्द",
    },
    "report_ready": {
        "whatsapp": "आपकी {service} रिपोर्ट ({ref}) तैयार है 📄\n{link}\nलिंक 24 घंटे चलेगा; नया लिंक पाने के लिए "
                    "'send my report' लिखें।",
        "sms": "MedEzy: बुकिंग {ref} की रिपोर्ट तैयार है। सुरक्षित लिंक के लिए WhatsApp पर लिखें।",
        "subject": "आपकी {service} रिपोर्ट तैयार है",
    },
    "refund_approved": {
        "whatsapp": "{ref} का {amount} रिफ़ंड मंज़ूर हो गया है 💸\nप्रोसेस होने पर हम संदेश भेजेंगे; फिर 5-7 कार्य "
                    "दिवसों में पहुँचेगा।",
        "sms": "MedEzy: बुकिंग {ref} का {amount} रिफ़ंड मंज़ूर। प्रोसेस होने पर संदेश मिलेगा।",
        "subject": "{ref} का {amount} रिफ़ंड मंज़ूर",
    },
    "refund_rejected": {
        "whatsapp": "{ref} का {amount} रिफ़ंड मंज़ूर नहीं हो सका: {reason}\nदोबारा देखने के लिए 'talk to support' लिखें।",
        "sms": "MedEzy: बुकिंग {ref} का {amount} रिफ़ंड मंज़ूर नहीं हुआ: {reason}। मदद के लिए WhatsApp पर लिखें।",
        "subject": "{ref} का {amount} रिफ़ंड मंज़ूर नहीं हुआ",
    },
    "refund_issued": {
        "whatsapp": "{ref} का {amount} रिफ़ंड हो गया है 💸\n5-7 कार्य दिवसों में आपके मूल भुगतान माध्यम में पहुँचेगा।",
        "sms": "MedEzy: बुकिंग {ref} का {amount} रिफ़ंड हो गया। 5-7 कार्य दिवस में मिलेगा।",
        "subject": "{ref} का {amount} रिफ़ंड",
    },
    "invoice": {
        "whatsapp": "{ref} का GST बिल {number} 🧾\n{link}\n(लिंक 7 दिन चलेगा।)",
        "email": "प्रिय {patient},\n\nबुकिंग {ref} का GST बिल {number} संलग्न है।\n\nMedEzy",
        "subject": "{ref} का GST बिल {number}",
    },
    "reminder_24h": {
        "whatsapp": "याद दिलाना ⏰ {service} कल, {when}\n📍 {center}, {address}\n🗺 {map}\nबुकिंग {ref}।",
        "sms": "MedEzy याद दिलाना: {ref}, {center}, {when}। नक्शा: {map}",
        "subject": "याद दिलाना: {service}, {when}",
    },
    "reminder_2h": {
        "whatsapp": "जल्द मिलते हैं 👋 {service}, {when}\n📍 {center}\n🗺 {map}\nबुकिंग {ref}।",
        "sms": "MedEzy: बुकिंग {ref}, {center}, {when} पर है। नक्शा: {map}",
        "subject": "आपका स्कैन {when} पर है",
    },
    "prep_reminder": {
        "whatsapp": "कल के {service} ({when}) की तैयारी 🍽\n{prep}\nबुकिंग {ref}।",
        "sms": "MedEzy: स्कैन {ref} कल {when}। WhatsApp पर भेजी गई तैयारी का पालन करें।",
        "subject": "{service} की तैयारी कैसे करें",
    },
    "ticket_update": {
        "whatsapp": "आपका सहायता अनुरोध #{ticket} ({subject}) अब {status} है।",
        "sms": "MedEzy: सहायता अनुरोध {ticket} अब {status} है।",
        "subject": "सहायता अनुरोध #{ticket}: {status}",
    },
    "nps_request": {
        "whatsapp": "आपका {service} ({ref}) कैसा रहा? 0 से 10 के बीच अंक भेजें।",
        "sms": "MedEzy: स्कैन {ref} कैसा रहा? WhatsApp पर 0 से 10 अंक भेजें।",
        "subject": "आपका {service} कैसा रहा?",
    },
    "waitlist_slot_open": {
        "whatsapp": "खुशखबरी 🎉 {city} में *{service}* का स्लॉट खुला है: {when}, {center}, {area}।\n"
                    "लेने के लिए *book {service} in {city}* लिखें; स्लॉट जल्दी भर जाते हैं।",
        "sms": "MedEzy: {city} में {service} का स्लॉट खुला: {when}, {center}। बुक करने के लिए WhatsApp पर जवाब दें।",
    },
}
