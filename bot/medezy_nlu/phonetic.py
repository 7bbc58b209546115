"""Rasa component: word n-gram counts over the sound of each word, not its spelling.

Patients spell Hinglish (and the romanized Devanagari the tokenizer makes of Hindi) every which way:
"chahiye", "chahie", "chaiye"; "reprot", "reporrt"; "apointment"; "nhi", "nahi". The word featurizer
sees each spelling as a new word, and character n-grams only partly bridge them. This featurizer
counts words by their Metaphone key (jellyfish), so spellings that sound alike share one feature:
"reprot" and "report" are both RPRT, "kitne", "kitna", "kitni" all KTN. It runs beside the spelling
featurizers (their features are concatenated), so nothing the exact words told the classifier is lost.
"""
from __future__ import annotations

import re
from typing import List, Text

import jellyfish
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import TEXT

_LATIN_WORD = re.compile(r"[a-z]+")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class PhoneticCountVectorsFeaturizer(CountVectorsFeaturizer):
    """CountVectorsFeaturizer over Metaphone keys of the message's words (other attributes as rasa does)."""

    def _process_tokens(self, tokens: List[Text], attribute: Text = TEXT) -> List[Text]:
        tokens = super()._process_tokens(tokens, attribute)
        return [sound_of(token) for token in tokens] if attribute == TEXT else tokens


def sound_of(word: Text) -> Text:
    """The Metaphone key of a Latin word ("reprot" -> "RPRT"); anything else (numbers, symbols) as it is.

    A word Metaphone has no key for ("aa", "y", "w") keeps its spelling, so it still counts as a word.
    """
    if not _LATIN_WORD.fullmatch(word):
        return word
    return jellyfish.metaphone(word) or word
