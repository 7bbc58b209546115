"""Rasa component: rasa's LogisticRegressionClassifier with a configurable regularisation strength.

rasa 3.6 builds sklearn's LogisticRegression with C fixed at 1.0; with thousands of sparse word and
character n-gram features that is strong regularisation, and the best C for our data is chosen by
cross-validation (bot/eval/README.md). Everything else (class_weight "balanced", persistence) is rasa's.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunableLogisticRegressionClassifier(LogisticRegressionClassifier):
    """LogisticRegressionClassifier whose `C` (inverse regularisation strength) comes from the config."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        strength = float(self.config["C"])
        if strength <= 0:  # sklearn 1.1 would fail later with a bare ZeroDivisionError or no hint at C
            raise ValueError(f"{name}: C must be a positive number, got {self.config['C']!r}")
        self.clf.set_params(C=strength)
