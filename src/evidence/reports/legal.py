"""The provisions a report cites, and which ones each finding may point to.

Texts follow ../shared/DOMAIN.md: an article is cited only for the content given there; the
《治安管理处罚法》 by name (its article numbers changed in the 2025 revision); the 《刑法》 only as what
may apply; the 信用卡办法 only for a bank credit card; the 互金协会 convention otherwise. Each
standard is split into the point that applies, so an identity refusal does not cite call hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CITATIONS: dict[str, str] = {
    "civil_1032": "《民法典》第1032条：自然人享有隐私权，隐私包括私人生活安宁；任何组织或者个人不得以刺探、侵扰、"
                  "泄露、公开等方式侵害他人的隐私权。",
    "civil_1033": "《民法典》第1033条第（一）项：除法律另有规定或者权利人明确同意外，任何组织或者个人不得以电话、"
                  "短信息、即时通讯工具、电子邮件、传单等方式侵扰他人的私人生活安宁。",
    "civil_1024": "《民法典》第1024条：民事主体享有名誉权，任何组织或者个人不得以侮辱、诽谤等方式侵害他人的名誉权。",
    "pipl_10": "《个人信息保护法》第10条：任何组织、个人不得非法收集、使用、加工、传输他人个人信息，不得非法买卖、"
               "提供或者公开他人个人信息。",
    "psl": "《治安管理处罚法》（2025年修订，2026年1月1日起施行）：威胁他人人身安全、公然侮辱他人，或者多次发送侮辱、"
           "恐吓或者其他信息干扰他人正常生活的，依法予以治安管理处罚。",
    "criminal_246": "《刑法》第246条（侮辱罪、诽谤罪）：情节严重时可能适用，本报告不作认定。",
    "cc_68": "《商业银行信用卡业务监督管理办法》第68条：银行信用卡催收不得对与债务无关的第三人进行催收，"
             "不得采用暴力、胁迫、恐吓或辱骂等不当催收行为。",
    "nifa": "中国互联网金融协会《互联网金融逾期债务催收自律公约（试行）》（2018年）：不得使用暴力或以暴力相威胁，"
            "不得侮辱，不得向债务人以外的无关第三人催收或透露债务信息，不得冒充国家机关或司法机关。",
    "gbt_identity": "GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》：催收人员应表明身份。",
    "gbt_third": "GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》：只向债务人本人催收；"
                 "联系人仅在无法联系债务人时用于询问下落或转告，不得告知债务，对方拒绝后不得再联系。",
    "gbt_hours": "GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》：催收时间为每日08:00至22:00。",
    "gbt_frequency": "GB/T 45251—2025《互联网金融 个人网络消费信贷 贷后催收风控指引》：每日对债务人接通的催收电话"
                     "不超过3次（放款机构及其委托机构合计）。",
    "cba_conduct": "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026年）：不得暴力、威胁、侮辱，"
                   "不得虚构或夸大法律后果，不得冒充法院、公安等国家机关。",
    "cba_identity": "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026年）：催收人员应表明身份、"
                    "所属机构和委托关系，不得冒充国家机关。",
    "cba_third": "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026年）："
                 "不得向无关第三人催收或透露债务信息。",
    "cba_hours": "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026年）："
                 "22:00至次日08:00不得催收。",
    "cba_attempts": "中国银行业协会《金融机构个人消费类贷款催收工作指引（试行）》（2026年）："
                    "每日对同一号码拨打不超过6次。",
}

_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "threat": ("psl", "civil_1033", "cba_conduct", "@lender"),
    "insult": ("civil_1024", "psl", "cba_conduct", "@lender", "criminal_246"),
    "third_party": ("pipl_10", "civil_1032", "gbt_third", "cba_third", "@lender"),
    "identity_refusal": ("gbt_identity", "cba_identity"),
    "night_call": ("civil_1033", "gbt_hours", "cba_hours"),
    "frequency": ("civil_1033", "gbt_frequency", "cba_attempts"),
}


def is_bank_line(number: str | None) -> bool:
    """A bank's customer-service line: 95 and three more digits (95588, 95555 …)."""
    return bool(number) and len(number) == 5 and number.startswith("95")


def bases_for(category: str, bank_credit_card: bool) -> tuple[str, ...]:
    """The citation keys for a finding of `category` (a flag category, night_call or frequency).

    The lender's own rules come in place of '@lender': the 信用卡办法 for a bank credit card, the
    互金协会 convention for everything else (online lending, the usual case).
    """
    out = []
    for key in _BY_CATEGORY.get(category, ()):
        if key == "@lender":
            key = "cc_68" if bank_credit_card else "nifa"
        out.append(key)
    return tuple(out)


@dataclass
class Footnotes:
    """Numbers each provision once per report, in order of first use."""

    order: list[str] = field(default_factory=list)

    def numbers(self, keys: tuple[str, ...] | list[str]) -> list[int]:
        """The footnote numbers of `keys`, giving new ones a number."""
        out = []
        for key in keys:
            if key not in self.order:
                self.order.append(key)
            out.append(self.order.index(key) + 1)
        return out

    def items(self) -> list[tuple[int, str, str]]:
        """(number, key, text) for every provision used."""
        return [(n, key, CITATIONS.get(key, key)) for n, key in enumerate(self.order, 1)]
