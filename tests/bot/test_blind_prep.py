"""scripts/blind_prep.py: a writer's set comes in without memorised messages, repeats, or anyone reading it."""
import hashlib
import random
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import blind_prep  # noqa: E402
from tests.bot.test_nlu_heldout import _examples, _normalised  # noqa: E402

TRAINED = "mujhe mri karwana hai"
SET = f"""version: "3.1"
nlu:
  - intent: book_scan
    examples: |
      - {TRAINED.upper()}!
      - need a knee scan in nashik on the 24th, my orthopaedic doctor says urgent
      - need a knee scan in Nashik on the 24th, my orthopaedic doctor says urgent
  - intent: thanks
    examples: |
      - bahut meherbani aapki
"""


def test_trained_and_repeated_messages_go_and_two_mashes_come(tmp_path):
    source = tmp_path / "en.yml"
    source.write_text(SET, encoding="utf-8")
    text, counts = blind_prep.prepare(source, "z", "en", "2026-12-06", {_normalised(TRAINED)}, random.Random(1))
    assert counts == {"written": 4, "in_training": 1, "repeated": 1, "kept": 4}
    prepared = tmp_path / "prepared.yml"
    prepared.write_text(text, encoding="utf-8")
    kept = _examples(prepared)
    assert kept["book_scan"] == ["need a knee scan in nashik on the 24th, my orthopaedic doctor says urgent"]
    assert kept["thanks"] == ["bahut meherbani aapki"]
    assert len(kept["nlu_fallback"]) == 2 and all(len(m.split()) == 2 for m in kept["nlu_fallback"])
    assert "1 messages already in the" in text and "1 repeats" in text
    assert set(yaml.safe_load(text)["nlu"][0]) == {"intent", "examples"}


def test_the_header_records_the_frozen_files_hash(tmp_path):
    source = tmp_path / "hi.yml"
    source.write_text(SET, encoding="utf-8")
    text, _ = blind_prep.prepare(source, "z", "hi", "2026-12-06", set(), random.Random(1))
    assert f"sha256 {hashlib.sha256(SET.encode()).hexdigest()}" in text
    assert "Hindi in Devanagari" in text


def test_running_it_prints_counts_and_hashes_but_never_a_message(tmp_path, capsys, monkeypatch):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for language in ("en", "hinglish", "hi"):
        (incoming / f"{language}.yml").write_text(SET, encoding="utf-8")
    monkeypatch.setattr(blind_prep, "ROOT", tmp_path)
    monkeypatch.setattr(sys, "argv", ["blind_prep.py", str(incoming), "z"])
    assert blind_prep.main() == 0
    printed = capsys.readouterr().out
    assert "sha256" in printed and "kept" in printed
    assert "nashik" not in printed.lower() and "meherbani" not in printed
    assert sorted(p.name for p in (tmp_path / "bot" / "eval" / "blind" / "z").iterdir()) == [
        "en.yml", "hi.yml", "hinglish.yml"]
    with pytest.raises(SystemExit) as refused:  # a frozen set is never rewritten
        blind_prep.main()
    assert refused.value.code == 2


def test_messages_later_training_turns_out_to_equal_are_dropped_and_counted(tmp_path, capsys, monkeypatch):
    blind = tmp_path / "bot" / "eval" / "blind" / "z"
    blind.mkdir(parents=True)
    text, _ = blind_prep.prepare(_written(tmp_path), "z", "en", "2026-12-06", set(), random.Random(1))
    (blind / "en.yml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(blind_prep, "ROOT", tmp_path)
    monkeypatch.setattr(blind_prep, "_training_texts", lambda: {_normalised("Bahut meherbani aapki!")})
    blind_prep.drop_trained("z", "lines written later")
    kept = _examples(blind / "en.yml")
    assert kept["thanks"] == [] and len(kept["book_scan"]) == 2
    assert "# Later removed: 1 messages equal to lines written later." in (blind / "en.yml").read_text()
    assert "meherbani" not in capsys.readouterr().out


def _written(folder: Path) -> Path:
    source = folder / "written.yml"
    source.write_text(SET, encoding="utf-8")
    return source
