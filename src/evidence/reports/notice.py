""""After notice": the debtor asked the collector not to contact their family or workplace.

GB/T 45251—2025: once the debtor (or a contact) refuses, the collector must stop. A third-party
flag in a later call from the same number or contact name, or later in the same call, is marked as
made after notice, with where the request was made.

The request is found with a small class-and-frame pattern: a prohibition (不要/别/不准/不许/请勿/
不能) + an optional 再 + a contact verb (联系/打给/打电话给/找/骚扰/打扰/告诉/通知/去) + the debtor's
own third party (我家人/我父母/我单位…). The first person marks the debtor's words, so a collector's
"我们不会联系您的家人" does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PROHIBIT = r"(?:不要|别|不准|不许|请勿|请不要|不能|不可以|不得)"
_VERB = r"(?:联系|打给|打电话给|打电话到|打到|打扰|骚扰|找|告诉|通知|去|上|给)"
_PEOPLE = (r"(?:家人|家里人|家里|家属|父母|爸妈|爸爸|妈妈|老爸|老妈|老公|老婆|媳妇|丈夫|妻子|孩子|儿子|女儿|"
           r"亲戚|朋友|同事|妈|爸|领导|老板|单位|公司|工作单位|学校|通讯录|联系人|紧急联系人|家)")
REQUEST = re.compile(
    _PROHIBIT + r"再?" + _VERB + r"(?:电话)?(?:给)?(?:我的?|我们的?)" + _PEOPLE
    + "|" + _PROHIBIT + r"再?(?:打|骚扰|打扰)(?:我的?|我们的?)" + _PEOPLE + r"的?电话")


def find_requests(text: str) -> list[tuple[int, int]]:
    """Spans of the debtor's requests not to contact their third parties in `text`."""
    squeezed = re.sub(r"\s+", "", text)
    return [m.span() for m in REQUEST.finditer(squeezed)]


@dataclass(frozen=True)
class Request:
    """Where the debtor asked: which recording, the second in it, and the words."""

    sha256: str
    original_name: str
    caller: str | None
    contact: str | None
    call_start: str | None  # ISO time of the call
    start: float  # seconds into the recording
    clock_time: str | None  # wall-clock time of the request
    text: str

    def to_json(self) -> dict:
        return {"recording": self.sha256, "original_name": self.original_name, "caller": self.caller,
                "contact": self.contact, "call_start": self.call_start, "start": self.start,
                "clock_time": self.clock_time, "text": self.text}


def same_party(req: Request, caller: str | None, contact: str | None) -> bool:
    """Whether a call comes from the number or contact the request was made to."""
    return bool((caller and caller == req.caller) or (contact and contact == req.contact))
