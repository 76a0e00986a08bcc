"""Report formats. JSON is the contract; terminal, Markdown, HTML and CSV present the same data
for people, in Chinese, with the legal basis of each category."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from typing import TYPE_CHECKING

from .data import CATEGORIES, CATEGORY_ZH, CallView, FlagView, Report, to_json
from .render_terminal import clock as mmss

if TYPE_CHECKING:
    from . import RenderContext

MATCH_ZH = {"exact": "原文匹配", "sound": "谐音匹配", "manual": "人工标记"}
REVIEW_ZH = {"unreviewed": "未复核", "confirmed": "已确认", "dismissed": "已排除"}


class _KindLabels:
    """Rule-kind names for people, from the rule-kind registry."""

    def __getitem__(self, kind: str) -> str:
        from ..flagging import MANUAL_KIND
        from ..flagging.rule_kinds import RULE_KINDS
        from ..i18n import N_, zh

        found = RULE_KINDS.get(kind)
        if found:
            return zh(found.label)
        if kind == MANUAL_KIND:
            return zh(N_("added by you"))  # a person's flag (trust/manual_flags.py)
        return kind


KIND_ZH = _KindLabels()


def third_party_line() -> str:
    from ..i18n import N_, zh

    return zh(N_("This call was made to a third party (a relative, employer or contact), not to the debtor."))


TIME_SOURCE_ZH = {"filename": "文件名", "container": "录音文件创建时间", "mtime": "文件修改时间",
                  "user": "用户指定"}
GUIDANCE = [
    ("12378", "国家金融监督管理总局投诉热线：说明您的姓名和联系方式、机构名称、事实经过和诉求，证据可随后提交。"),
    ("中国互联网金融协会", "网上举报：实名，填写机构全称和地址，附事实和证据；每个附件不超过 2 MB（本报告的音频片段均符合）。"),
    ("12321", "骚扰电话举报：提供来电号码、通话时间和时长、情况描述。"),
    ("110", "如对方威胁人身安全（暴力、上门伤害），请立即报警。"),
]
NOTE = "本报告呈现通话证据与可援引的规定，不对任何通话作出违法或犯罪的认定。"


def chain_line(report: Report) -> str:
    h = report.log_head
    if h is None:
        return "防篡改日志：尚无记录。"
    return f"防篡改日志：第 {h.seq} 条，{h.at:%Y-%m-%d %H:%M:%S}，SHA-256 {h.sha256}（可用 evidence verify 核验）。"


def render(report: Report, fmt: str, clips: dict[int, str] | None = None,
           legal: dict[str, str] | None = None) -> str:
    """Render report in format fmt (a name in reports.FORMATS; an unknown one is an error)."""
    from . import RenderContext, render_report

    return render_report(report, fmt, RenderContext(legal if legal is not None else _legal(), clips or {}))


# The built-in renderers, registered in reports.FORMATS under one signature.
def render_terminal(report: Report, ctx: RenderContext) -> str:
    return terminal(report)


def render_json(report: Report, ctx: RenderContext) -> str:
    return json.dumps(to_json(report), ensure_ascii=False, indent=1) + "\n"


def render_csv(report: Report, ctx: RenderContext) -> str:
    return to_csv(report, ctx.legal)


def render_markdown(report: Report, ctx: RenderContext) -> str:
    return markdown(report, ctx.legal, ctx.clips)


def render_html(report: Report, ctx: RenderContext) -> str:
    return to_html(report, ctx.legal, ctx.clips)


def _legal() -> dict[str, str]:
    from ..flagging import current_lexicon

    return current_lexicon().legal_basis


def clock_time(call: CallView, offset: float) -> str:
    return (call.call_start + dt.timedelta(seconds=offset)).strftime("%H:%M:%S")


def _basis(f: FlagView, legal: dict[str, str]) -> str:
    return "；".join(legal.get(b, b) for b in f.legal_basis)


def terminal(report: Report) -> str:
    s = report.summary
    lines = [f"催收通话证据报告 {report.period.label}   (生成于 {report.generated_at:%Y-%m-%d %H:%M})",
             f"{s['recordings']} 个录音，{s['flagged_recordings']} 个有问题，共 {s['flags']} 处标记",
             chain_line(report)]
    if not report.calls:
        lines.append("No recordings in this period (本期没有录音). File some with: evidence ingest FOLDER")
        return "\n".join(lines) + "\n"
    for cat, n in s["by_category"].items():
        lines.append(f"  {CATEGORY_ZH[cat]:8s} {cat:17s} {n}")
    for cat, n in s["call_flags"].items():
        lines.append(f"  {CATEGORY_ZH[cat]}: {n}")
    for c in report.calls:
        extra = "  " + ", ".join(CATEGORY_ZH[f] for f in c.call_flags) if c.call_flags else ""
        lines.append(f"\n{c.call_start:%Y-%m-%d %H:%M:%S}  {c.caller or '?'}"
                     f"{'  ' + c.contact if c.contact else ''}  {c.duration or 0:.0f}s  "
                     f"{c.sha256[:12]}{extra}")
        if c.third_party_call:
            lines.append("  " + third_party_line())
        for f in c.flags:
            lines.append(f"  {mmss(f.start)} ({clock_time(c, f.start)})  {CATEGORY_ZH[f.category]:6s} "
                         f"\"{f.text}\"  ({f.rule}, {MATCH_ZH[f.match]}, {f.confidence:.2f}, {REVIEW_ZH[f.review]})")
    return "\n".join(lines) + "\n"


CSV_FIELDS = ["call_start", "caller", "contact", "sha256", "original_name", "night_call", "frequency",
              "category", "category_zh", "start", "end", "clock_time", "text", "rule", "kind", "match",
              "confidence", "review", "legal_basis", "log_seq", "log_head"]


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


def to_csv(report: Report, legal: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    # Each row carries the log's head, so a CSV sent on its own can be checked against the chain.
    head = [report.log_head.seq, report.log_head.sha256] if report.log_head else ["", ""]
    for c in report.calls:
        for f in c.flags:
            writer.writerow([csv_cell(v) for v in (
                c.call_start.isoformat(), c.caller or "", c.contact or "", c.sha256, c.original_name,
                int("night_call" in c.call_flags), int("frequency" in c.call_flags), f.category,
                CATEGORY_ZH[f.category], f"{f.start:.2f}", f"{f.end:.2f}", clock_time(c, f.start), f.text, f.rule,
                f.kind, f.match, f"{f.confidence:.3f}", f.review, _basis(f, legal), *head)])
    return "\ufeff" + out.getvalue()  # BOM: Excel opens Chinese CSV correctly


def _summary_rows(report: Report) -> list[tuple[str, int, int]]:
    s = report.summary
    return [(CATEGORY_ZH[c], s["by_category"][c], s["calls_by_category"][c]) for c in CATEGORIES]


def markdown(report: Report, legal: dict[str, str], clips: dict[int, str]) -> str:
    s = report.summary
    out = [f"# 催收通话证据报告（{report.period.label}）", "",
           f"生成时间：{report.generated_at:%Y-%m-%d %H:%M:%S}。{NOTE}", "", chain_line(report), ""]
    if not report.calls:
        out += ["本期没有录音（No recordings in this period）。", ""]
        return "\n".join(out + _guidance_md())
    out += [f"共 {s['recordings']} 个通话录音，其中 {s['flagged_recordings']} 个存在问题，共 {s['flags']} 处标记。", "",
            "## 汇总", "", "| 类别 | 标记数 | 涉及通话 |", "|---|---|---|"]
    out += [f"| {name} | {n} | {calls} |" for name, n, calls in _summary_rows(report)]
    out += [f"| {CATEGORY_ZH['night_call']} | — | {s['call_flags']['night_call']} |",
            f"| {CATEGORY_ZH['frequency']} | — | {s['call_flags']['frequency']} |", "",
            "### 按来电号码", "", "| 号码 | 通话 | 标记 |", "|---|---|---|"]
    out += [f"| {md_text(num)} | {v.get('calls', 0)} | {v.get('flags', 0)} |" for num, v in s["by_caller"].items()]
    out += ["", "### 按日期（有问题的通话）", "", "| 日期 | 通话 |", "|---|---|"]
    out += [f"| {day} | {n} |" for day, n in s["flagged_calls_by_day"].items()]
    out += ["", "## 通话明细", ""]
    for c in report.calls:
        marks = "，".join(CATEGORY_ZH[x] for x in c.call_flags)
        out += [f"### {c.call_start:%Y-%m-%d %H:%M:%S}　{md_text(c.caller or '未知号码')}" + (f"（{marks}）" if marks else ""), "",
                f"- 联系人：{md_text(c.contact or '—')}；时长：{c.duration or 0:.0f} 秒；时间来源：{TIME_SOURCE_ZH.get(c.time_source or '', c.time_source)}",
                f"- 文件：{md_text(c.original_name)}；SHA-256：`{c.sha256}`",
                f"- 对方自称：{md_text('；'.join(c.identity_said)) if c.identity_said else '未说明身份'}", ""]
        if c.third_party_call:
            out[-1:] = [f"- {third_party_line()}", ""]
        if c.flags:
            out += ["| 录音内时间 | 时钟时间 | 类别 | 原话 | 依据 | 置信度 | 匹配方式 | 复核 | 音频 |", "|---|---|---|---|---|---|---|---|---|"]
            for f in c.flags:
                clip = f"[片段]({clips[f.id]})" if f.id in clips else "—"
                out.append(f"| {mmss(f.start)} | {clock_time(c, f.start)} | {CATEGORY_ZH[f.category]} | “{md_text(f.text)}” | "
                           f"{_basis(f, legal)} | {f.confidence:.2f} | {MATCH_ZH[f.match]}（{KIND_ZH[f.kind]}，{f.rule}） | {REVIEW_ZH[f.review]} | {clip} |")
            out.append("")
        else:
            out += ["未发现标记内容。", ""]
    return "\n".join(out + _guidance_md())


def _guidance_md() -> list[str]:
    out = ["## 投诉渠道", ""]
    out += [f"- **{name}**：{text}" for name, text in GUIDANCE]
    return out + [""]


def _chart_svg(report: Report) -> str:
    """Flagged calls per day across the period, as inline SVG (no scripts, no network)."""
    days = []
    d = report.period.start.date()
    last = (report.period.end - dt.timedelta(days=1)).date()
    if (last - d).days > 62:
        d = last - dt.timedelta(days=62)
    while d <= last:
        days.append(d)
        d += dt.timedelta(days=1)
    counts = report.summary["flagged_calls_by_day"]
    peak = max([1, *counts.values()])
    w, h, bar = 20 * len(days) + 40, 160, 14
    parts = [f'<svg width="{w}" height="{h + 30}" role="img" '
             f'aria-label="每日有问题的通话数">',
             f'<line x1="30" y1="{h}" x2="{w}" y2="{h}" stroke="#888"/>',
             f'<text x="0" y="14" font-size="11">{peak}</text><text x="0" y="{h}" font-size="11">0</text>']
    for i, day in enumerate(days):
        n = counts.get(day.isoformat(), 0)
        bh = (h - 20) * n / peak
        x = 34 + i * 20
        parts.append(f'<rect x="{x}" y="{h - bh:.1f}" width="{bar}" height="{bh:.1f}" fill="#c0392b">'
                     f'<title>{day.isoformat()}: {n}</title></rect>')
        if day.day in (1, 5, 10, 15, 20, 25) or len(days) <= 10:
            parts.append(f'<text x="{x}" y="{h + 14}" font-size="10">{day.month}/{day.day}</text>')
    parts.append("</svg>")
    return "".join(parts)


CSS = """body{font-family:system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;
max-width:60em;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}th{background:#f3f3f3}
.night{color:#c0392b;font-weight:bold}.quote{font-size:1.05em}code{font-size:.8em;word-break:break-all}
audio{height:2em;max-width:16em}.note{color:#555}"""


def to_html(report: Report, legal: dict[str, str], clips: dict[int, str]) -> str:
    e = html.escape
    s = report.summary
    body = [f"<h1>催收通话证据报告（{e(report.period.label)}）</h1>",
            f"<p class='note'>生成时间：{report.generated_at:%Y-%m-%d %H:%M:%S}。{NOTE}<br>{e(chain_line(report))}</p>"]
    if not report.calls:
        body.append("<p>本期没有录音（No recordings in this period）。</p>")
    else:
        body.append(f"<p>共 {s['recordings']} 个通话录音，其中 {s['flagged_recordings']} 个存在问题，共 {s['flags']} 处标记。</p>")
        body.append("<h2>汇总</h2><table><tr><th>类别</th><th>标记数</th><th>涉及通话</th></tr>")
        body += [f"<tr><td>{e(n)}</td><td>{k}</td><td>{c}</td></tr>" for n, k, c in _summary_rows(report)]
        body.append(f"<tr><td>{CATEGORY_ZH['night_call']}</td><td>—</td><td>{s['call_flags']['night_call']}</td></tr>")
        body.append(f"<tr><td>{CATEGORY_ZH['frequency']}</td><td>—</td><td>{s['call_flags']['frequency']}</td></tr></table>")
        body.append("<h3>每日有问题的通话</h3>" + _chart_svg(report))
        body.append("<h3>按来电号码</h3><table><tr><th>号码</th><th>通话</th><th>标记</th></tr>")
        body += [f"<tr><td>{e(num)}</td><td>{v.get('calls', 0)}</td><td>{v.get('flags', 0)}</td></tr>"
                 for num, v in s["by_caller"].items()]
        body.append("</table><h2>通话明细</h2>")
        for c in report.calls:
            marks = "，".join(CATEGORY_ZH[x] for x in c.call_flags)
            cls = " class='night'" if "night_call" in c.call_flags else ""
            body.append(f"<h3{cls}>{c.call_start:%Y-%m-%d %H:%M:%S}　{e(c.caller or '未知号码')}"
                        + (f"（{e(marks)}）" if marks else "") + "</h3>")
            if c.third_party_call:
                body.append(f"<p><strong>{e(third_party_line())}</strong></p>")
            body.append(f"<p>联系人：{e(c.contact or '—')}；时长：{c.duration or 0:.0f} 秒；时间来源："
                        f"{e(TIME_SOURCE_ZH.get(c.time_source or '', c.time_source or ''))}<br>文件：{e(c.original_name)}"
                        f"<br>SHA-256：<code>{c.sha256}</code><br>对方自称："
                        f"{e('；'.join(c.identity_said)) if c.identity_said else '未说明身份'}</p>")
            if not c.flags:
                body.append("<p>未发现标记内容。</p>")
                continue
            body.append("<table><tr><th>录音内时间</th><th>时钟时间</th><th>类别</th><th>原话</th><th>依据</th>"
                        "<th>置信度</th><th>匹配方式</th><th>复核</th><th>音频</th></tr>")
            for f in c.flags:
                clip = (f"<audio controls preload='none' src='{e(clips[f.id])}'></audio>"
                        if f.id in clips else "—")
                body.append(f"<tr><td>{mmss(f.start)}</td><td>{clock_time(c, f.start)}</td>"
                            f"<td>{CATEGORY_ZH[f.category]}</td><td class='quote'>“{e(f.text)}”</td>"
                            f"<td>{e(_basis(f, legal))}</td><td>{f.confidence:.2f}</td>"
                            f"<td>{MATCH_ZH[f.match]}（{KIND_ZH[f.kind]}）<br><small>{e(f.rule)}</small></td>"
                            f"<td>{REVIEW_ZH[f.review]}</td>"
                            f"<td>{clip}</td></tr>")
            body.append("</table>")
    body.append("<h2>投诉渠道</h2><ul>")
    body += [f"<li><b>{e(n)}</b>：{e(t)}</li>" for n, t in GUIDANCE]
    body.append("</ul>")
    return ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
            f"<title>催收通话证据报告 {e(report.period.label)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
