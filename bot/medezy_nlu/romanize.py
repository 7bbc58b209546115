"""Devanagari to the romanized Hindi the bot is trained on: "कल दिल्ली में एमआरआई" -> "kal delhi mein mri".

Patients write Hindi in both scripts; the training data is mostly romanized, so Devanagari is
transliterated (indic-transliteration's ITRANS scheme) and then simplified to how people type
Hinglish: no long-vowel capitals, no nasal marks, the word-final inherent "a" dropped ("कल" is
"kal", not "kala"). Domain words patients write in Devanagari but type in English ("एमआरआई",
"दिल्ली") map to the English word, so catalogue matching sees "mri" and "delhi". Devanagari
digits ("२") become ASCII digits. Text without Devanagari comes back unchanged, so the function
is safe to apply twice and on every message.
"""
from __future__ import annotations

import re
import unicodedata

from indic_transliteration import sanscript

_DEVANAGARI_WORD = re.compile(r"[\u0900-\u097F]+")
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_VIRAMA = "\u094d"
_NUKTA = "\u093c"
_CONSONANT = re.compile(r"[\u0915-\u0939\u0958-\u095F]")
# ITRANS has no letter for the "o" of English loanwords (ऑ, ॉ: "स्लॉट", "बॉट") and would drop it
# ("slt"); patients type those words with an "o".
_CANDRA_O = str.maketrans("\u0911\u0949", "\u0913\u094b")
_VOWEL_SIGN = re.compile(r"[\u093e-\u094c\u0962\u0963]")

# Loanwords and names typed in English by the same patients (keys are Devanagari as written).
_AS_IN_ENGLISH = {
    "एमआरआई": "mri", "एम.आर.आई": "mri", "सीटी": "ct", "सिटी": "ct", "स्कैन": "scan", "स्केन": "scan",
    "अल्ट्रासाउंड": "ultrasound", "सोनोग्राफी": "sonography", "एक्सरे": "xray", "एक्स": "x", "रे": "ray",
    "पेट": "pet", "पीईटी": "pet", "मैमोग्राफी": "mammography", "डेक्सा": "dexa", "रिपोर्ट": "report",
    "बुकिंग": "booking", "बुक": "book", "कैंसिल": "cancel", "पेमेंट": "payment", "लिंक": "link",
    "रिफंड": "refund", "बिल": "bill", "इनवॉइस": "invoice", "सेंटर": "center", "सेंटर्स": "centers",
    "लैब": "lab", "अपॉइंटमेंट": "appointment", "डिटेल्स": "details", "टेस्ट": "test", "रेट": "rate",
    "प्रिस्क्रिप्शन": "prescription", "व्हाट्सएप": "whatsapp", "डॉक्टर": "doctor", "मम्मी": "mummy",
    "पापा": "papa", "हेलो": "hello", "बाय": "bye", "ओके": "ok", "प्लीज": "please", "एजेंट": "agent",
    "मेनू": "menu", "फेल": "fail", "कस्टमर": "customer", "केयर": "care", "ब्रेन": "brain", "नी": "knee",
    "दिल्ली": "delhi", "मुंबई": "mumbai", "पुणे": "pune", "बैंगलोर": "bangalore", "बेंगलुरु": "bengaluru",
    "हैदराबाद": "hyderabad", "चेन्नई": "chennai", "कोलकाता": "kolkata", "जयपुर": "jaipur", "लखनऊ": "lucknow",
    "नागपुर": "nagpur", "अहमदाबाद": "ahmedabad", "गुड़गांव": "gurgaon", "गुरुग्राम": "gurugram", "नोएडा": "noida",
    "इंदौर": "indore", "पटना": "patna", "भोपाल": "bhopal", "चंडीगढ़": "chandigarh",
    "टाइम": "time", "नंबर": "number", "स्टेटस": "status", "पेशेंट": "patient", "कन्फर्म": "confirm",
    "कैंसल": "cancel", "चेंज": "change", "डेट": "date", "लेट": "late", "चेक": "check", "शेयर": "share",
    "स्टाफ": "staff", "टीम": "team", "सर्विस": "service", "प्राइस": "price", "मैसेज": "message",
    "फोन": "phone", "फ़ोन": "phone", "कॉपी": "copy", "कॉल": "call", "कार्ड": "card", "यूपीआई": "upi",
    "आईडी": "id", "ईमेल": "email", "पीडीएफ": "pdf", "डाउनलोड": "download", "अपलोड": "upload",
    "लोकेशन": "location", "एड्रेस": "address", "थैंक्स": "thanks", "थैंक": "thank", "यू": "you",
    "रेटिंग": "rating", "जेंडर": "gender", "स्पेलिंग": "spelling", "अपडेट": "update", "रीशेड्यूल": "reschedule",
    "बुकिंग्स": "bookings", "अपॉइंटमेंट्स": "appointments", "ऑप्शन": "option", "सपोर्ट": "support",
    "ऑफिस": "office", "मशीन": "machine", "कंप्यूटर": "computer", "चैटबॉट": "chatbot", "हेल्पलाइन": "helpline",
    "हैलो": "hello", "हाय": "hi", "थैंक्यू": "thank you", "जीएसटी": "gst", "इंश्योरेंस": "insurance",
    "क्लेम": "claim", "मेडिक्लेम": "mediclaim", "एक्सपायर": "expire", "कंपनी": "company",
    "साइड": "side", "रिर्पोट": "report", "रिपोट": "report", "इनवाइस": "invoice",  # the last three: misspellings
    # everyday words whose usual Hinglish spelling the letters alone do not give
    "में": "mein", "मैं": "main", "हैं": "hain", "है": "hai", "नहीं": "nahi", "हाँ": "haan", "हां": "haan",
    "ठीक": "theek", "लिए": "liye", "चाहिए": "chahiye", "पहले": "pehle", "आप": "aap", "बात": "baat",
    "आज": "aaj", "शाम": "shaam", "कैसे": "kaise", "जाना": "jaana", "आना": "aana", "करवाना": "karwana",
    "वाला": "wala", "वाली": "wali", "वाले": "wale", "कहाँ": "kahan", "कहां": "kahan", "यहाँ": "yahan",
    "वहाँ": "wahan", "वहां": "wahan", "पैसे": "paise", "बाद": "baad", "दिखाओ": "dikhao", "कब": "kab",
    "हूँ": "hu", "हूं": "hu", "करूँ": "karu", "करूं": "karu", "भेजूँ": "bheju", "भेजूं": "bheju",
    "नाम": "naam", "काम": "kaam", "आगे": "aage", "उम्र": "umar", "पास": "paas", "साथ": "saath",
    "आया": "aaya", "गए": "gaye", "गई": "gayi", "जाएगा": "jayega", "जाएगी": "jayegi", "दीजिए": "dijiye",
    "मैंने": "maine", "आपका": "aapka", "आपके": "aapke", "आपने": "aapne", "आपकी": "aapki", "इंसान": "insaan",
    "आदमी": "aadmi", "पहला": "pehla", "पहली": "pehli", "तीसरा": "teesra", "आखिरी": "aakhri",
    "आ": "aa", "सारे": "saare", "सारी": "saari", "छोड़": "chhod", "छोड़ो": "chhodo", "हफ्ते": "hafte",
    "ज़रूरत": "zarurat", "ज़रूरी": "zaroori", "इंतज़ार": "intezaar", "याद": "yaad", "वेटिंग": "waiting",
    # day words as the date rules (bot/actions/timeparse) spell them
    "परसों": "parso", "दोपहर": "dopahar", "रविवार": "ravivar",
}
# ITRANS marks to the plain letters people type.
_PLAIN = [("~N", "n"), ("~n", "ny"), (".N", "n"), (".n", "n"), ("M", "n"), (".h", ""), ("H", "h"),
          ("RRi", "ri"), ("R^i", "ri"), ("^", ""), (".Dh", "dh"), (".D", "d"), ("q", "k"), ("K", "kh"),
          ("G", "g"), ("z", "j"), ("Y", "y"), (".", "")]


