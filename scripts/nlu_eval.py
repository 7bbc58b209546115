"""Blind-set and held-out intent accuracy of the trained MedEzy bot (and, with --cv, 5-fold CV).

Run with the rasa environment, from the repository root:

    RASA_TELEMETRY_ENABLED=false .venv-rasa/bin/python scripts/nlu_eval.py [--cv | --cv-only] [--min-accuracy 0.85]

CV prints accuracy per script (Devanagari, Latin) and per intent; `--config` picks the pipeline and
`--thresholds 0.15 0.35` scores more fallback thresholds from the same trainings.

The headline figures are the blind set (bot/eval/blind/<language>.yml: written for issue 14
before any tuning, scored overall and per language) and 5-fold cross-validation. The older
held-out set (bot/eval/heldout*.yml) is still reported, as a regression signal only: it has
been tuned to. A "confident wrong" answer is a wrong real intent given with confidence >= 0.8:
the bot acts on it without asking.

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
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
FALLBACK_INTENT = "nlu_fallback"
CONFIDENT = 0.8
DEVANAGARI = re.compile("[\u0900-\u097F]")
# The pipeline's own components (bot/medezy_nlu) load from the bot folder, as under `rasa run`.
sys.path.insert(0, str(BOT))


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


def score(pairs: list[tuple[str, str]], parsed: list[dict]) -> dict:
    """Counts for one labelled set: right, ranked right, fallbacks, confident wrong, errors."""
    stats = {"total": len(pairs), "right": 0, "ranked_right": 0, "fallbacks": 0, "gibberish": 0,
             "gibberish_caught": 0, "confident_wrong": 0, "errors": defaultdict(list),
             "per_intent": Counter(intent for _, intent in pairs)}
    for (text, expected), result in zip(pairs, parsed):
        top = (result.get("intent") or {}).get("name")
        confidence = (result.get("intent") or {}).get("confidence") or 0.0
        ranked = top if expected == FALLBACK_INTENT else best_real_intent(result)
        stats["right"] += top == expected
        stats["ranked_right"] += ranked == expected
        stats["fallbacks"] += top == FALLBACK_INTENT
        if expected == FALLBACK_INTENT:
            stats["gibberish"] += 1
            stats["gibberish_caught"] += top == FALLBACK_INTENT
        if top != expected and top != FALLBACK_INTENT and confidence >= CONFIDENT:
            stats["confident_wrong"] += 1
        if top != expected:
            stats["errors"][expected].append(
                f"{text!r} -> {top} ({confidence:.2f}; best real: {best_real_intent(result)})")
    return stats


def print_summary(name: str, stats: dict) -> None:
    total = stats["total"] or 1
    print(f"{name}: accuracy {stats['right'] / total:.3f} ({stats['right']}/{stats['total']}), "
          f"ranking accuracy {stats['ranked_right'] / total:.3f}, "
          f"confident wrong (>= {CONFIDENT}) {stats['confident_wrong'] / total:.3f} "
          f"({stats['confident_wrong']}), real requests to nlu_fallback "
          f"{stats['fallbacks'] - stats['gibberish_caught']}")


def print_errors(stats: dict, with_texts: bool) -> None:
    for intent in sorted(stats["errors"]):
        print(f"  {intent}: {len(stats['errors'][intent])}/{stats['per_intent'][intent]} wrong")
        for line in stats["errors"][intent] if with_texts else ():
            print(f"    {line}")


def merged(parts: list[dict]) -> dict:
    total: dict = {"errors": defaultdict(list), "per_intent": Counter()}
    for part in parts:
        for key, value in part.items():
            if key == "errors":
                for intent, lines in value.items():
                    total["errors"][intent].extend(lines)
            elif key == "per_intent":
                total["per_intent"].update(value)
            else:
                total[key] = total.get(key, 0) + value
    return total


def report_sets(model: Path, title: str, sets: dict[str, list[tuple[str, str]]], error_texts: bool) -> float:
    """Score each named set and all of them together; print the errors (texts only when asked: a blind
    message that has been read is no longer blind); return overall accuracy."""
    texts = [text for pairs in sets.values() for text, _ in pairs]
    parsed = iter(asyncio.run(parse_all(model, texts)))
    parts = {name: score(pairs, [next(parsed) for _ in pairs]) for name, pairs in sets.items()}
    overall = merged(list(parts.values()))
    print(f"== {title}: {overall['total']} messages in {len(overall['per_intent'])} intents")
    print_summary("  all", overall)
    if len(parts) > 1:
        for name, stats in parts.items():
            print_summary(f"  {name}", stats)
        for language, stats in by_language(parts).items():
            print_summary(f"  {language}, every writer", stats)
    print_errors(overall, error_texts)
    return overall["right"] / (overall["total"] or 1)


def by_language(parts: dict[str, dict]) -> dict[str, dict]:
    """Sets named "<writer>/<language>" merged per language (empty when no set names a writer)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for name, stats in parts.items():
        if "/" in name:
            groups[name.rsplit("/", 1)[1]].append(stats)
    return {language: merged(stats) for language, stats in sorted(groups.items())}


