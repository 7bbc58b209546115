"""bot/medezy_nlu/phonetic.py: words counted by their sound, trained, persisted and loaded by rasa 3.6.21."""
import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

pytestmark = pytest.mark.slow

DATA = {"version": "3.1", "nlu": [
    {"intent": "report_status", "examples": "- report\n- report chahiye\n- report bhejo\n- mera report\n"},
    {"intent": "cancel_booking", "examples": "- cancel\n- cancel karo\n- booking cancel\n- mera cancel\n"}]}

# Trains a pipeline, loads the persisted model afresh, and reports how it reads misspellings.
PROBE = """
import asyncio, json, sys
sys.path.insert(0, sys.argv[1])
import rasa.model_training
from rasa.core.agent import Agent
from medezy_nlu.phonetic import sound_of
config, data, out = sys.argv[2:5]
agent = Agent.load(rasa.model_training.train_nlu(config, data, out))
parsed = {text: asyncio.run(agent.parse_message(text))["intent"] for text in ("reprot", "reporrt chahie")}
print(json.dumps({"parsed": {t: [i["name"], i["confidence"]] for t, i in parsed.items()},
                  "sounds": [sound_of(w) for w in ("report", "reprot", "kitne", "kitna", "aa", "mz4k7p2q", "२")]}))
"""


def train_and_probe(tmp_path: Path, featurizer: str) -> dict:
    config = {"recipe": "default.v1", "language": "en", "assistant_id": "probe",
              "pipeline": [{"name": "WhitespaceTokenizer"}, {"name": featurizer, "analyzer": "word"},
                           {"name": "LogisticRegressionClassifier", "random_state": 42}]}
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config))
    (tmp_path / "nlu.yml").write_text(yaml.safe_dump(DATA))
    assert RASA_PYTHON.exists(), "rasa is not installed: run `make install`"
    result = subprocess.run([str(RASA_PYTHON), "-c", PROBE, str(ROOT / "bot"), str(tmp_path / "config.yml"),
                             str(tmp_path / "nlu.yml"), str(tmp_path / "out")],
                            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false",
                                 "RASA_CACHE_DIRECTORY": str(tmp_path / "cache")},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_misspelt_words_are_read_by_their_sound(tmp_path):
    probe = train_and_probe(tmp_path, "medezy_nlu.phonetic.PhoneticCountVectorsFeaturizer")
    assert probe["sounds"] == ["RPRT", "RPRT", "KTN", "KTN", "aa", "mz4k7p2q", "२"]
    for text, (intent, confidence) in probe["parsed"].items():
        assert intent == "report_status" and confidence > 0.6, (text, intent, confidence)


def test_by_spelling_alone_the_same_misspellings_are_unknown(tmp_path):
    # The control: rasa's word featurizer has never seen "reprot", so it cannot tell the two intents apart.
    probe = train_and_probe(tmp_path, "CountVectorsFeaturizer")
    assert all(confidence < 0.6 for _, confidence in probe["parsed"].values()), probe["parsed"]
