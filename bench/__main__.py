"""`python -m bench [holds|search|gateway ...]`: prints each figure with its same-run baseline."""
from __future__ import annotations

import importlib
import sys

from bench.db import bench_database

DEFAULT = ["holds", "search", "gateway", "conversations", "console_lists", "big_lists", "slot_import", "notifications"]


def main(names: list[str]) -> None:
    with bench_database() as (url, dsn):
        for name in names or DEFAULT:
            result = importlib.import_module(f"bench.{name}").run(url, dsn)
            print(f"[{name}] " + "  ".join(f"{k}={v:,.3f}" if isinstance(v, float) else f"{k}={v:,}"
                                           for k, v in result.items()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
