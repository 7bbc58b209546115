"""Held-out intent accuracy of the trained MedEzy bot (and, with --cv, 3-fold CV).

Run with the rasa environment, from the repository root:

    RASA_TELEMETRY_ENABLED=false .venv-rasa/bin/python scripts/nlu_eval.py [--cv] [--min-accuracy 0.92]

"Accuracy" counts a message right when the top intent is the labelled one; a message the
FallbackClassifier sends to nlu_fallback counts as wrong, except for the gibberish labelled
nlu_fallback, where the fallback is the right answer. "Ranking accuracy" ignores the
fallback and takes the best real intent for the real requests, which shows how much the
threshold costs. The held-out set is bot/eval/heldout.yml plus bot/eval/heldout_symbols.yml
(emoji- and punctuation-only messages). Exit status 1 when accuracy over all held-out
messages is below --min-accuracy, or when a held-out symbol message is trained on.
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


def training_texts() -> set[str]:
    """Every NLU example text under bot/data, entity annotations removed, exactly as written."""
    from rasa.shared.nlu.training_data.loading import load_data

    return {example.get("text") for example in load_data(str(BOT / "data" / "nlu")).intent_examples}


def report_heldout(model: Path, heldout: list[Path]) -> float:
    pairs = [pair for path in heldout for pair in load_heldout(path)]
    parsed = asyncio.run(parse_all(model, [text for text, _ in pairs]))
    errors: dict[str, list[str]] = defaultdict(list)
    per_intent = Counter(intent for _, intent in pairs)
    right = ranked_right = fallbacks = real_total = real_right = gibberish_caught = 0
    for (text, expected), result in zip(pairs, parsed):
        top = (result.get("intent") or {}).get("name")
        confidence = (result.get("intent") or {}).get("confidence") or 0.0
        ranked = top if expected == FALLBACK_INTENT else best_real_intent(result)
        right += top == expected
        ranked_right += ranked == expected
        fallbacks += top == FALLBACK_INTENT
        if expected == FALLBACK_INTENT:
            gibberish_caught += top == FALLBACK_INTENT
        else:
            real_total += 1
            real_right += top == expected
        if top != expected:
            errors[expected].append(f"{text!r} -> {top} ({confidence:.2f}; best real: {best_real_intent(result)})")
    total = len(pairs)
    gibberish = per_intent[FALLBACK_INTENT]
    print(f"model: {model.relative_to(ROOT) if model.is_relative_to(ROOT) else model}")
    print(f"held-out messages: {total} in {len(per_intent)} intents ({gibberish} of them gibberish, labelled nlu_fallback)")
    print(f"accuracy: {right / total:.3f} ({right}/{total})")
    if real_total:
        print(f"accuracy on real requests (gibberish left out): {real_right / real_total:.3f} ({real_right}/{real_total})")
    print(f"ranking accuracy (fallback ignored for real requests): {ranked_right / total:.3f}")
    if gibberish:
        print(f"gibberish sent to nlu_fallback: {gibberish_caught / gibberish:.3f} ({gibberish_caught}/{gibberish})")
    print(f"real requests sent to nlu_fallback: {fallbacks - gibberish_caught}")
    for intent in sorted(errors):
        print(f"  {intent}: {len(errors[intent])}/{per_intent[intent]} wrong")
        for line in errors[intent]:
            print(f"    {line}")
    return right / total


def report_cross_validation(folds: int, seed: int, nlu_data: Path) -> None:
    """Stratified k-fold CV on the NLU training data, scored like the held-out set.

    rasa's own cross_validate reshuffles the folds on every run (no seed) and replaces every
    nlu_fallback prediction by the runner-up intent, which would mark all trained gibberish
    wrong; this loop fixes the folds with `seed` and keeps the fallback as an answer.
    """
    import rasa.model_training
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    data = load_data(str(nlu_data))
    examples = data.intent_examples
    labels = [example.get("intent") for example in examples]
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(examples, labels)
    accuracies, ranking_accuracies = [], []
    confusions: Counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for train_index, test_index in split:
            train = TrainingData(training_examples=[examples[i] for i in train_index],
                                 entity_synonyms=data.entity_synonyms, regex_features=data.regex_features,
                                 lookup_tables=data.lookup_tables)
            train_file = Path(tmp) / "train.yml"
            RasaYAMLWriter().dump(train_file, train)
            model = rasa.model_training.train_nlu(str(BOT / "config.yml"), str(train_file), tmp)
            test = [(examples[i].get("text"), labels[i]) for i in test_index]
            parsed = asyncio.run(parse_all(Path(model), [text for text, _ in test]))
            right = ranked_right = 0
            for (_, expected), result in zip(test, parsed):
                top = (result.get("intent") or {}).get("name")
                ranked = top if expected == FALLBACK_INTENT else best_real_intent(result)
                right += top == expected
                ranked_right += ranked == expected
                if top != expected:
                    confusions[(expected, top)] += 1
            accuracies.append(right / len(test))
            ranking_accuracies.append(ranked_right / len(test))
    for name, values in (("accuracy", accuracies), ("ranking accuracy (fallback ignored)", ranking_accuracies)):
        print(f"{folds}-fold CV (seed {seed}) {name}: {sum(values) / len(values):.3f} "
              f"(folds: {', '.join(f'{v:.3f}' for v in values)})")
    print("most frequent CV confusions (labelled -> predicted):")
    for (expected, top), count in confusions.most_common(12):
        print(f"  {count:3d}  {expected} -> {top}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=BOT / "models" / "medezy.tar.gz")
    parser.add_argument("--heldout", type=Path, nargs="+",
                        default=[BOT / "eval" / "heldout.yml", BOT / "eval" / "heldout_symbols.yml"])
    parser.add_argument("--cv", action="store_true", help="also run k-fold cross-validation on --data")
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--data", type=Path, default=BOT / "data" / "nlu", help="NLU data for --cv")
    parser.add_argument("--seed", type=int, default=42, help="fixes the CV folds, so runs compare")
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

    # tests/bot/test_nlu_heldout.py cannot compare emoji- or punctuation-only texts (they
    # normalise to ""), so the symbol set is checked here for exact copies in the training data.
    symbols = [path for path in args.heldout if path.name == "heldout_symbols.yml"]
    trained = training_texts() if symbols else set()
    leaked = [text for path in symbols for text, _ in load_heldout(path) if text in trained]
    if leaked:
        print(f"held-out symbol messages found in bot/data: {leaked}", file=sys.stderr)
        return 1

    accuracy = report_heldout(args.model, args.heldout)
    if args.cv:
        report_cross_validation(args.folds, args.seed, args.data)
    return 0 if accuracy >= args.min_accuracy else 1


if __name__ == "__main__":
    sys.exit(main())
