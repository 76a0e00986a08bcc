"""The HTML report: self-contained (no scripts, no network), readable on a phone, clean in print.

Each flag is one row group: time, category, the whole sentence with the flagged words marked,
footnote numbers for the legal bases, the review state; the audio player and the clip's file name
on a row below, so the quote column keeps its width. Below 40em the flag table stacks into cards.
In print, a flag's rows never split across pages and each clip's file name is printed.
"""

from __future__ import annotations

import datetime as dt
import html

from .data import CATEGORY_ZH, CallView, FlagView, Report, notices
from .render import (
    GUIDANCE,
    INSTITUTION_SOURCE_ZH,
    MATCH_NOTES,
    NO_NUMBER,
    NOTE,
    REVIEW_ZH,
    TIME_SOURCE_ZH,
    call_marks,
    category_label,
    chain_line,
    clock_time,
    footnotes_for,
    frequency_detail,
    identity,
    mmss,
    summary_rows,
    third_party_line,
)

e = html.escape

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;
max-width:62em;
margin:1.5em auto;padding:0 1em;color:#222;line-height:1.55;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.5em 0;max-width:100%}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3}
table.flags{width:100%}
table.flags td.quote,table.flags th.quote{min-width:13em;width:60%}
table.flags td.time{white-space:nowrap}
table.flags td.cat{min-width:4.5em}
table.flags tr.clip td{border-top:none;background:#fafafa;font-size:.9em}
tbody.flag{break-inside:avoid;page-break-inside:avoid}
mark{background:#ffe08a;padding:0 .1em}
.night{color:#b03020}
.after{color:#b03020;font-weight:bold}
code{font-size:.8em;word-break:break-all}
audio{display:block;width:100%;max-width:22em;height:2.2em}
.clipname{font-family:monospace;font-size:.85em;word-break:break-all}
.note{color:#555}
.chart svg{width:100%;max-width:44em;height:auto}
.line{margin:.15em 0}
.line .t{color:#666;font-family:monospace;margin-right:.5em}
.fix{color:#555;font-size:.9em}
sup a{text-decoration:none}
ol.footnotes li{margin:.3em 0}
@media (max-width:40em){
 body{margin:.5em auto;padding:0 .6em}
 table.flags,table.flags thead,table.flags tbody,table.flags tr,table.flags td{display:block;width:100%}
 table.flags thead{display:none}
 table.flags tbody.flag{border:1px solid #ccc;margin:.6em 0}
 table.flags td{border:none;border-bottom:1px dotted #ddd}
 table.flags td[data-label]::before{content:attr(data-label) "：";color:#666}
}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:10.5pt}
 audio{display:none}
 .clipname::before{content:"音频文件："}
 a{color:inherit;text-decoration:none}
 h2,h3{break-after:avoid;page-break-after:avoid}
 tr,tbody.flag,.line,li{break-inside:avoid;page-break-inside:avoid}
 .appendix{break-before:page;page-break-before:always}
}
"""


def _chart_svg(report: Report) -> str:
    """Flagged calls per day across the period, as inline SVG scaled to the page width."""
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
    parts = [f'<svg viewBox="0 0 {w} {h + 30}" role="img" aria-label="每日有问题的通话数">',
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


def _refs(numbers: list[int]) -> str:
    return "".join(f"<sup><a href='#fn{n}'>[{n}]</a></sup>" for n in numbers)


def _quote(f: FlagView) -> str:
    s = f.sentence
    q = (f"“{e(s[:f.sentence_lo])}<mark>{e(s[f.sentence_lo:f.sentence_hi])}</mark>"
         f"{e(s[f.sentence_hi:])}”")
    if f.match in MATCH_NOTES:
        q += f"<br><small>{e(MATCH_NOTES[f.match])}</small>"
    if f.after_notice:
        r = f.after_notice
        q += (f"<br><small class='after'>债务人已于 {e((r.call_start or '')[:10])} {e(r.clock_time or '')} "
              f"要求不要联系第三方（“{e(r.text)}”）</small>")
    return q


def _flag_rows(c: CallView, refs: dict, clips: dict[int, str]) -> list[str]:
    out = ["<table class='flags'><thead><tr><th>时间</th><th>类别</th><th class='quote'>原话</th>"
           "<th>依据</th><th>复核</th></tr></thead>"]
    for f in c.flags:
        out.append(
            f"<tbody class='flag' id='flag{f.id}'><tr>"
            f"<td class='time' data-label='时间'>{clock_time(c, f.start)}<br><small>录音 {mmss(f.start)}</small></td>"
            f"<td class='cat' data-label='类别'>{e(category_label(f))}</td>"
            f"<td class='quote' data-label='原话'>{_quote(f)}</td>"
            f"<td class='basis' data-label='依据'>{_refs(refs[(c.id, f.id)])}</td>"
            f"<td data-label='复核'>{REVIEW_ZH[f.review]}</td></tr>")
        if f.id in clips:
            name = clips[f.id].rsplit("/", 1)[-1]
            out.append(f"<tr class='clip'><td colspan='5'><audio controls preload='none' "
                       f"src='{e(clips[f.id])}'></audio><span class='clipname'>{e(name)}</span></td></tr>")
        out.append("</tbody>")
    out.append("</table>")
    return out


def _timeline(report: Report) -> list[str]:
    items = notices(report)
    if not any(item["after"] for item in items):
        return []
    out = ["<h2>明确要求不要联系第三方之后</h2>",
           "<p class='note'>GB/T 45251—2025：债务人或联系人明确拒绝后，不得再联系第三方。</p><ol>"]
    for item in items:
        after = "".join(f"<li>之后 {e(a['call_start'][:16].replace('T', ' '))}：“{e(a['sentence'])}”</li>"
                        for a in item["after"])
        out.append(f"<li>{e(item['call_start'][:10])} {e(item['clock_time'] or '')}"
                   f"（{e(item['original_name'])}，录音 {mmss(item['start'])}）债务人要求："
                   f"“{e(item['text'])}”" + (f"<ul>{after}</ul>" if after else "") + "</li>")
    out.append("</ol>")
    return out


def _call(c: CallView, refs: dict, clips: dict[int, str]) -> list[str]:
    marks = "，".join(f"{e(CATEGORY_ZH[x])}{_refs(refs[(c.id, x)])}" for x in c.call_flags)
    cls = " class='night'" if "night_call" in c.call_flags else ""
    out = [f"<h3{cls} id='call{c.id}'>{c.call_start:%Y-%m-%d %H:%M:%S}　{e(c.caller or NO_NUMBER)}"
           + (f"（{marks}）" if marks else "") + "</h3>"]
    inst = (f"{e(c.institution)}（{INSTITUTION_SOURCE_ZH[c.institution_source]}）" if c.institution
            else "未说明")
    freq = f"；{e(frequency_detail(c))}" if "frequency" in c.call_flags else ""
    out.append(f"<p>联系人：{e(c.contact or '—')}；时长：{c.duration or 0:.0f} 秒；时间来源："
               f"{e(TIME_SOURCE_ZH.get(c.time_source or '', '—'))}<br>机构：{inst}{freq}"
               f"<br>文件：{e(c.original_name)}<br>SHA-256：<code>{c.sha256}</code>"
               f"<br>对方自称：{e(identity(c))}</p>")
    if c.third_party_call:
        out.append(f"<p class='after'>{e(third_party_line())}</p>")
    if c.flags:
        out += _flag_rows(c, refs, clips)
    else:
        out.append(f"<p>{e(call_marks(c))}；通话内容未发现标记。</p>" if c.call_flags
                   else "<p>未发现标记内容。</p>")
    return out


def _appendix(report: Report) -> list[str]:
    out = ["<section class='appendix'><h2>附录：通话全文</h2>",
           "<p class='note'>由语音识别转写；标有“人工更正”的行已由本人更正，机器转写原文附后。</p>"]
    for c in report.calls:
        out.append(f"<h3>{c.call_start:%Y-%m-%d %H:%M:%S}　{e(c.caller or NO_NUMBER)}"
                   f"<br><small>{e(c.original_name)}</small></h3>")
        for ln in c.transcript:
            fix = (f" <span class='fix'>（人工更正；机器转写为：{e(ln.machine_text or '')}）</span>"
                   if ln.corrected else "")
            who = f"<b class='who'>{ln.party}</b>　" if ln.party else ""
            out.append(f"<p class='line'><span class='t'>{mmss(ln.start)}</span>{who}{e(ln.text)}{fix}</p>")
        if not c.transcript:
            out.append("<p class='line'>（无语音内容）</p>")
    out.append("</section>")
    return out


def to_html(report: Report, clips: dict[int, str], legal: dict | None = None) -> str:
    """The whole report as one self-contained HTML page (`legal` is ignored; kept for callers)."""
    s = report.summary
    notes, refs = footnotes_for(report)
    body = [f"<h1>催收通话证据报告（{e(report.period.label)}）</h1>",
            f"<p class='note'>生成时间：{report.generated_at:%Y-%m-%d %H:%M:%S}。{NOTE}<br>"
            f"{e(chain_line(report))}</p>"]
    if not report.calls:
        body.append("<p>本期没有录音（No recordings in this period）。</p>")
    else:
        body.append(f"<p>共 {s['recordings']} 个通话录音，其中 {s['flagged_recordings']} 个存在问题，"
                    f"共 {s['flags']} 处标记。</p>")
        body.append("<h2>汇总</h2><table><tr><th>类别</th><th>标记数</th><th>涉及通话</th></tr>")
        body += [f"<tr><td>{e(n)}</td><td>{k}</td><td>{c}</td></tr>" for n, k, c in summary_rows(report)]
        body.append("</table><h3>每日有问题的通话</h3><div class='chart'>" + _chart_svg(report) + "</div>")
        body.append("<h3>按来电号码</h3><table><tr><th>号码</th><th>通话</th><th>标记</th></tr>")
        body += [f"<tr><td>{e(num if num != 'unknown' else NO_NUMBER)}</td><td>{v.get('calls', 0)}</td>"
                 f"<td>{v.get('flags', 0)}</td></tr>" for num, v in s["by_caller"].items()]
        body.append("</table>")
        if s.get("calls_by_institution_day"):
            body.append("<h3>按机构（每日来电）</h3><table><tr><th>机构</th><th>日期</th><th>通话</th></tr>")
            body += [f"<tr><td>{e(inst)}</td><td>{day}</td><td>{n}</td></tr>"
                     for inst, days in s["calls_by_institution_day"].items() for day, n in days.items()]
            body.append("</table>")
        body += _timeline(report)
        body.append("<h2>通话明细</h2>")
        for c in report.calls:
            body += _call(c, refs, clips)
        body.append("<h2>法律依据</h2><ol class='footnotes'>")
        body += [f"<li id='fn{n}'>{e(text)}</li>" for n, _key, text in notes.items()]
        body.append("</ol>")
    body.append("<h2>投诉渠道</h2><ul>")
    body += [f"<li><b>{e(n)}</b>：{e(t)}</li>" for n, t in GUIDANCE]
    body.append("</ul>")
    if report.calls:
        body += _appendix(report)
    return ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>催收通话证据报告 {e(report.period.label)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
