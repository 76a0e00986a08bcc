"""Report formats. JSON is the contract; terminal, Markdown, HTML and CSV present the same data
for people, in Chinese: each flag quoted in its whole sentence, legal bases as numbered footnotes
once per report, each call's full transcript in an appendix."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import TYPE_CHECKING

from . import legal
from .data import CATEGORIES, CATEGORY_ZH, CallView, FlagView, Report, notices, to_json
from .render_terminal import clock as mmss

if TYPE_CHECKING:
    from . import RenderContext

REVIEW_ZH = {"unreviewed": "未复核", "confirmed": "已确认", "dismissed": "已排除"}


class _KindLabels:
    """Rule-kind names for people, from the rule-kind registry."""

    def __getitem__(self, kind: str) -> str:
        from ..flagging import MANUAL_KIND
        from ..flagging.hits import MODEL_KIND
        from ..flagging.rule_kinds import MODEL_LABEL, RULE_KINDS
        from ..i18n import N_, zh

        found = RULE_KINDS.get(kind)
        if found:
            return zh(found.label)
        if kind == MANUAL_KIND:
            return zh(N_("added by you"))  # a person's flag (trust/manual_flags.py)
        if kind == MODEL_KIND:
            return zh(MODEL_LABEL)  # the whole turn, flagged by the second opinion
        return kind


KIND_ZH = _KindLabels()


def third_party_line() -> str:
    from ..i18n import N_, zh

    return zh(N_("This call was made to a third party (a relative, employer or contact), not to the debtor."))


TIME_SOURCE_ZH = {"filename": "文件名", "container": "录音文件创建时间", "mtime": "文件修改时间",
                  "user": "用户指定"}
INSTITUTION_SOURCE_ZH = {"user": "用户指定", "call": "通话中自称"}
NO_NUMBER = "未显示号码"
AFTER_NOTICE_ZH = "已明确要求不要联系第三方后"
GUIDANCE = [
    ("12378", "国家金融监督管理总局投诉热线：说明您的姓名和联系方式、机构名称、事实经过和诉求，证据可随后提交。"),
    ("中国互联网金融协会", "网上举报：实名，填写机构全称和地址，附事实和证据；每个附件不超过 2 MB（本报告的音频片段均符合）。"),
    ("12321", "骚扰电话举报：提供来电号码、通话时间和时长、情况描述。"),
    ("110", "如对方威胁人身安全（暴力、上门伤害），请立即报警。"),
]
NOTE = "本报告呈现通话证据与可援引的规定，不对任何通话作出违法或犯罪的认定。"
SOUND_NOTE = "（按读音识别，原录音中可能为同音字）"
SECOND_NOTE = "（第二遍识别听到，转写文字中听法不同，请听录音核实）"
MATCH_NOTES = {"sound": SOUND_NOTE, "second": SECOND_NOTE}  # flags a person should hear before citing


def chain_line(report: Report) -> str:
    h = report.log_head
    if h is None:
        return "防篡改日志：尚无记录。"
    return f"防篡改日志：第 {h.seq} 条，{h.at:%Y-%m-%d %H:%M:%S}，SHA-256 {h.sha256}（可用 evidence verify 核验）。"


def render(report: Report, fmt: str, clips: dict[int, str] | None = None,
           legal: dict[str, str] | None = None) -> str:
    """Render report in format fmt (a name in reports.FORMATS; an unknown one is an error);
    `clips` maps flag id → clip path. `legal` is accepted for older callers and ignored: the
    provisions come from reports.legal."""
    from . import RenderContext, render_report

    return render_report(report, fmt, RenderContext(legal_texts(), clips or {}))


def legal_texts() -> dict[str, str]:
    """Every provision a report may cite, by key."""
    return dict(legal.CITATIONS)


# The built-in renderers, registered in reports.FORMATS under one signature.
def render_terminal(report: Report, ctx: RenderContext) -> str:
    return terminal(report)


def render_json(report: Report, ctx: RenderContext) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=1) + "\n"


def render_csv(report: Report, ctx: RenderContext) -> str:
    return to_csv(report)


def render_markdown(report: Report, ctx: RenderContext) -> str:
    return markdown(report, ctx.clips)


def render_html(report: Report, ctx: RenderContext) -> str:
    from .html import to_html

    return to_html(report, ctx.clips)


def clock_time(call: CallView, offset: float) -> str:
    return (call.call_start + dt.timedelta(seconds=offset)).strftime("%H:%M:%S")


def category_label(f: FlagView) -> str:
    """The category as a clerk reads it, marked when the flag came after notice or from a person."""
    label = CATEGORY_ZH[f.category]
    if f.kind in ("manual", "model"):
        label = f"{label}（{KIND_ZH[f.kind]}）"
    return f"{label}（{AFTER_NOTICE_ZH}）" if f.after_notice else label


def call_marks(c: CallView) -> str:
    return "，".join(CATEGORY_ZH[x] for x in c.call_flags)


def frequency_detail(c: CallView) -> str:
    parts = []
    if c.caller and c.number_calls_that_day:
        parts.append(f"该号码当日 {c.number_calls_that_day} 次")
    if c.institution and c.institution_calls_that_day:
        parts.append(f"{c.institution}当日共 {c.institution_calls_that_day} 次")
    return "，".join(parts)


def footnotes_for(report: Report) -> tuple[legal.Footnotes, dict[tuple[int, str | int], list[int]]]:
    """Numbers every provision once per report: (call id, flag id or call-level finding) → numbers."""
    notes = legal.Footnotes()
    refs: dict[tuple[int, str | int], list[int]] = {}
    for c in report.calls:
        for cf in c.call_flags:
            refs[(c.id, cf)] = notes.numbers(legal.bases_for(cf, c.bank_credit_card))
        for f in c.flags:
            refs[(c.id, f.id)] = notes.numbers(legal.bases_for(f.category, c.bank_credit_card))
    return notes, refs


def sup(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def identity(c: CallView) -> str:
    return "；".join(c.identity_said) if c.identity_said else "未说明身份"


def terminal(report: Report) -> str:
    s = report.summary
    lines = [f"催收通话证据报告 {report.period.label}   (生成于 {report.generated_at:%Y-%m-%d %H:%M})",
             f"{s['recordings']} 个录音，{s['flagged_recordings']} 个有问题，共 {s['flags']} 处标记",
             chain_line(report)]
    if not report.calls:
        lines.append("No recordings in this period (本期没有录音). File some with: evidence ingest FOLDER")
        return "\n".join(lines) + "\n"
    for cat, n in s["by_category"].items():
        lines.append(f"  {CATEGORY_ZH[cat]}：{n}")
    for cat, n in s["call_flags"].items():
        lines.append(f"  {CATEGORY_ZH[cat]}：{n} 个通话")
    if s.get("after_notice"):
        lines.append(f"  {AFTER_NOTICE_ZH}仍联系第三方：{s['after_notice']} 处")
    for c in report.calls:
        extra = "  " + call_marks(c) if c.call_flags else ""
        inst = f"  {c.institution}" if c.institution else ""
        lines.append(f"\n{c.call_start:%Y-%m-%d %H:%M:%S}  {c.caller or NO_NUMBER}"
                     f"{'  ' + c.contact if c.contact else ''}{inst}  {c.duration or 0:.0f}秒  "
                     f"{c.sha256[:12]}{extra}")
        if c.third_party_call:
            lines.append("  " + third_party_line())
        for f in c.flags:
            quote = f"{f.sentence[:f.sentence_lo]}【{f.sentence[f.sentence_lo:f.sentence_hi]}】" \
                    f"{f.sentence[f.sentence_hi:]}"
            lines.append(f"  {mmss(f.start)} ({clock_time(c, f.start)})  {category_label(f)}  "
                         f"“{quote}”{MATCH_NOTES.get(f.match, '')}  ({REVIEW_ZH[f.review]})")
    return "\n".join(lines) + "\n"


CSV_FIELDS = ["call_start", "caller", "contact", "sha256", "original_name", "night_call", "frequency",
              "category", "category_zh", "start", "end", "clock_time", "text", "rule", "kind", "match",
              "confidence", "review", "legal_basis", "sentence", "after_notice", "institution",
              "number_calls_that_day", "institution_calls_that_day", "log_seq", "log_head"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell Excel or LibreOffice will not run as a formula (OWASP CSV injection): text that starts
    with = + - @ tab or CR gets a leading apostrophe. Contact and file names come from the phone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def md_text(value: str) -> str:
    """Text from a phone or a transcript, safe inside Markdown (and a table cell): no HTML, no line
    breaks, no table or link syntax of its own."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in ("\\", "`", "*", "[", "]", "|"):
        value = value.replace(ch, "\\" + ch)
    return " ".join(value.splitlines())


def _basis_text(keys: tuple[str, ...]) -> str:
    return "；".join(legal.CITATIONS.get(k, k) for k in keys)


def to_csv(report: Report) -> str:
    """One row per flag, and one per night or frequency finding of a call (flags.csv)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    # Each row carries the log's head, so a CSV sent on its own can be checked against the chain.
    head = [report.log_head.seq, report.log_head.sha256] if report.log_head else ["", ""]
    for c in report.calls:
        common = [c.call_start.isoformat(), c.caller or "", c.contact or "", c.sha256, c.original_name,
                  int("night_call" in c.call_flags), int("frequency" in c.call_flags)]
        tail = [c.institution or "", c.number_calls_that_day, c.institution_calls_that_day]
        for f in c.flags:
            notice = ""
            if f.after_notice:
                notice = f"{f.after_notice.call_start} +{f.after_notice.start:.1f}s {f.after_notice.text}"
            writer.writerow([csv_cell(v) for v in (
                *common, f.category, category_label(f), f"{f.start:.2f}", f"{f.end:.2f}",
                clock_time(c, f.start), f.text, f.rule, f.kind, f.match, f"{f.confidence:.3f}", f.review,
                _basis_text(legal.bases_for(f.category, c.bank_credit_card)), f.sentence, notice, *tail, *head)])
        for cf in c.call_flags:
            detail = frequency_detail(c) if cf == "frequency" else c.call_start.strftime("%H:%M:%S")
            writer.writerow([csv_cell(v) for v in (
                *common, cf, CATEGORY_ZH[cf], "", "", c.call_start.strftime("%H:%M:%S"), detail, "", "", "", "",
                "", _basis_text(legal.bases_for(cf, c.bank_credit_card)), "", "", *tail, *head)])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens Chinese CSV correctly


def summary_rows(report: Report) -> list[tuple[str, str, int]]:
    """(category, flags, calls) rows of the summary table, call-level findings last."""
    s = report.summary
    rows = [(CATEGORY_ZH[c], str(s["by_category"][c]), s["calls_by_category"][c]) for c in CATEGORIES]
    rows += [(CATEGORY_ZH[k], "—", s["call_flags"][k]) for k in ("night_call", "frequency")]
    return rows


def _md_quote(f: FlagView) -> str:
    marked = f.sentence[f.sentence_lo:f.sentence_hi]
    q = f"“{md_text(f.sentence[:f.sentence_lo])}**{md_text(marked)}**{md_text(f.sentence[f.sentence_hi:])}”"
    return q + MATCH_NOTES.get(f.match, "")


def markdown(report: Report, clips: dict[int, str]) -> str:
    """The report as Markdown: summary, calls with quoted flags, timeline, footnotes, transcripts."""
    s = report.summary
    notes, refs = footnotes_for(report)
    out = [f"# 催收通话证据报告（{report.period.label}）", "",
           f"生成时间：{report.generated_at:%Y-%m-%d %H:%M:%S}。{NOTE}", "", chain_line(report), ""]
    if not report.calls:
        out += ["本期没有录音（No recordings in this period）。", ""]
        return "\n".join(out + _guidance_md())
    out += [f"共 {s['recordings']} 个通话录音，其中 {s['flagged_recordings']} 个存在问题，共 {s['flags']} 处标记。", "",
            "## 汇总", "", "| 类别 | 标记数 | 涉及通话 |", "|---|---|---|"]
    out += [f"| {name} | {n} | {calls} |" for name, n, calls in summary_rows(report)]
    out += ["", "### 按来电号码", "", "| 号码 | 通话 | 标记 |", "|---|---|---|"]
    out += [f"| {md_text(num) if num != 'unknown' else NO_NUMBER} | {v.get('calls', 0)} | {v.get('flags', 0)} |"
            for num, v in s["by_caller"].items()]
    if s.get("calls_by_institution_day"):
        out += ["", "### 按机构（每日来电）", "", "| 机构 | 日期 | 通话 |", "|---|---|---|"]
        out += [f"| {inst} | {day} | {n} |" for inst, days in s["calls_by_institution_day"].items()
                for day, n in days.items()]
    out += ["", "### 按日期（有问题的通话）", "", "| 日期 | 通话 |", "|---|---|"]
    out += [f"| {day} | {n} |" for day, n in s["flagged_calls_by_day"].items()]
    out += _timeline_md(report)
    out += ["", "## 通话明细", ""]
    for c in report.calls:
        marks = "，".join(f"{CATEGORY_ZH[x]}{sup(refs[(c.id, x)])}" for x in c.call_flags)
        out += [f"### {c.call_start:%Y-%m-%d %H:%M:%S}　{md_text(c.caller or NO_NUMBER)}" + (f"（{marks}）" if marks else ""), "",
                f"- 联系人：{md_text(c.contact or '—')}；时长：{c.duration or 0:.0f} 秒；时间来源：{TIME_SOURCE_ZH.get(c.time_source or '', '—')}",
                f"- 机构：{c.institution or '未说明'}" + (f"（{INSTITUTION_SOURCE_ZH[c.institution_source]}）" if c.institution else "")
                + (f"；{frequency_detail(c)}" if "frequency" in c.call_flags else ""),
                f"- 文件：{md_text(c.original_name)}；SHA-256：`{c.sha256}`",
                f"- 对方自称：{md_text(identity(c))}", ""]
        if c.third_party_call:
            out[-1:] = [f"- {third_party_line()}", ""]
        if c.flags:
            out += ["| 时间 | 类别 | 原话 | 依据 | 复核 | 音频 |", "|---|---|---|---|---|---|"]
            for f in c.flags:
                clip = f"[{clips[f.id].rsplit('/', 1)[-1]}]({clips[f.id]})" if f.id in clips else "—"
                out.append(f"| {mmss(f.start)}（{clock_time(c, f.start)}） | {category_label(f)} | {_md_quote(f)} | "
                           f"{sup(refs[(c.id, f.id)])} | {REVIEW_ZH[f.review]} | {clip} |")
            out.append("")
        else:
            out += ["未发现标记内容。", ""]
    out += ["## 法律依据", ""]
    out += [f"{n}. {text}" for n, _key, text in notes.items()]
    out += ["", "## 附录：通话全文", ""]
    for c in report.calls:
        out += [f"### {c.call_start:%Y-%m-%d %H:%M:%S}　{md_text(c.caller or NO_NUMBER)}（{md_text(c.original_name)}）", ""]
        for ln in c.transcript:
            fix = f"（人工更正；机器转写为：{md_text(ln.machine_text or '')}）" if ln.corrected else ""
            who = f"**{ln.party}**　" if ln.party else ""
            out.append(f"- {mmss(ln.start)}　{who}{md_text(ln.text)}{fix}")
        if not c.transcript:
            out.append("- （无语音内容）")
        out.append("")
    return "\n".join(out + _guidance_md())


def _timeline_md(report: Report) -> list[str]:
    items = notices(report)
    if not any(item["after"] for item in items):
        return []
    out = ["", "## 明确要求不要联系第三方之后", "",
           "GB/T 45251—2025：债务人或联系人明确拒绝后，不得再联系第三方。", ""]
    for item in items:
        out.append(f"- {item['call_start'][:10]} {item['clock_time'] or ''}（{md_text(item['original_name'])}，"
                   f"录音 {mmss(item['start'])}）债务人要求：“{md_text(item['text'])}”")
        out += [f"  - 之后 {a['call_start'][:16].replace('T', ' ')}：“{md_text(a['sentence'])}”" for a in item["after"]]
    return out


def _guidance_md() -> list[str]:
    out = ["## 投诉渠道", ""]
    out += [f"- **{name}**：{text}" for name, text in GUIDANCE]
    return out + [""]
