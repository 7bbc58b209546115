"""The Rasa project itself: data validation and the dialogue test stories, run by rasa 3.6.21."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = ROOT / "bot" / "models" / "medezy.tar.gz"
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}

pytestmark = pytest.mark.slow


def _rasa(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    assert RASA.exists(), "rasa is not installed: run `make install` (make test does it)"
    return subprocess.run([str(RASA), *args], cwd=ROOT / "bot", env=ENV, capture_output=True, text=True,
                          timeout=timeout)


def test_training_data_and_domain_validate():
    # Warnings about utter_ask_* responses that forms send implicitly are expected, so no --fail-on-warnings.
    result = _rasa("data", "validate", "--domain", "domain")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_dialogue_test_stories_pass_without_prediction_errors(tmp_path):
    assert MODEL.exists(), "no trained model: run `make model` (make test does it)"
    result = _rasa("test", "core", "--model", str(MODEL), "--stories", "tests", "--fail-on-prediction-errors",
                   "--out", str(tmp_path / "results"))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
