"""The user's language. Every message a person reads goes through `_()` (gettext).

Message ids are English; `locale/zh_CN/LC_MESSAGES/evidence.po` holds the Simplified Chinese,
compiled to `evidence.mo` beside it. Chinese is the default, since the people who use this read
Chinese; English when EVIDENCE_LANG, LC_ALL, LC_MESSAGES or LANG asks for it (in that order).
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "evidence"


def language() -> str:
    """'zh' or 'en': the first of EVIDENCE_LANG, LC_ALL, LC_MESSAGES, LANG that is set decides."""
    for var in ("EVIDENCE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        if not value or value in ("C", "POSIX", "C.UTF-8", "C.utf8"):
            continue
        return "en" if value.lower().startswith("en") else "zh"
    return "zh"


@lru_cache(maxsize=4)
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=["zh_CN"], fallback=True)


def _(message: str) -> str:
    """The message in the user's language."""
    return _translations(language()).gettext(message)


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet (gettext_noop): for texts
    defined at import time, such as command help, that are translated where they are shown."""
    return message


def zh(message: str) -> str:
    """The message in Simplified Chinese whatever the locale: for reports, which go to Chinese
    regulators and stay Chinese."""
    return _translations("zh").gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message in the user's language."""
    return _translations(language()).ngettext(singular, plural, n)
