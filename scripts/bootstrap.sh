# Sourced by scripts/run and scripts/test: a project virtual environment with everything
# installed, from a machine that has only Python 3.11+ and pip.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${LAKIP_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "» membuat lingkungan virtual $VENV"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian's python3 ships venv separately; fall back to virtualenv from PyPI.
    rm -rf "$VENV"
    "$PYTHON" -m pip install --quiet --user virtualenv || "$PYTHON" -m pip install --quiet --break-system-packages --user virtualenv
    "$PYTHON" -m virtualenv --quiet "$VENV"
  fi
fi

extras="${1:-}"
stamp="$VENV/.installed${extras:+-$extras}"
want=$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "» memasang dependensi${extras:+ ($extras)}"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e ".${extras:+[$extras]}"
  echo "$want" > "$stamp"
fi
export PATH="$(cd "$VENV" && pwd)/bin:$PATH"
