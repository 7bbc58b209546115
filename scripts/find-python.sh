#!/usr/bin/env bash
# Print a Python interpreter of the wanted minor version ("3.10") or minimum ("3.11+").
# Order: an explicit variable, a working pythonX.Y on PATH, pyenv's installs.
set -euo pipefail
want="$1"; explicit="${2:-}"
ok() { "$1" -c "import sys; v=sys.version_info[:2]; w=tuple(map(int,'${want%+}'.split('.'))); sys.exit(0 if (v>=w if '${want}'.endswith('+') else v==w) else 1)" 2>/dev/null; }
for candidate in "$explicit" "python${want%+}" python3.13 python3.12 python3.11 python3 \
                 $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/${want%+}*/bin/python 2>/dev/null) \
                 $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[1-9]*/bin/python 2>/dev/null); do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
echo "no Python ${want} found; set PYTHON_RASA/PYTHON to one" >&2
exit 1
