"""Devanagari read as the romanized Hindi the bot trains on, and catalogue words matched fuzzily."""
import pytest
from sqlalchemy import select

from bot.actions.catalogue_text import find_city, match_services, modality_of, pet_is_ambiguous
from bot.medezy_nlu.romanize import romanize
from core.models.cities import City
from core.models.services import Modality


def _city(committed, name: str) -> City:
    """The committed city of that name (tests in one database share committed rows)."""
    return committed.session.scalar(select(City).where(City.name == name)) or committed.city(name)


@pytest.mark.parametrize(("devanagari", "roman"), [
    ("कल सुबह", "kal subah"),
    ("मुझे कल एमआरआई करवाना है", "mujhe kal mri karwana hai"),
    ("दिल्ली में सीटी स्कैन", "delhi mein ct scan"),
    ("कितना समय लगता है", "kitna samay lagta hai"),
    ("तारीख बदलनी है", "tarikh badalni hai"),
    ("शनिवार को", "shaniwar ko"),
    ("रिपोर्ट कब आएगी", "report kab aegi"),
    ("२", "2"),
    ("१० बजे", "10 baje"),
    ("स्लॉट बुक करो", "slot book karo"),
    ("क्या ये बॉट है", "kya ye bot hai"),
    ("टाइम बदलना है", "time badalna hai"),
    ("बुकिंग आगे कर दो", "booking aage kar do"),
    ("नाम गलत है", "naam galat hai"),
    ("पर्ची भेज रहा हूँ", "parchi bhej raha hu"),
    ("रिर्पोट भेज दीजिए", "report bhej dijiye"),
    ("अब ज़रूरत नहीं, इंतज़ार कर लूँगा", "ab zarurat nahi, intezaar kar lunga"),
    ("वेटिंग लिस्ट में डाल दो", "waiting list mein dal do"),
])
def test_devanagari_becomes_hinglish_spelling(devanagari, roman):
    assert romanize(devanagari) == roman


def test_day_words_come_out_as_the_date_rules_spell_them():
    assert romanize("परसों दोपहर") == "parso dopahar"
    assert romanize("रविवार को") == "ravivar ko"


def test_a_nukta_letter_reads_the_same_typed_as_one_or_two_code_points():
    assert romanize("\u091b\u094b\u095c\u094b") == romanize("\u091b\u094b\u0921\u093c\u094b") == "chhodo"


def test_romanized_and_mixed_text_keeps_its_latin_words():
    assert romanize("MRI kal Pune") == "MRI kal Pune"
    assert romanize("MRI कल Pune") == "MRI kal Pune"
    assert romanize(romanize("कल सुबह")) == "kal subah"


@pytest.mark.parametrize(("words", "modality"), [
    ("pet ka ultrasound", Modality.ULTRASOUND),
    ("पेट का अल्ट्रासाउंड", Modality.ULTRASOUND),
    ("pet ct", Modality.PET_CT),
    ("pet scan", Modality.PET_CT),
    ("ultrasond", Modality.ULTRASOUND),
    ("mamogrm", Modality.MAMMOGRAPHY),
    ("khali pet aana hai", None),
])
def test_modality_from_words_typos_and_hindi_pet(words, modality):
    assert modality_of(words) is modality


def test_a_bare_pet_is_asked_about_not_guessed():
    assert pet_is_ambiguous("pet")
    assert not pet_is_ambiguous("pet ct") and not pet_is_ambiguous("pet ka ultrasound")


def test_bare_pet_offers_both_pet_ct_and_the_stomach_scans(committed):
    pet = committed.service(code="PETCT-WB", name="PET-CT Whole Body", modality=Modality.PET_CT,
                            body_part="Whole body")
    usg = committed.service(code="USG-ABD", name="Ultrasound Whole Abdomen", modality=Modality.ULTRASOUND,
                            body_part="Abdomen")
    knee = committed.service(code="MRI-KNEE", name="MRI Knee", modality=Modality.MRI, body_part="Knee")

    assert set(match_services([pet, usg, knee], "pet")) == {pet, usg}
    assert match_services([pet, usg, knee], "pet ka ultrasound") == [usg]
    assert match_services([pet, usg, knee], "pet ct") == [pet]


@pytest.mark.parametrize("typed", ["hydrabad", "HYDERABAD", "hyderabad", "हैदराबाद", "mri in hydrabad kal"])
def test_city_found_whatever_the_case_spelling_or_script(committed, typed):
    _city(committed, "Hyderabad")
    assert find_city(committed.session, typed).name == "Hyderabad"


def test_a_similar_word_is_not_taken_for_a_city(committed):
    _city(committed, "Bengaluru")
    assert find_city(committed.session, "west bengal") is None
