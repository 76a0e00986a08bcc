"""Which institution a call is for: assigned by the user to the number (`evidence number`), or the
one the collector names in a self-introduction ("我是XX消费金融的…", "这里是XX平台").

Courts, police and other bodies a collector may impersonate are not institutions here: only names
ending in a lender's, platform's or collection firm's word count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_INTRO = r"(?:我是|我们是|这里是|这边是|我这边是|我们这边是|我这里是|我们这里是)"
_NAME = r"([\u4e00-\u9fa5A-Za-z0-9]{2,14}?(?:消费金融|金融|银行|信用卡中心|平台|小贷|小额贷款|贷款|借款|" \
        r"资产管理|资产|律师事务所|律所|科技|信息咨询|咨询|网络科技|商务|公司))"
INTRO = re.compile(_INTRO + _NAME + r"(?:有限公司|公司)?(?:的|，|,|。|$)")
_STRIP_PREFIX = ("你好", "您好", "喂")


def named_in(lines: Iterable[str]) -> str | None:
    """The first institution a line of the call introduces itself as, or None."""
    for line in lines:
        text = re.sub(r"\s+", "", line)
        m = INTRO.search(text)
        if m:
            name = m.group(1)
            for prefix in _STRIP_PREFIX:
                name = name.removeprefix(prefix)
            return name
    return None


def institution_for(caller: str | None, lines: Iterable[str],
                    assigned: dict[str, str]) -> tuple[str | None, str | None]:
    """(institution, source) where source is 'user' (assigned to the number) or 'call' (named in it)."""
    if caller and caller in assigned:
        return assigned[caller], "user"
    named = named_in(lines)
    return (named, "call") if named else (None, None)
