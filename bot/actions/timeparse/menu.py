"""Menu choices: "2", "option 2", "2nd", "doosra wala", "last".

A bare number is a menu choice, never a date: parse_when asks is_menu_choice first.
"""

from __future__ import annotations

import re

from .vocabulary import LAST_WORDS, MENU_FILLER, MENU_ORDINALS, normalise


def parse_menu_choice(text: str, n_options: int) -> int | None:
    """Return the 1-based menu option the text picks ("2", "option 2", "doosra"), or None."""
    norm = normalise(text).replace(".", " ").replace(")", " ")
    tokens = [t for t in re.split(r"[\s,!?]+", norm) if t]
    if not tokens or n_options < 1:
        return None
    picked = [t for t in tokens if t not in MENU_FILLER]
    if " ".join(tokens) in LAST_WORDS or tokens[0] in LAST_WORDS or (picked and set(picked) <= LAST_WORDS):
        return n_options  # "last", "the last one", "last wala" or [t for t in tokens if t in MENU_ORDINALS]
    if len(picked) != 1:
        return None
    choice = _menu_number(picked[0])
    if choice is None or not 1 <= choice <= n_options:
        return None
    return choice


def is_menu_choice(norm: str) -> bool:
    """Whether the normalised text is only an option number ("2", "option 2", "2nd one")."""
    return bool(re.fullmatch(r"(?:option|opt|no\.?|number|slot|#)?\s*\d{1,2}(?: (?:st|nd|rd|th))?"
                             r"(?: (?:wala|vala|one))?", norm))


def _menu_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    match = re.fullmatch(r"#?(\d{1,2})(?:st|nd|rd|th)?", token)
    if match:
        return int(match.group(1))
    return MENU_ORDINALS.get(token)