def script_of(text: str) -> str:
    """"devanagari" when the message has a Devanagari letter, else "latin" (English and Hinglish)."""
    return "devanagari" if DEVANAGARI.search(text) else "latin"


def fallback_settings(config: dict) -> tuple[float, float]:
    """The FallbackClassifier's (threshold, ambiguity_threshold) in a parsed pipeline config."""
    for component in config["pipeline"]:
        if component["name"] == "FallbackClassifier":
            return component["threshold"], component["ambiguity_threshold"]
    raise ValueError("the pipeline has no FallbackClassifier")


def without_fallback(config: dict) -> dict:
    """The same config with the FallbackClassifier never firing, so its decision can be replayed."""
    pipeline = [dict(component, threshold=0.0, ambiguity_threshold=0.0)
                if component["name"] == "FallbackClassifier" else component
                for component in config["pipeline"]]
    return {**config, "pipeline": pipeline}


def replay_fallback(ranking: list[dict], threshold: float, ambiguity: float) -> str | None:
    """The top intent the FallbackClassifier would give for the classifier's own ranking."""
    if not ranking:
        return FALLBACK_INTENT
    top = ranking[0].get("confidence") or 0.0
    second = (ranking[1].get("confidence") or 0.0) if len(ranking) > 1 else None
    if top < threshold or (second is not None and top - second < ambiguity):
        return FALLBACK_INTENT
    return ranking[0].get("name")


def report_cross_validation(folds: int, seed: int, nlu_data: Path, config: Path,
                            thresholds: list[float]) -> None:
    """Stratified k-fold CV on the NLU training data, scored like the held-out set.

    rasa's own cross_validate reshuffles the folds on every run (no seed) and replaces every
    nlu_fallback prediction by the runner-up intent, which would mark all trained gibberish
    wrong; this loop fixes the folds with `seed` and keeps the fallback as an answer. The folds
    train with the fallback switched off and replay it per threshold, so one run scores several.
    """
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    threshold, ambiguity = fallback_settings(settings)
    results = cross_validation_rankings(folds, seed, nlu_data, without_fallback(settings))
    for other in sorted(set(thresholds) - {threshold}):
        summary = cv_scores(results, other, ambiguity)
        print(f"-- fallback threshold {other}: {cv_headline(summary)}")
    summary = cv_scores(results, threshold, ambiguity)
    print(f"== {folds}-fold CV (seed {seed}), config {config.name}, fallback threshold {threshold} "
          f"(ambiguity {ambiguity}): {cv_headline(summary)}")
    for name in ("accuracy", "ranking"):
        print(f"  {name} per fold: {', '.join(f'{v:.3f}' for v in summary[name])}")
    print("most frequent CV confusions (labelled -> predicted):")
    for (expected, top), count in summary["confusions"].most_common(12):
        print(f"  {count:3d}  {expected} -> {top}")
    print_cv_per_intent(summary["per_intent"], summary["confusions"])
    print_cv_per_intent(summary["devanagari_intent"], summary["devanagari_confusions"], "Devanagari only")


def cross_validation_rankings(folds: int, seed: int, nlu_data: Path, config: dict) -> list[list[tuple]]:
    """Per fold, (text, labelled intent, classifier ranking) for each held-out example."""
    import rasa.model_training
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    data = load_data(str(nlu_data))
    examples = data.intent_examples
    labels = [example.get("intent") for example in examples]
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed).split(examples, labels)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        config_file = Path(tmp) / "config.yml"
        config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        for train_index, test_index in split:
            train = TrainingData(training_examples=[examples[i] for i in train_index],
                                 entity_synonyms=data.entity_synonyms, regex_features=data.regex_features,
                                 lookup_tables=data.lookup_tables)
            train_file = Path(tmp) / "train.yml"
            RasaYAMLWriter().dump(train_file, train)
            model = rasa.model_training.train_nlu(str(config_file), str(train_file), tmp)
            texts = [examples[i].get("text") for i in test_index]
            parsed = asyncio.run(parse_all(Path(model), texts))
            results.append([(text, labels[i], result.get("intent_ranking") or [])
                            for text, i, result in zip(texts, test_index, parsed)])
    return results


def cv_scores(results: list[list[tuple]], threshold: float, ambiguity: float) -> dict:
    """Accuracy and ranking accuracy per fold, per script, and confusions, at one fallback setting."""
    summary: dict = {"accuracy": [], "ranking": [], "confusions": Counter(), "per_intent": Counter(),
                     "devanagari_confusions": Counter(), "devanagari_intent": Counter(),
                     "script_total": Counter(), "script_right": Counter(), "confident_wrong": []}
    for fold in results:
        right = ranked_right = confident_wrong = 0
        for text, expected, ranking in fold:
            top = replay_fallback(ranking, threshold, ambiguity)
            confident_wrong += top not in (expected, FALLBACK_INTENT) and ranking[0].get("confidence", 0) >= CONFIDENT
            ranked = top if expected == FALLBACK_INTENT else best_real_intent({"intent_ranking": ranking})
            right += top == expected
            ranked_right += ranked == expected
            script = script_of(text)
            summary["per_intent"][expected] += 1
            summary["script_total"][script] += 1
            summary["script_right"][script] += top == expected
            if script == "devanagari":
                summary["devanagari_intent"][expected] += 1
            if top != expected:
                summary["confusions"][(expected, top)] += 1
                if script == "devanagari":
                    summary["devanagari_confusions"][(expected, top)] += 1
        summary["accuracy"].append(right / len(fold))
        summary["ranking"].append(ranked_right / len(fold))
        summary["confident_wrong"].append(confident_wrong / len(fold))
    return summary


