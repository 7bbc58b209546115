"""bot/medezy_nlu/classifier.py: rasa's logistic regression with a configurable C, trained by rasa 3.6.21."""
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
    {"intent": "greet", "examples": "- hi\n- hello\n- namaste\n- hello there\n- hi good morning\n"},
    {"intent": "book_scan", "examples": "- book an mri\n- mri book karna hai\n- i need a ct scan\n"
                                        "- book ultrasound\n- scan book karo\n"}]}

# Trains with the pipeline's module path (as bot/config.yml names it), parses one message with the
# trained model, and reads C back from the sklearn model rasa persisted.
PROBE = """
import asyncio, json, sys, tarfile, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import rasa.model_training, skops.io
from rasa.core.agent import Agent
config, data, out = sys.argv[2:5]
model = rasa.model_training.train_nlu(config, data, out)
parsed = asyncio.run(Agent.load(model).parse_message("please book an mri"))
with tarfile.open(model) as archive:
    archive.extractall(out)
saved = next(Path(out).rglob("*.skops"))
print(json.dumps({"intent": parsed["intent"]["name"],
                  "C": skops.io.load(saved, trusted=skops.io.get_untrusted_types(file=saved)).C}))
"""


def train_and_probe(tmp_path: Path, classifier: dict) -> subprocess.CompletedProcess:
    config = {"recipe": "default.v1", "language": "en", "assistant_id": "probe",
              "pipeline": [{"name": "WhitespaceTokenizer"}, {"name": "CountVectorsFeaturizer"},
                           {"name": "medezy_nlu.classifier.TunableLogisticRegressionClassifier",
                            "random_state": 42, **classifier}]}
    (tmp_path / "config.yml").write_text(yaml.safe_dump(config))
    (tmp_path / "nlu.yml").write_text(yaml.safe_dump(DATA))
    assert RASA_PYTHON.exists(), "rasa is not installed: run `make install`"
    return subprocess.run([str(RASA_PYTHON), "-c", PROBE, str(ROOT / "bot"), str(tmp_path / "config.yml"),
                           str(tmp_path / "nlu.yml"), str(tmp_path / "out")],
                          env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"}, capture_output=True,
                          text=True, timeout=300)


def test_trains_classifies_and_hands_c_to_sklearn(tmp_path):
    result = train_and_probe(tmp_path, {"C": 7.5})
    assert result.returncode == 0, result.stderr[-3000:]
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe == {"intent": "book_scan", "C": 7.5}


def test_c_defaults_to_rasas_value(tmp_path):
    result = train_and_probe(tmp_path, {})
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1])["C"] == 1.0


@pytest.mark.parametrize("strength", [0, -1])
def test_non_positive_c_fails_training_with_a_clear_message(tmp_path, strength):
    result = train_and_probe(tmp_path, {"C": strength})
    assert result.returncode != 0
    assert "C must be a positive number" in result.stderr
