"""The blind and held-out NLU sets measure generalisation only if none of them is trained on."""

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

BOT = Path(__file__).resolve().parents[2] / "bot"
HELDOUT = BOT / "eval" / "heldout.yml"
BLIND = sorted((BOT / "eval" / "blind").rglob("*.yml"))  # blind/<writer>/<language>.yml
LANGUAGES = {"en", "hinglish", "hi"}
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def _examples(path: Path) -> dict[str, list[str]]:
    """intent -> plain example texts (entity annotations removed) of one NLU file."""
    found: dict[str, list[str]] = {}
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
        if "intent" not in block:
            continue
        lines = [line.strip()[2:] for line in block["examples"].splitlines() if line.strip().startswith("- ")]
        found.setdefault(block["intent"], []).extend(ANNOTATION.sub(r"\1", line) for line in lines)
    return found


def _normalised(text: str) -> str:
    # \w keeps letters of every script; Devanagari vowel signs are marks, so keep those too.
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s/\u0900-\u097F]", "", text.lower())).strip()


@cache  # every parametrized case reads the same ~5,000 training lines
def _training_texts() -> frozenset[str]:
    texts = set()
    for path in sorted((BOT / "data").rglob("*.yml")):
        for examples in _examples(path).values():
            texts.update(_normalised(text) for text in examples)
    return frozenset(texts)


@cache
def _training_intents() -> frozenset[str]:
    intents = set()
    for path in (BOT / "data" / "nlu").glob("*.yml"):
        intents.update(_examples(path))
    return frozenset(intents)


@pytest.mark.parametrize("path", [HELDOUT, *BLIND], ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_evaluation_message_appears_in_the_training_data(path):
    training = _training_texts()
    leaked = [text for examples in _examples(path).values() for text in examples
              if _normalised(text) in training]
    assert leaked == []


def test_each_blind_writer_has_the_three_languages_and_covers_every_intent():
    writers = {path.parent.name for path in BLIND}
    assert len(writers) >= 1 and all({p.stem for p in BLIND if p.parent.name == w} == LANGUAGES for w in writers)
    per_file = {f"{path.parent.name}/{path.stem}": _examples(path) for path in BLIND}
    assert sum(len(t) for examples in per_file.values() for t in examples.values()) >= 200 * len(writers)
    for name, examples in per_file.items():
        assert set(examples) == _training_intents(), name


def test_every_intent_has_at_least_60_training_examples():
    counts: dict[str, int] = {}
    for path in (BOT / "data" / "nlu").glob("*.yml"):
        for intent, examples in _examples(path).items():
            counts[intent] = counts.get(intent, 0) + len(examples)
    assert {intent: n for intent, n in counts.items() if n < 60} == {}


def test_old_heldout_set_covers_only_trained_intents():
    heldout = _examples(HELDOUT)
    assert sum(len(texts) for texts in heldout.values()) >= 150
    assert set(heldout) <= _training_intents()