def cv_headline(summary: dict) -> str:
    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    scripts = ", ".join(f"{script} {summary['script_right'][script] / total:.3f} ({total})"
                        for script, total in sorted(summary["script_total"].items()))
    return (f"accuracy {mean(summary['accuracy']):.3f}, ranking accuracy (fallback ignored) "
            f"{mean(summary['ranking']):.3f}, confident wrong (>= {CONFIDENT}) {mean(summary['confident_wrong']):.3f}; "
            f"by script: {scripts}")


def print_cv_per_intent(per_intent: Counter, confusions: Counter, title: str = "") -> None:
    """Each intent's CV accuracy (examples of it classified right), worst first."""
    wrong: Counter = Counter()
    for (expected, _), count in confusions.items():
        wrong[expected] += count
    print(f"CV accuracy per intent{' (' + title + ')' if title else ''} (right/examples), worst first:")
    for intent in sorted(per_intent, key=lambda name: (1 - wrong[name] / per_intent[name], name)):
        right = per_intent[intent] - wrong[intent]
        print(f"  {intent}: {right / per_intent[intent]:.3f} ({right}/{per_intent[intent]})")


def default_heldout() -> list[Path]:
    """The old held-out set and the two earlier blind sets (same author; seen while tuning): regression signals only."""
    return [BOT / "eval" / "heldout.yml", BOT / "eval" / "heldout_symbols.yml",
            *sorted((BOT / "eval" / "blind_same_author").glob("*.yml")),
            *sorted((BOT / "eval" / "blind_seen").glob("*.yml"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=BOT / "models" / "medezy.tar.gz")
    parser.add_argument("--blind", type=Path, default=BOT / "eval" / "blind",
                        help="folder of blind sets: a folder per writer, one <language>.yml in each")
    parser.add_argument("--heldout", type=Path, nargs="+",
                        help="held-out files (default: heldout.yml, heldout_symbols.yml, blind_same_author/, blind_seen/)")
    parser.add_argument("--writers", nargs="+", help="only these blind writers (folder names), e.g. d e")
    parser.add_argument("--show-blind-errors", action="store_true",
                        help="print the misclassified blind messages (counts only by default: reading them "
                             "spends the set; see bot/eval/README.md)")
    parser.add_argument("--cv", action="store_true", help="also run k-fold cross-validation on --data")
    parser.add_argument("--cv-only", action="store_true",
                        help="only k-fold cross-validation on --data: needs no model, opens no blind or held-out file")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--data", type=Path, default=BOT / "data" / "nlu", help="NLU data for --cv")
    parser.add_argument("--seed", type=int, default=42, help="fixes the CV folds, so runs compare")
    parser.add_argument("--config", type=Path, default=BOT / "config.yml", help="pipeline config for CV")
    parser.add_argument("--thresholds", type=float, nargs="*", default=[],
                        help="more FallbackClassifier thresholds to score in the same CV run")
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    args = parser.parse_args(argv)

    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.ERROR)  # Agent.parse_message logs every parse at debug
    for noisy in ("rasa", "tensorflow", "absl"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if args.cv_only:
        report_cross_validation(args.folds, args.seed, args.data, args.config, args.thresholds)
        return 0
    if not args.model.exists():
        print(f"no model at {args.model}; train first (see bot/README.md)", file=sys.stderr)
        return 2

    # tests/bot/test_nlu_heldout.py cannot compare emoji- or punctuation-only texts (they
    # normalise to ""), so the symbol set is checked here for exact copies in the training data.
    heldout = args.heldout or default_heldout()
    symbols = [path for path in heldout if path.name == "heldout_symbols.yml"]
    trained = training_texts() if symbols else set()
    leaked = [text for path in symbols for text, _ in load_heldout(path) if text in trained]
    if leaked:
        print(f"held-out symbol messages found in bot/data: {leaked}", file=sys.stderr)
        return 1

    print(f"model: {args.model}")
    # One folder per independent writer (blind/a, blind/b), one file per language in each.
    blind = {f"{path.parent.name}/{path.stem}": load_heldout(path) for path in sorted(args.blind.rglob("*.yml"))
             if not args.writers or path.parent.name in args.writers}
    accuracy = report_sets(args.model, "blind set (headline)", blind, args.show_blind_errors)
    report_sets(args.model, "old held-out set (tuned to; regression signal only)",
                {"heldout": [pair for path in heldout for pair in load_heldout(path)]}, True)
    if args.cv:
        report_cross_validation(args.folds, args.seed, args.data, args.config, args.thresholds)
    return 0 if accuracy >= args.min_accuracy else 1


if __name__ == "__main__":
    sys.exit(main())
