"""Progress a person can follow while recordings are transcribed: which file of how many, and
how much of a long recording is done (from the end time of each transcribed segment).

One line on stderr, rewritten in place, cleared before the file's result is printed.
"""

from __future__ import annotations

import sys
from typing import TextIO

from .i18n import _


class ProgressLine:
    """'第 2/5 个文件 call.mp3：已转写 45%' on one updating line; silent when disabled (-q)."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self._file = ""
        self._percent: int | None = None
        self._width = 0

    def _write(self, text: str) -> None:
        if not self.enabled:
            return
        self.stream.write("\r" + text + " " * max(0, self._width - len(text)))
        self.stream.flush()
        self._width = len(text)

    def start_file(self, index: int, total: int, name: str) -> None:
        """A new file begins: 'file i of N' and its name."""
        self._file = _("File {i}/{n}: {name}").format(i=index, n=total, name=name)
        self._percent = None
        self._write(self._file)

    def audio(self, done_seconds: float, total_seconds: float) -> None:
        """Part of the current file transcribed; rewritten only when the whole percent changes."""
        if total_seconds <= 0:
            return
        percent = max(0, min(100, int(100 * done_seconds / total_seconds)))
        if percent == self._percent:
            return
        self._percent = percent
        self._write(self._file + "  " + _("transcribed {percent}%").format(percent=percent))

    def clear(self) -> None:
        """Blank the line so the file's result prints cleanly."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
