#!/bin/sh
# The message catalogue: extract the English msgids from the code, merge them into the Chinese
# catalogue, and compile it. Run after adding or changing any _(), ngettext() or N_() text:
#
#   tools/i18n.sh            extract + update + compile (then fill in the new msgstr in the .po
#                            and run it again)
#   tools/i18n.sh compile    compile only (after editing translations)
#   tools/i18n.sh check      fail if any message lacks a translation or the .mo is stale
#
# Uses Babel (pip install -e '.[test]'); PYTHON picks the interpreter.
set -eu
cd "$(dirname "$0")/.."
PY=${PYTHON:-python}
LOCALE=src/evidence/locale
POT=$LOCALE/evidence.pot
PO=$LOCALE/zh_CN/LC_MESSAGES/evidence.po
pybabel() { "$PY" -m babel.messages.frontend "$@"; }

case "${1:-all}" in
  all)
    pybabel extract -F babel.cfg --no-location --sort-output --project=evidence \
      --msgid-bugs-address="" --copyright-holder="" -o "$POT" src/evidence
    pybabel update -i "$POT" -d "$LOCALE" -D evidence -l zh_CN --no-fuzzy-matching --ignore-obsolete
    pybabel compile -d "$LOCALE" -D evidence -l zh_CN --statistics
    ;;
  compile)
    pybabel compile -d "$LOCALE" -D evidence -l zh_CN --statistics
    ;;
  check)
    PYTHONPATH=src "$PY" -m pytest -q tests/test_i18n.py -k catalogue
    ;;
  *)
    echo "usage: tools/i18n.sh [all|compile|check]" >&2
    exit 2
    ;;
esac
