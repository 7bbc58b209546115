"""Bring a writer's frozen blind set into bot/eval/blind/<writer>/ without anyone reading it.

    .venv/bin/python scripts/blind_prep.py INCOMING_DIR WRITER [--date 2026-12-06]
    .venv/bin/python scripts/blind_prep.py --drop-trained WRITER [--why "..."]

INCOMING_DIR holds the writer's en.yml, hinglish.yml and hi.yml exactly as handed over. The script prints
their sha256 (the freeze record) and only counts: it never prints a message, so whoever runs it stays blind.
It drops messages that equal training text (they measure memory, compared as the leak test compares) and
repeats within the set, and adds two keyboard-mash messages per language for nlu_fallback, then writes
bot/eval/blind/WRITER/<language>.yml with a header saying all of that.

--drop-trained removes, from a set already brought in, the messages that training text written later
(by someone who never saw the set) turned out to equal, and notes how many in the header: they too
measure memory. It prints only counts.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.bot.test_nlu_heldout import _examples, _normalised, _training_texts  # noqa: E402

LANGUAGES = {"en": "English", "hinglish": "Hinglish (Latin letters)", "hi": "Hindi in Devanagari"}
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def keyboard_mash(rng: random.Random) -> str:
    """Two runs of neighbouring keys, the way a palm or a pocket types."""
    words = []
    for _ in range(2):
        row = rng.choice(KEYBOARD_ROWS)
        start = rng.randrange(len(row) - 4)
        words.append("".join(rng.choice(row[start:start + 5]) for _ in range(rng.randint(4, 7))))
    return " ".join(words)


def prepare(source: Path, writer: str, language: str, date: str, training: set[str],
            rng: random.Random) -> tuple[str, dict[str, int]]:
    raw = source.read_bytes()
    examples = _examples(source)
    seen: set[str] = set()
    kept: dict[str, list[str]] = {}
    counts = {"written": 0, "in_training": 0, "repeated": 0}
    for intent, texts in examples.items():
        for text in texts:
            counts["written"] += 1
            key = _normalised(text)
            if key in training:
                counts["in_training"] += 1
            elif key in seen or not key:
                counts["repeated"] += 1
            else:
                seen.add(key)
                kept.setdefault(intent, []).append(text)
    mashes = []
    while len(mashes) < 2:
        mash = keyboard_mash(rng)
        if _normalised(mash) not in training | seen:
            mashes.append(mash)
    kept.setdefault("nlu_fallback", []).extend(mashes)
    counts["kept"] = sum(len(texts) for texts in kept.values())
    header = (f'version: "3.1"\n\n'
              f"# Independent blind set, writer {writer}, {LANGUAGES[language]} (issue 14): written on {date} by a\n"
              f"# writer who never saw bot/data or bot/eval, given only the intent names, meanings and labelling\n"
              f"# rules. Frozen as handed over: sha256 {hashlib.sha256(raw).hexdigest()}. Never train on it.\n"
              f"# Removed before measuring (scripts/blind_prep.py): {counts['in_training']} messages already in the\n"
              f"# training data (they measure memory) and {counts['repeated']} repeats. Added: two keyboard mashes for\n"
              f"# nlu_fallback.\n\nnlu:\n")
    body = []
    for intent, texts in kept.items():
        lines = "\n".join(f"      - {text}" for text in texts)
        body.append(f"  - intent: {intent}\n    examples: |\n{lines}\n")
    return header + "\n".join(body), counts


def drop_trained(writer: str, why: str) -> None:
    training = _training_texts()
    for path in sorted((ROOT / "bot" / "eval" / "blind" / writer).glob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines
                if not (line.strip().startswith("- ") and _normalised(line.strip()[2:]) in training)]
        dropped = len(lines) - len(kept)
        if dropped:
            at = next(i for i, line in enumerate(kept) if line.startswith("nlu:"))
            kept.insert(at - 1, f"# Later removed: {dropped} messages equal to {why}.\n")
            path.write_text("".join(kept), encoding="utf-8")
            yaml.safe_load(path.read_text(encoding="utf-8"))
        print(f"{path.relative_to(ROOT)}: dropped {dropped}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("incoming", type=Path, nargs="?")
    parser.add_argument("writer")
    parser.add_argument("--date", default="2026-12-06")
    parser.add_argument("--drop-trained", action="store_true")
    parser.add_argument("--why", default="training lines written later without seeing this set")
    args = parser.parse_args()
    if args.drop_trained:
        drop_trained(args.writer, args.why)
        return 0
    if args.incoming is None:
        parser.error("INCOMING_DIR is needed to bring a set in")
    target = ROOT / "bot" / "eval" / "blind" / args.writer
    if target.exists():
        parser.error(f"{target} exists: a frozen set is never rewritten")
    training = _training_texts()
    rng = random.Random(f"blind-{args.writer}")
    outputs = {}
    for language in LANGUAGES:
        source = args.incoming / f"{language}.yml"
        print(f"{source}: sha256 {hashlib.sha256(source.read_bytes()).hexdigest()}")
        outputs[language], counts = prepare(source, args.writer, language, args.date, training, rng)
        yaml.safe_load(outputs[language])  # what we write must parse before anything is written
        print(f"  {language}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    target.mkdir(parents=True)
    for language, text in outputs.items():
        (target / f"{language}.yml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
