"""The pipeline's tokenizer romanizes annotated Devanagari examples and moves their entities along (rasa 3.6)."""
import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

# Runs in the rasa environment: a training example as rasa's YAML reader makes it, through the tokenizer.
SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from medezy_nlu.tokenizer import _romanize_in_place
example = json.loads(sys.stdin.read())
message = Message(data=example)
_romanize_in_place(message)
print(json.dumps({"text": message.get("text"), "entities": message.get("entities")}, ensure_ascii=False))
"""


def _tokenized(text: str, entities: list[dict]) -> dict:
    assert PYTHON.exists(), "rasa is not installed: run `make install` (make test does it)"
    result = subprocess.run([str(PYTHON), "-c", SCRIPT], cwd=ROOT / "bot", capture_output=True, text=True,
                            input=json.dumps({"text": text, "intent": "book_scan", "entities": entities}),
                            env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"}, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _span(text: str, word: str, entity: str, value: str | None = None) -> dict:
    start = text.index(word)
    return {"start": start, "end": start + len(word), "entity": entity, "value": value or word}


def test_an_annotated_devanagari_example_is_romanized_with_its_entities_moved():
    text = "मुझे कल एमआरआई घुटना करवाना है दिल्ली में"
    out = _tokenized(text, [_span(text, "कल", "date_text"), _span(text, "एमआरआई", "service"),
                            _span(text, "घुटना", "body_part", value="Knee"), _span(text, "दिल्ली", "city")])
    assert out["text"] == "mujhe kal mri ghutna karwana hai delhi mein"
    found = {e["entity"]: (out["text"][e["start"]:e["end"]], e["value"]) for e in out["entities"]}
    # The annotated words land on their romanized spelling; a synonym's own value is kept as written.
    assert found == {"date_text": ("kal", "kal"), "service": ("mri", "mri"), "body_part": ("ghutna", "Knee"),
                     "city": ("delhi", "delhi")}


def test_an_example_without_devanagari_is_left_alone():
    text = "book MRI kal"
    out = _tokenized(text, [_span(text, "MRI", "service")])
    assert out == {"text": text, "entities": [_span(text, "MRI", "service")]}


SQUEEZE = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from medezy_nlu.tokenizer import _squeeze_runs_in_place
out = []
for text in json.loads(sys.stdin.read()):
    message = Message(data={"text": text})
    _squeeze_runs_in_place(message)
    out.append(message.get("text"))
print(json.dumps(out, ensure_ascii=False))
"""


def test_a_letter_typed_on_and_on_reads_as_three_but_numbers_and_references_stay():
    texts = ["a" * 600, "hiiiiiii pleaseeee", "₹10000 paid", "ref MZAAAA1234", "हाँााा"]
    result = subprocess.run([str(PYTHON), "-c", SQUEEZE], cwd=ROOT / "bot", capture_output=True, text=True,
                            input=json.dumps(texts), env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "aaa", "hiii pleaseee", "₹10000 paid", "ref MZAAAA1234", "हाँााा"]
