"""The one table of flag categories: id, Chinese and English names, and the legal-basis keys
(from lexicons/zh-CN/legal_basis.yaml) each category is usually argued under.

The lexicon loader, the reports and the CLI's --category choices all read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    id: str
    zh: str
    en: str
    legal_keys: tuple[str, ...] = ()


CATEGORY_TABLE: tuple[Category, ...] = (
    Category("threat", "威胁", "threat", ("psl_50", "civil_1033", "cc_68")),
    Category("insult", "辱骂", "insult", ("civil_1024", "psl_50", "criminal_246")),
    Category("third_party", "联系第三方", "third-party contact",
             ("cc_68", "gbt_45251", "pipl_10", "civil_1032")),
    Category("identity_refusal", "拒绝表明身份", "refusal to identify", ("cba_2026", "gbt_45251")),
)
BY_ID = {c.id: c for c in CATEGORY_TABLE}
IDS: tuple[str, ...] = tuple(c.id for c in CATEGORY_TABLE)
ZH: dict[str, str] = {c.id: c.zh for c in CATEGORY_TABLE}


def label(category_id: str) -> str:
    """The category's name in the user's language (威胁, 辱骂, 联系第三方, 拒绝表明身份), never a raw id
    when the category is known."""
    from .i18n import language

    category = BY_ID.get(category_id.split(".")[0])
    if category is None:
        return category_id
    return category.zh if language() == "zh" else category.en
