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

# Trains each pipeline in one process (rasa's import is the slow part), loads each persisted model afresh,
# and reports how it reads misspellings.
PROBE = """
import asyncio, json, sys
sys.path.insert(0, sys.argv[1])
import rasa.model_training
from rasa.core.agent import Agent
from medezy_nlu.phonetic import sound_of
data, *runs = sys.argv[2:]
parsed = {}
for config, out in zip(runs[::2], runs[1::2]):
    agent = Agent.load(rasa.model_training.train_nlu(config, data, out))
    intents = {text: asyncio.run(agent.parse_message(text))["intent"] for text in ("reprot", "reporrt chahie")}
    parsed[config] = {t: [i["name"], i["confidence"]] for t, i in intents.items()}
print(json.dumps({"parsed": parsed,
                  "sounds": [sound_of(w) for w in ("report", "reprot", "kitne", "kitna", "aa", "mz4k7p2q", "२")]}))
"""
FEATURIZERS = {"by sound": "medezy_nlu.phonetic.PhoneticCountVectorsFeaturizer", "by spelling": "CountVectorsFeaturizer"}


@pytest.fixture(scope="module")
def probe(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("phonetic")
    (folder / "nlu.yml").write_text(yaml.safe_dump(DATA))
    runs = []
    for label, featurizer in FEATURIZERS.items():
        config = {"recipe": "default.v1", "language": "en", "assistant_id": "probe",
                  "pipeline": [{"name": "WhitespaceTokenizer"}, {"name": featurizer, "analyzer": "word"},
                               {"name": "LogisticRegressionClassifier", "random_state": 42}]}
        (folder / f"{label}.yml").write_text(yaml.safe_dump(config))
        runs += [str(folder / f"{label}.yml"), str(folder / label.replace(" ", "-"))]
    assert RASA_PYTHON.exists(), "rasa is not installed: run `make install`"
    result = subprocess.run([str(RASA_PYTHON), "-c", PROBE, str(ROOT / "bot"), str(folder / "nlu.yml"), *runs],
                            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false",
                                 "RASA_CACHE_DIRECTORY": str(folder / "cache")},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return {"sounds": found["sounds"],
            **{label: found["parsed"][str(folder / f"{label}.yml")] for label in FEATURIZERS}}


def test_misspelt_words_are_read_by_their_sound(probe):
    assert probe["sounds"] == ["RPRT", "RPRT", "KTN", "KTN", "aa", "mz4k7p2q", "२"]
    for text, (intent, confidence) in probe["by sound"].items():
        assert intent == "report_status" and confidence > 0.6, (text, intent, confidence)


def test_by_spelling_alone_the_same_misspellings_are_unknown(probe):
    # The control: rasa's word featurizer has never seen "reprot", so it cannot tell the two intents apart.
    assert all(confidence < 0.6 for _, confidence in probe["by spelling"].values()), probe["by spelling"]
