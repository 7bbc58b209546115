"""The hypothesis profile of the property tests (import it first): bad input gets 4xx, never 500."""
from hypothesis import HealthCheck, settings

# The fixtures (a console on the test database) are built once per test and reused by every example:
# each example is a separate request, so sharing them is what production does too.
settings.register_profile("medezy", max_examples=60, deadline=None, database=None, derandomize=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile("medezy")

# Characters that broke us or break others: NUL (Postgres text refuses it), other C0 controls, BOM,
# bidi overrides, a non-BMP emoji, combining marks, the last BMP code point before surrogates.
NASTY = ["\x00", "\x01", "\x1b", "\x7f", "\ufeff", "\u202e", "\U0001f600", "\u0301", "\ud7ff", "\uffff"]


def hostile_text(max_size: int = 300):
    """Any text (no lone surrogates: no client can send those in a form), rich in NASTY characters."""
    from hypothesis import strategies as st
    pieces = st.sampled_from(NASTY) | st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
    return st.lists(pieces, max_size=12).map("".join).map(lambda text: text[:max_size])
