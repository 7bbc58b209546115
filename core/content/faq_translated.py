"""The demo FAQ answers in Hindi (Devanagari) and Hinglish, seeded as CMS entries next to the English ones.

Content, not logic: same topics as core.content.faq.FAQS (the slug ties the three versions together).
Hindi questions are written in Devanagari, so the Hindi entries carry Devanagari keywords; Hinglish
questions use the romanized words the English entries already list.
"""
from __future__ import annotations

TITLES = {
    "hi": {"fasting": "खाली पेट", "duration": "कितना समय", "documents": "क्या लाना है", "safety": "सुरक्षा",
           "contrast": "कॉन्ट्रास्ट", "implants": "इम्प्लांट और घबराहट", "companion": "साथ कौन आ सकता है",
           "payment": "भुगतान", "home_collection": "घर पर जाँच", "late": "देर हो जाए तो", "refund": "रिफंड"},
    "hinglish": {"fasting": "Khali pet", "duration": "Kitna time", "documents": "Kya laana hai",
                 "safety": "Safety", "contrast": "Contrast", "implants": "Implant aur darr",
                 "companion": "Saath kaun aa sakta hai", "payment": "Payment", "home_collection": "Ghar par scan",
                 "late": "Late ho jaye to", "refund": "Refund"},
}

HINDI_KEYWORDS = {
    "fasting": "खाली खाना खा पेट पानी उपवास भूखे",
    "duration": "समय टाइम कितना कितनी देर घंटे मिनट लगता लगेगा",
    "documents": "लाना लाएँ लाऊँ लेकर कागज़ पर्ची दस्तावेज़ आईडी",
    "safety": "सुरक्षित सेफ़ रेडिएशन नुकसान गर्भवती प्रेग्नेंट बच्चे",
    "contrast": "कॉन्ट्रास्ट इंजेक्शन डाई किडनी एलर्जी",
    "implants": "पेसमेकर इम्प्लांट धातु डर घबराहट",
    "companion": "साथ पार्किंग",
    "payment": "भुगतान पेमेंट यूपीआई कार्ड कैश बीमा इंश्योरेंस",
    "home_collection": "घर सैंपल",
    "late": "लेट देर",
    "refund": "रिफंड पैसा पैसे वापस रद्द कैंसल",
}

