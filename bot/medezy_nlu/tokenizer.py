"""Rasa component: the whitespace tokenizer, after romanizing Devanagari (see romanize.py).

It replaces the message text itself, in training and at run time, so every later component
(featurizers, classifier, entity extractors) and the actions see "kal delhi mein mri" for
"कल दिल्ली में एमआरआई". An annotated training example ("[एमआरआई](service) [कल](date_text)") is romanized
piece by piece, so each entity keeps its annotation at its new place: without that, Devanagari examples could
carry no entities and would teach the entity extractor that "mri" in a Hindi sentence is no scan.
"""
from __future__ import annotations

import re
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from .romanize import has_devanagari, romanize

# A letter typed on and on ("hiiiiii", 600 times "a") reads as three: otherwise each repeat counts again in the
# character n-grams, and a long run alone could outweigh everything trained and pick an intent at 1.0.
# Digits and booking references ("MZ" and 6-8 characters, bot/data/nlu/regexes.yml) are left as typed.
_LONG_RUN = re.compile(r"([^\W\d_])\1{3,}")
_WORD = re.compile(r"\S+")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class RomanizingWhitespaceTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer that reads Devanagari as romanized Hindi."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            if not example.get(ENTITIES):
                _squeeze_runs_in_place(example)
            _romanize_in_place(example)
        return super().process_training_data(training_data)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            _squeeze_runs_in_place(message)
            _romanize_in_place(message)
        return super().process(messages)


def _squeeze_runs_in_place(message: Message) -> None:
    text = message.get(TEXT)
    if isinstance(text, str):
        message.set(TEXT, _WORD.sub(_squeezed, text))


def _squeezed(word: re.Match) -> str:
    text = word.group(0)
    return text if text[:2].lower() == "mz" else _LONG_RUN.sub(r"\1\1\1", text)


def _romanize_in_place(message: Message) -> None:
    text = message.get(TEXT)
    if not isinstance(text, str) or not has_devanagari(text):
        return
    entities = sorted(message.get(ENTITIES) or [], key=lambda entity: entity["start"])
    if not entities:
        message.set(TEXT, romanize(text))
        return
    romanized, moved, done = [], [], 0
    for entity in entities:
        romanized.append(romanize(text[done:entity["start"]]))
        start = sum(map(len, romanized))
        value = romanize(text[entity["start"]:entity["end"]])
        romanized.append(value)
        moved.append({**entity, "start": start, "end": start + len(value),
                      "value": value if entity.get("value") == text[entity["start"]:entity["end"]]
                      else entity.get("value")})
        done = entity["end"]
    romanized.append(romanize(text[done:]))
    message.set(TEXT, "".join(romanized))
    message.set(ENTITIES, moved)