def has_devanagari(text: str) -> bool:
    return bool(_DEVANAGARI_WORD.search(text or ""))


def romanize(text: str) -> str:
    """`text` with every Devanagari word and digit romanized; other text untouched."""
    if not text:
        return text
    return _DEVANAGARI_WORD.sub(lambda m: _word(m.group(0)), text.translate(_DIGITS))


def _word(word: str) -> str:
    # One spelling of the nukta letters: keyboards send "ड़" as one code point or as "ड" + nukta.
    word = unicodedata.normalize("NFC", word)
    if word in _AS_IN_ENGLISH:
        return _AS_IN_ENGLISH[word]
    word = word.translate(_CANDRA_O)
    roman = sanscript.transliterate(_without_schwas(word), sanscript.DEVANAGARI, sanscript.ITRANS)
    for mark, plain in _PLAIN:
        roman = roman.replace(mark, plain)
    return re.sub(r"[^a-z0-9]", "", roman.lower()).replace("v", "w")  # व is typed "w": wala, karwana


def _without_schwas(word: str) -> str:
    """Hindi's silent inherent vowels marked with a virama: कल -> कल्, कितना -> कित्ना, करवाना -> कर्वाना.

    The usual rule, right to left: the last consonant's inherent vowel is silent, and so is one
    between a vowel-bearing syllable and a consonant that carries a vowel (V C a C V).
    """
    syllables = _syllables(word)
    for i in range(len(syllables) - 1, 0, -1):
        if not _bare(syllables[i]):
            continue
        last = i == len(syllables) - 1
        before_vowel = i + 1 < len(syllables) and _voiced(syllables[i + 1])
        if last or (before_vowel and _voiced(syllables[i - 1])):
            syllables[i] += _VIRAMA
    return "".join(syllables)


def _syllables(word: str) -> list[str]:
    """Consonant (+ nukta, vowel sign, virama, nasal marks) or a vowel letter, one item each."""
    found: list[str] = []
    for char in word:
        if _CONSONANT.match(char) or not found or found[-1].endswith(_VIRAMA) and not _CONSONANT.match(char):
            found.append(char)
        else:
            found[-1] += char
    return found


def _bare(syllable: str) -> bool:
    """A consonant that still carries its inherent vowel."""
    return bool(_CONSONANT.match(syllable)) and not _VOWEL_SIGN.search(syllable) and _VIRAMA not in syllable


def _voiced(syllable: str) -> bool:
    """A syllable that is pronounced with a vowel (not a half consonant, not a silenced one)."""
    return _VIRAMA not in syllable
