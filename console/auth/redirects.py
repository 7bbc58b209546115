"""Where to send someone after signing in: a safe local `next` (else console.navigation.home_url)."""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit



MAX_LENGTH = 512
# Printable ASCII only: a tab, line break or other control character in a Location header is either a
# 500 (Werkzeug refuses it) or, worse, stripped by the browser so that '/\t/evil.example' becomes
# '//evil.example', another site.
_PRINTABLE = re.compile(r"[\x21-\x7e]*")


def safe_next(target: object) -> str | None:
    """`target` if it is a path on this site, else None. Decodes percent-escapes (repeatedly) before
    judging, so '/%09/evil', '/%2F/evil' and '/%5Cevil' are refused like their plain forms."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return None
    decoded, previous = target, None
    while decoded != previous:  # '%252F' is '%2F' is '/': judge every form a browser may end up with
        if not _is_local_path(decoded):
            return None
        previous, decoded = decoded, unquote(decoded)
    return target


def _is_local_path(path: str) -> bool:
    if not _PRINTABLE.fullmatch(path) or "\\" in path:
        return False
    if not path.startswith("/") or path.startswith("//"):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc
