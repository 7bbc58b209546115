"""Held-out intent accuracy of the trained MedEzy bot (and, with --cv, 3-fold CV).

Run with the rasa environment, from the repository root:

    RASA_TELEMETRY_ENABLED=false .venv-rasa/bin/python scripts/nlu_eval.py [--cv] [--min-accuracy 0.92]

"Accuracy" counts a message right when the top intent is the labelled one; a message the
FallbackClassifier sends to nlu_fallback counts as wrong. "Ranking accuracy" ignores the
fallback and takes the best real intent, which shows how much the threshold costs.
Exit status 1 when accuracy is below --min-accuracy.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
FALLBACK_INTENT = "nlu_fallback"


def load_heldout(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs from a Rasa NLU YAML file without entity annotations."""
    pairs = []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                pairs.append((line.strip()[2:], block["intent"]))
    return pairs


def best_real_intent(parsed: dict) -> str | None:
    ranking = parsed.get("intent_ranking") or [parsed.get("intent") or {}]
    names = [item.get("name") for item in ranking if item.get("name") != FALLBACK_INTENT]
    return names[0] if names else None


async def parse_all(model: Path, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def report_heldout(model: Path, heldout: Path) -> float:
    pairs = load_heldout(heldout)
    parsed = asyncio.run(parse_all(model, [text for text, _ in pairs]))
    errors: dict[str, list[str]] = defaultdict(list)
    per_intent = Counter(intent for _, intent in pairs)
    right = ranked_right = fallbacks = 0
    for (text, expected), result in zip(pairs, parsed):
        top = (result.get("intent") or {}).get("name")
        confidence = (result.get("intent") or {}).get("confidence") or 0.0
        ranked = best_real_intent(result)
        right += top == expected
        ranked_right += ranked == expected
        fallbacks += top == FALLBACK_INTENT
        if top != expected:
            errors[expected].append(f"{text!r} -> {top} ({confidence:.2f}; best real: {ranked})")
    total = len(pairs)
    print(f"model: {model.relative_to(ROOT) if model.is_relative_to(ROOT) else model}")
    print(f"held-out messages: {total} in {len(per_intent)} intents")
    print(f"accuracy: {right / total:.3f} ({right}/{total})")
    print(f"ranking accuracy (fallback ignored): {ranked_right / total:.3f}")
    print(f"sent to nlu_fallback: {fallbacks}")
    for intent in sorted(errors):
        print(f"  {intent}: {len(errors[intent])}/{per_intent[intent]} wrong")
        for line in errors[intent]:
            print(f"    {line}")
    return right / total


def report_cross_validation(folds: int) -> None:
    from rasa.nlu.test import cross_validate
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(BOT / "data" / "nlu"))
    with tempfile.TemporaryDirectory() as out:
        results, _, _ = asyncio.run(
            cross_validate(data, folds, str(BOT / "config.yml"), output=out, disable_plotting=True)
        )
    for name in ("Accuracy", "F1-score"):
        values = results.test.get(name, [])
        mean = sum(values) / len(values)
        print(f"{folds}-fold CV test {name.lower()}: {mean:.3f} (folds: {', '.join(f'{v:.3f}' for v in values)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=BOT / "models" / "medezy.tar.gz")
    parser.add_argument("--heldout", type=Path, default=BOT / "eval" / "heldout.yml")
    parser.add_argument("--cv", action="store_true", help="also run 3-fold cross-validation on bot/data/nlu")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    args = parser.parse_args(argv)

    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # Agent.parse_message logs every parse at debug
    for noisy in ("rasa", "tensorflow", "absl"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if not args.model.exists():
        print(f"no model at {args.model}; train first (see bot/README.md)", file=sys.stderr)
        return 2

    accuracy = report_heldout(args.model, args.heldout)
    if args.cv:
        report_cross_validation(args.folds)
    return 0 if accuracy >= args.min_accuracy else 1


if __name__ == "__main__":
    sys.exit(main())
