"""MedEzy's own NLU pieces: Devanagari romanization shared by the rasa pipeline and the actions.

`romanize` is plain Python (indic-transliteration only), so the action server (.venv) and the
rasa server (.venv-rasa) read Hindi the same way; `tokenizer` and `classifier` are rasa components.
"""
