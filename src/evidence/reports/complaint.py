"""Statements of facts for the complaint channels, in Chinese, within each form's length.

12378 (国家金融监督管理总局): who complains, the institution, a short statement of facts, the demand.
中国互联网金融协会: real name, the institution's full name, facts with evidence.
12321 (harassing calls): per number, the call times and lengths and a description.
Each statement counts what the report found, quotes the worst sentences with their times, and
asks for what the channel can do; it says what was said, never that anything "is illegal".
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import CATEGORIES, CATEGORY_ZH, CallView, FlagView, Report

FACTS_LIMIT = {"12378": 500, "nifa": 1000, "12321": 300}  # characters of the facts paragraph
SEVERITY_ORDER = {"threat": 0, "third_party": 1, "insult": 2, "identity_refusal": 3}
NOT_GIVEN = "（请填写）"


@dataclass(frozen=True)
class Statement:
    """One channel's text: header lines, the facts paragraph (within the limit), the demand."""

    channel: str
    header: list[str]
    facts: str
    demand: str

    def text(self) -> str:
        return "\n".join([*self.header, "", "事实经过：", self.facts, "", "诉求：", self.demand, ""])


def _institution(report: Report) -> str:
    """The lender (else the platform, else the institutions named in the calls), with the platform
    and collection company after it."""
    case = report.case
    named = sorted({c.institution for c in report.calls if c.institution})
    main = case.lender or case.platform or "、".join(named)
    if not main:
        return NOT_GIVEN
    extra = [f"{label}：{v}" for label, v in (("平台", case.platform), ("催收公司", case.collector_company))
             if v and v != main]
    return main + (f"（{'；'.join(extra)}）" if extra else "")


def _dates(report: Report) -> str:
    days = sorted({c.call_start.date() for c in report.calls})
    if not days:
        return report.period.label
    first, last = days[0], days[-1]
    return f"{first:%Y年%m月%d日}" if first == last else f"{first:%Y年%m月%d日}至{last:%Y年%m月%d日}"


def worst_quotes(report: Report, n: int) -> list[tuple[CallView, FlagView, list[str]]]:
    """The n sentences to quote first, each once with every category found in it: confirmed before
    unreviewed, then by category weight and severity; one of each category before repeating one."""
    sentences: dict[tuple[str, str], list] = {}
    for c in report.calls:
        for f in c.flags:
            if f.review == "dismissed":
                continue
            key = (c.sha256, f.sentence)
            if key not in sentences:
                sentences[key] = [(f.review != "confirmed", SEVERITY_ORDER.get(f.category, 9), -f.severity,
                                   c.call_start, f.start), c, f, []]
            entry = sentences[key]
            if f.category not in entry[3]:
                entry[3].append(f.category)
            rank = (f.review != "confirmed", SEVERITY_ORDER.get(f.category, 9), -f.severity,
                    c.call_start, f.start)
            entry[0] = min(entry[0], rank)
    ranked = sorted(sentences.values(), key=lambda e: e[0])
    picked: list = []
    for entry in ranked:  # one of each category first, then the rest in rank order
        covered = {cat for p in picked for cat in p[3]}
        if len(picked) < n and not set(entry[3]) <= covered:
            picked.append(entry)
    for entry in ranked:
        if len(picked) >= n:
            break
        if entry not in picked:
            picked.append(entry)
    picked.sort(key=lambda e: (e[1].call_start, e[2].start))
    return [(c, f, sorted(cats, key=CATEGORIES.index)) for _rank, c, f, cats in picked]


def _quote(c: CallView, f: FlagView, cats: list[str]) -> str:
    import datetime as dt

    at = c.call_start + dt.timedelta(seconds=f.start)
    return (f"{at:%m月%d日%H:%M}来电（{c.caller or '未显示号码'}）称：“{f.sentence}”"
            f"（{'、'.join(CATEGORY_ZH[x] for x in cats)}）")


def _counts(report: Report) -> str:
    s = report.summary
    parts = [f"{CATEGORY_ZH[cat]}{s['by_category'][cat]}处" for cat in CATEGORIES if s["by_category"][cat]]
    if s["call_flags"]["night_call"]:
        parts.append(f"夜间（22:00至次日08:00）来电{s['call_flags']['night_call']}次")
    freq_days = {c.call_start.date() for c in report.calls if "frequency" in c.call_flags}
    if freq_days:
        parts.append(f"同日接通超过3次的情况{len(freq_days)}天")
    return "，".join(parts)


def _after_notice(report: Report) -> str:
    for c in report.calls:
        for f in c.flags:
            if f.after_notice:
                r = f.after_notice
                later = sum(1 for cc in report.calls for ff in cc.flags if ff.after_notice)
                return (f"本人已于{(r.call_start or '')[:10]}明确要求对方不要联系我的家人或单位，"
                        f"此后仍有{later}处联系第三方的内容。")
    return ""


