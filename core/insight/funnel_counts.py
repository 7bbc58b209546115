"""The funnel's counts, kept in step with its rollup (funnel_days): per segment kind and value, step, day and
the patient's previous day there, how many rollup rows. An advance subtracts the rows of the patients it is
about to touch and adds them back once rechained, so the counts always equal a GROUP BY over funnel_days.
Far fewer rows than events: a 30-day funnel sums thousands of counts instead of reading every event."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, bindparam, text
from sqlalchemy.orm import Session

NEVER = date(1900, 1, 1)  # "no previous day": before every period
KINDS = {"": ("''", "prev_any"), "city": ("CAST(city_id AS VARCHAR(40))", "prev_city"),
         "service": ("CAST(service_id AS VARCHAR(40))", "prev_service"), "channel": ("channel", "prev_channel")}
FOLD = """
INSERT INTO funnel_counts (kind, value, step, day, prev, patients)
SELECT :kind, {value}, step, day, coalesce({prev}, :never), {sign} sum(CASE WHEN user_id = 0 THEN 0 ELSE 1 END)
FROM funnel_days WHERE {which}
GROUP BY 2, 3, 4, 5  -- value, step, day, prev
ON CONFLICT (kind, day, step, value, prev) DO UPDATE SET patients = funnel_counts.patients + excluded.patients"""


def fold(session: Session, *, sign: int, users: list[int] | None = None, upto_row: int | None = None) -> None:
    """Add (sign 1) or take away (sign -1) the rollup rows of `users` (up to row id `upto_row` if given);
    every row when users is None (the first fill)."""
    which = "1 = 1" if users is None else "user_id IN :users" + ("" if upto_row is None else " AND id <= :upto_row")
    for kind, (value, prev) in KINDS.items():
        sql = text(FOLD.format(value=value, prev=prev, sign="-" if sign < 0 else "", which=which))
        binds = [bindparam("never", type_=Date)] + ([] if users is None else [bindparam("users", expanding=True)])
        params = {"kind": kind, "never": NEVER, "users": users, "upto_row": upto_row}
        session.execute(sql.bindparams(*binds), {k: v for k, v in params.items() if f":{k}" in sql.text})


def segment_value(kind: str, stored: str):
    """The segment as funnel.py reports it: ids as ints, unknown (0, '') and unsegmented as None."""
    if kind in ("city", "service"):
        return int(stored) or None
    return stored or None
