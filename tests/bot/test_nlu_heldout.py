"""The held-out NLU set measures generalisation only if none of it is trained on."""

import re
from pathlib import Path

import yaml

BOT = Path(__file__).resolve().parents[2] / "bot"
HELDOUT = BOT / "eval" / "heldout.yml"
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
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s/]", "", text.lower())).strip()


def _training_texts() -> set[str]:
    texts = set()
    for path in sorted((BOT / "data").rglob("*.yml")):
        for examples in _examples(path).values():
            texts.update(_normalised(text) for text in examples)
    return texts


def test_no_heldout_message_appears_in_the_training_data():
    training = _training_texts()
    leaked = [text for examples in _examples(HELDOUT).values() for text in examples
              if _normalised(text) in training]
    assert leaked == []


def test_heldout_set_is_large_enough_and_covers_every_intent():
    heldout = _examples(HELDOUT)
    training_intents = set()
    for path in (BOT / "data" / "nlu").glob("*.yml"):
        training_intents.update(_examples(path))
    assert sum(len(texts) for texts in heldout.values()) >= 150
    assert set(heldout) == training_intents