def _fit(parts: list[str], quotes: list[str], limit: int) -> str:
    """The fixed parts, then as many quotes as fit within limit characters."""
    text = "".join(parts)
    for q in quotes:
        if len(text) + len(q) + 1 > limit:
            break
        text += q + "；" if not q.endswith("。") else q
    text = text.rstrip("；")
    if text and not text.endswith("。"):
        text += "。"
    return text if len(text) <= limit else text[:limit - 1] + "。"


def facts(report: Report, limit: int, quotes: int) -> str:
    """The statement of facts: dates, numbers, counts, after-notice, then the worst quotes."""
    numbers = sorted({c.caller for c in report.calls if c.caller})
    nums = "、".join(numbers[:3]) + (f"等{len(numbers)}个号码" if len(numbers) > 3 else "")
    who = report.case.lender or report.case.platform or "、".join(
        sorted({c.institution for c in report.calls if c.institution})) or "催收方"
    head = (f"{_dates(report)}，{who}"
            f"的催收人员{'通过' + nums if nums else ''}共给我打来{len(report.calls)}次电话（均有录音）。")
    counts = _counts(report)
    parts = [head] + ([f"录音中有{counts}。"] if counts else []) + [_after_notice(report)]
    lines = [_quote(c, f, cats) for c, f, cats in worst_quotes(report, quotes)]
    return _fit(parts, lines, limit)


def statement_12378(report: Report) -> Statement:
    case = report.case
    return Statement("12378", [
        "国家金融监督管理总局 12378 投诉",
        f"投诉人：{case.name or NOT_GIVEN}",
        f"联系电话：{case.phone or NOT_GIVEN}",
        f"被投诉机构：{_institution(report)}",
    ], facts(report, FACTS_LIMIT["12378"], 3),
        "请责令该机构及其委托的催收机构停止上述催收行为，依法核查处理；本人愿意与放款机构协商还款，"
        "录音及其哈希值可随后提交。")


def statement_nifa(report: Report) -> Statement:
    case = report.case
    header = ["中国互联网金融协会 网上举报",
              f"举报人（实名）：{case.name or NOT_GIVEN}",
              f"联系电话：{case.phone or NOT_GIVEN}",
              f"被举报机构全称：{_institution(report)}",
              f"平台：{case.platform or NOT_GIVEN}",
              f"催收公司：{case.collector_company or NOT_GIVEN}",
              "机构地址：（请填写）",
              "附件：originals/ 中的原始录音（每个不超过 2 MB）、clips/ 中的片段、report.html；哈希见 MANIFEST.sha256"]
    return Statement("nifa", header, facts(report, FACTS_LIMIT["nifa"], 6),
                     "请协会核查该机构及其催收人员的上述行为，督促其依照《互联网金融逾期债务催收自律公约（试行）》"
                     "规范催收，停止骚扰本人及家人。")


def statement_12321(report: Report) -> Statement:
    by_number: dict[str, list[CallView]] = {}
    for c in report.calls:
        by_number.setdefault(c.caller or "未显示号码", []).append(c)
    blocks = []
    for number, calls in sorted(by_number.items(), key=lambda kv: -len(kv[1])):
        times = "；".join(f"{c.call_start:%Y-%m-%d %H:%M}（{c.duration or 0:.0f}秒）" for c in calls[:10])
        more = f"等{len(calls)}次" if len(calls) > 10 else f"共{len(calls)}次"
        night = sum(1 for c in calls if "night_call" in c.call_flags)
        cats = sorted({f.category for c in calls for f in c.flags}, key=CATEGORIES.index)
        desc = "催收来电" + (f"，内容涉及{'、'.join(CATEGORY_ZH[x] for x in cats)}" if cats else "") + \
            (f"，其中{night}次在22:00至次日08:00之间" if night else "") + "。"
        quote = next((_quote(c, f, k) for c, f, k in worst_quotes(report, 20)
                      if (c.caller or "未显示号码") == number), "")
        blocks.append(f"来电号码：{number}\n通话时间及时长：{times}{more}\n情况描述："
                      + _fit([desc], [quote] if quote else [], FACTS_LIMIT["12321"]))
    return Statement("12321", ["12321 骚扰电话举报", f"举报人：{report.case.name or NOT_GIVEN}",
                               f"联系电话：{report.case.phone or NOT_GIVEN}"],
                     "\n\n".join(blocks) if blocks else "本期没有录音。",
                     "请核查并处置上述号码的骚扰来电。")


STATEMENTS = {"12378": statement_12378, "nifa": statement_nifa, "12321": statement_12321}
