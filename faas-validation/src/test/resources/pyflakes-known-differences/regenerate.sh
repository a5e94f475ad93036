#!/bin/sh
# Regenerates the *.expected fixtures of this corpus with the oracle: pyflakes 2.5.0 on CPython 3.11
# (Debian bookworm: apt-get install python3-pyflakes). The product never runs pyflakes; these
# fixtures document what pyflakes prints where we differ (see README.md).
#
# Each NAME.expected holds what `python3 -m pyflakes NAME.py` prints, stdout then stderr (pyflakes
# prints findings to stdout and a syntax error, alone, to stderr), with the path replaced by {path}.
set -eu
cd "$(dirname "$0")"
PYTHON=${PYTHON:-/usr/bin/python3}
version=$("$PYTHON" -m pyflakes --version)
case "$version" in
  "2.5.0 Python 3.11"*) ;;
  *) echo "need pyflakes 2.5.0 on CPython 3.11, found: $version" >&2; exit 1 ;;
esac
for f in *.py; do
  name=${f%.py}
  "$PYTHON" -m pyflakes "$f" >"$name.out.tmp" 2>"$name.err.tmp" || true
  cat "$name.out.tmp" "$name.err.tmp" | sed "s|^$f:|{path}:|" >"$name.expected"
  rm -f "$name.out.tmp" "$name.err.tmp"
done
echo "regenerated $(ls *.expected | wc -l) fixtures"