ANSWERS = {
    "hi": {
        "fasting": "ज़्यादातर MRI, एक्स-रे और सादे CT स्कैन में खाली पेट आने की ज़रूरत नहीं होती। कॉन्ट्रास्ट CT/MRI "
                   "और पेट के अल्ट्रासाउंड के लिए 4-6 घंटे कुछ न खाएँ (पानी पी सकते हैं); PET-CT के लिए 6 घंटे। "
                   "अपने स्कैन के लिए लिखें *prep for <scan>*।",
        "duration": "एक्स-रे में लगभग 10 मिनट लगते हैं, अल्ट्रासाउंड और CT में 15-30, MRI में 30-60 और PET-CT में "
                    "इंजेक्शन के बाद के इंतज़ार समेत लगभग 2 घंटे। कृपया 15 मिनट पहले पहुँचें।",
        "documents": "फ़ोटो वाला पहचान पत्र, डॉक्टर की पर्ची (इसे यहाँ फ़ोटो या PDF में भी भेज सकते हैं) और उसी अंग "
                     "की पुरानी रिपोर्ट साथ लाएँ।",
        "safety": "MRI और अल्ट्रासाउंड में कोई रेडिएशन नहीं होता। एक्स-रे और CT में थोड़ी, नियंत्रित मात्रा होती है। "
                  "अगर आप गर्भवती हैं या हो सकती हैं, तो स्कैन से पहले सेंटर को बताएँ: वे सलाह देंगे "
                  "या जाँच बदल देंगे।",
        "contrast": "कॉन्ट्रास्ट एक डाई है जो नस में इंजेक्शन से दी जाती है ताकि कुछ अंग साफ़ दिखें। इसके लिए हाल की "
                    "क्रिएटिनिन (किडनी) रिपोर्ट और 4 घंटे खाली पेट चाहिए; एलर्जी या किडनी की तकलीफ़ हो "
                    "तो सेंटर को बताएँ।",
        "implants": "MRI से पहले पेसमेकर, इम्प्लांट या शरीर में धातु के बारे में बताएँ: कुछ MRI में सुरक्षित नहीं "
                    "होते। "
                    "बंद जगह से घबराहट हो तो सेंटर आपकी मदद करेगा; ओपन-MRI सेंटर के लिए *agent* लिखें।",
        "companion": "एक व्यक्ति आपके साथ आ सकता है। ज़्यादातर पार्टनर सेंटर पर पार्किंग है; पूरा पता बुकिंग "
                     "पक्की होने पर भेजा जाता है।",
        "payment": "स्लॉट पक्का करने के लिए आप हमारे भेजे सुरक्षित लिंक से ऑनलाइन भुगतान करते हैं (UPI, कार्ड, नेट "
                   "बैंकिंग)। हम GST बिल देते हैं जिसे आप बीमा कंपनी से क्लेम कर सकते हैं; कैशलेस अभी उपलब्ध नहीं है।",
        "home_collection": "स्कैन के लिए सेंटर की मशीन चाहिए, इसलिए स्कैन सेंटर पर ही होता है। घर पर जाँच की सुविधा "
                           "हम नहीं देते।",
        "late": "देर हो रही हो तो *agent* लिखें, हम सेंटर को बता देंगे। 30 मिनट से ज़्यादा देर होने पर नया स्लॉट लेना "
                "पड़ सकता है; बुकिंग बदलने के लिए *reschedule* लिखें।",
        "refund": "स्लॉट से 24 घंटे या उससे पहले रद्द करें तो स्कैन की पूरी कीमत वापस मिलती है (बुकिंग फ़ीस नहीं "
                  "लौटती); 4-24 घंटे पहले आधी; उसके बाद कुछ नहीं। सेंटर रद्द करे तो पूरा पैसा वापस मिलता है।",
    },
    "hinglish": {
        "fasting": "Zyadatar MRI, X-ray aur plain CT scan mein khali pet aane ki zarurat nahi hoti. Contrast CT/MRI "
                   "aur pet ke ultrasound ke liye 4-6 ghante kuch na khayein (paani pee sakte hain); PET-CT ke liye "
                   "6 ghante. Apne scan ke liye likhiye *prep for <scan>*.",
        "duration": "X-ray mein lagbhag 10 minute lagte hain, ultrasound aur CT mein 15-30, MRI mein 30-60 aur PET-CT "
                    "mein injection ke baad ke wait ko milakar lagbhag 2 ghante. Please 15 minute pehle pahunchiye.",
        "documents": "Photo ID, doctor ki parchi (yahan photo ya PDF bhi bhej sakte hain) aur usi body part ki "
                     "purani reports saath laiye.",
        "safety": "MRI aur ultrasound mein koi radiation nahi hota. X-ray aur CT mein thodi, controlled dose hoti hai. "
                  "Agar aap pregnant hain ya ho sakti hain, to scan se pehle centre ko bataiye: woh salah denge ya "
                  "test badal denge.",
        "contrast": "Contrast ek dye hai jo nas mein injection se di jaati hai taaki kuch organs saaf dikhein. Iske "
                    "liye haal ki creatinine (kidney) report aur 4 ghante khali pet chahiye; allergy ya kidney ki "
                    "problem ho to centre ko bataiye.",
        "implants": "MRI se pehle pacemaker, implant ya body mein metal ke baare mein bataiye: kuch MRI-safe nahi "
                    "hote. Band jagah se ghabrahat ho to centre madad karega; open-MRI centre ke liye *agent* likhiye.",
        "companion": "Ek attendant aapke saath aa sakta hai. Zyadatar partner centres par parking hai; poora address "
                     "confirmation ke saath aata hai.",
        "payment": "Slot pakka karne ke liye aap hamare bheje secure link se online pay karte hain (UPI, card, net "
                   "banking). Hum GST invoice dete hain jo aap insurance se claim kar sakte hain; cashless abhi "
                   "available nahi hai.",
        "home_collection": "Scan ke liye centre ki machine chahiye, isliye scan centre par hi hota hai. Ghar par "
                           "scan ki suvidha hum nahi dete.",
        "late": "Late ho rahe hain to *agent* likhiye, hum centre ko bata denge. 30 minute se zyada late hone par "
                "naya slot lena pad sakta hai; booking badalne ke liye *reschedule* likhiye.",
        "refund": "Slot se 24 ghante ya usse pehle cancel karein to scan ki poori keemat wapas milti hai (booking fee "
                  "nahi lautti); 4-24 ghante pehle aadhi; uske baad kuch nahi. Centre cancel kare to poora paisa "
                  "wapas milta hai.",
    },
}
