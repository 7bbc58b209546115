"""scripts/nlu_eval.py's CV scoring: the fallback decision replayed per threshold, and Devanagari counted apart."""
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("nlu_eval", ROOT / "scripts" / "nlu_eval.py")
nlu_eval = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(nlu_eval)

CONFIG = {"pipeline": [{"name": "LogisticRegressionClassifier"},
                       {"name": "FallbackClassifier", "threshold": 0.25, "ambiguity_threshold": 0.05}]}


def ranking(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_fallback_replay_matches_rasas_rules():
    clear = ranking(("book_scan", 0.6), ("inform", 0.2))
    assert nlu_eval.replay_fallback(clear, 0.25, 0.05) == "book_scan"
    assert nlu_eval.replay_fallback(clear, 0.65, 0.05) == "nlu_fallback"  # below the threshold
    close = ranking(("book_scan", 0.40), ("inform", 0.37))
    assert nlu_eval.replay_fallback(close, 0.25, 0.05) == "nlu_fallback"  # ambiguous
    assert nlu_eval.replay_fallback(close, 0.25, 0.0) == "book_scan"
    assert nlu_eval.replay_fallback(ranking(("greet", 0.9)), 0.25, 0.05) == "greet"


def test_cv_pipeline_never_falls_back_and_keeps_the_configured_setting():
    switched_off = nlu_eval.without_fallback(CONFIG)
    assert nlu_eval.fallback_settings(switched_off) == (0.0, 0.0)
    assert nlu_eval.fallback_settings(CONFIG) == (0.25, 0.05)
    assert switched_off["pipeline"][0] == CONFIG["pipeline"][0]
    with pytest.raises(ValueError):
        nlu_eval.fallback_settings({"pipeline": [{"name": "LogisticRegressionClassifier"}]})


def test_cv_scores_per_threshold_and_per_script():
    fold = [("mri kal", "book_scan", ranking(("book_scan", 0.30), ("inform", 0.10))),
            ("कल एमआरआई", "book_scan", ranking(("inform", 0.50), ("book_scan", 0.40))),
            ("asdf", "nlu_fallback", ranking(("greet", 0.20), ("inform", 0.10)))]
    low = nlu_eval.cv_scores([fold], 0.25, 0.05)
    assert low["accuracy"] == [2 / 3]
    assert low["ranking"] == [2 / 3]  # the gibberish counts by its top answer, the fallback
    assert low["script_right"] == {"latin": 2, "devanagari": 0}
    assert low["devanagari_confusions"] == {("book_scan", "inform"): 1}
    high = nlu_eval.cv_scores([fold], 0.35, 0.05)
    assert high["accuracy"] == [1 / 3]
    assert high["confusions"][("book_scan", "nlu_fallback")] == 1


def test_cv_counts_a_wrong_answer_given_with_confidence_as_confident_wrong():
    fold = [("mri kal", "book_scan", ranking(("inform", 0.85), ("book_scan", 0.10))),  # confident and wrong
            ("kal", "inform", ranking(("inform", 0.95))),  # confident and right
            ("hmm", "greet", ranking(("inform", 0.50), ("greet", 0.40)))]  # wrong, but not sure
    assert nlu_eval.cv_scores([fold], 0.25, 0.05)["confident_wrong"] == [1 / 3]


def test_script_of_reads_devanagari_letters_only():
    assert nlu_eval.script_of("kal mri karna hai") == "latin"
    assert nlu_eval.script_of("kal एमआरआई") == "devanagari"
    assert nlu_eval.script_of("2 baje 🙏") == "latin"
