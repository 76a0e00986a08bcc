"""Watching a folder: recordings that appear are filed on their own.

A file is taken once it has stopped changing for the settle time; partial and hidden names wait
until renamed. Files already there at start are processed first. Bad files move to rejected/ with
a .txt giving the reason; nothing the user dropped is ever deleted. SIGINT/SIGTERM stop between
segments of a transcription, before anything is written, so the interrupted file is simply filed
on the next start.
"""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _
from . import audio
from .filing import IGNORED_PREFIXES, PARTIAL_SUFFIXES, IngestResult, ingest_file

REJECTED = "rejected"
DONE = "done"


class Stopped(Exception):
    """Raised inside a transcription when a stop signal arrives."""


@dataclass
class _Seen:
    size: int
    mtime: float
    since: float  # monotonic time when size/mtime were last seen to change


@dataclass
class WatchOptions:
    folder: Path
    poll: float | None = None  # seconds; None means native filesystem events
    settle: float = 2.0
    move_done: bool = False
    model: str | None = None
    tick: float = 0.25


@dataclass
class Watcher:
    options: WatchOptions
    log: Callable[[str], None] = print
    _pending: dict[Path, _Seen | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    # A plain flag, not a threading.Event: the signal handler sets it, and Event.set() takes a
    # lock the interrupted main thread may already hold inside Event.wait(), which deadlocks.
    _stopping: bool = False
    _ignored: set[Path] = field(default_factory=set)

    # ------------------------------------------------------------ discovery
    def _skip(self, path: Path) -> bool:
        try:
            rel = path.relative_to(self.options.folder)
        except ValueError:
            return True
        parts = rel.parts
        if not parts or parts[0] in (REJECTED, DONE):
            return True
        if any(p.startswith(IGNORED_PREFIXES) for p in parts):
            return True
        return path.name.lower().endswith(PARTIAL_SUFFIXES)

    def notice(self, path: Path) -> None:
        """Called from the observer thread for any create/modify/move event."""
        if self._skip(path):
            return
        with self._lock:
            self._pending.setdefault(path, None)

    def scan(self) -> int:
        found = 0
        for path in sorted(self.options.folder.rglob("*")):
            if path.is_file() and not self._skip(path):
                self.notice(path)
                found += 1
        return found

    # ------------------------------------------------------------ settling
    def _settled(self) -> list[Path]:
        now = time.monotonic()
        ready = []
        with self._lock:
            for path, seen in list(self._pending.items()):
                try:
                    st = path.stat()
                except FileNotFoundError:  # renamed or removed before it settled
                    del self._pending[path]
                    continue
                if seen is None or (st.st_size, st.st_mtime) != (seen.size, seen.mtime):
                    self._pending[path] = _Seen(st.st_size, st.st_mtime, now)
                    continue
                if now - seen.since >= self.options.settle and st.st_size > 0:
                    ready.append(path)
                elif now - seen.since >= max(self.options.settle, 30) and st.st_size == 0:
                    ready.append(path)  # an empty file that stays empty is rejected, not kept waiting
            for path in ready:
                del self._pending[path]
        return ready

    # ------------------------------------------------------------ filing
    def _check_stop(self, _t: float, _total: float) -> None:
        if self._stopping:
            raise Stopped()

    def process(self, path: Path) -> IngestResult | None:
        if not audio.is_supported(path):
            if path not in self._ignored:
                self._ignored.add(path)
                self.log(_("{now} ignored  {name}: not a recording format").format(now=_now(), name=path.name))
            return None
        started = time.monotonic()
        result = ingest_file(path, model=self.options.model, on_progress=self._check_stop)
        took = time.monotonic() - started
        if result.status == "failed":
            where = self._reject(path, result.error or _("unknown error"))
            reason = result.error or ""
            if not reason.startswith(path.name):
                reason = f"{path.name}: {reason}"
            self.log(_("{now} rejected {reason} (moved to {where})").format(
                now=_now(), reason=reason, where=where))
        elif result.status == "duplicate":
            self.log(_("{now} already filed {name} (recording {recording_id}); nothing added").format(
                now=_now(), name=path.name, recording_id=result.recording_id))
            self._done(path)
        else:
            self.log(_("{now} filed    {name}: {describe} [{took:.1f}s]").format(
                now=_now(), name=path.name, describe=_describe(result), took=took))
            self._done(path)
        return result

    def _reject(self, path: Path, reason: str) -> Path:
        target = _free_name(self.options.folder / REJECTED / path.relative_to(self.options.folder))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)
        target.with_name(target.name + ".txt").write_text(_(
            "File: {name}\nRejected at: {when}\nReason: {reason}\nFix the file or the reason above, then move it "
            "back into the watched folder to try again.\n").format(name=path.name, when=_now(), reason=reason),
            encoding="utf-8")
        return target.relative_to(self.options.folder)

    def _done(self, path: Path) -> None:
        if not self.options.move_done or not path.exists():
            return
        target = _free_name(self.options.folder / DONE / path.relative_to(self.options.folder))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)

    # ------------------------------------------------------------ running
    def stop(self, *_args) -> None:
        self._stopping = True

    def run(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        opts = self.options
        opts.folder.mkdir(parents=True, exist_ok=True)
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                # Reading a file (hashing it) raises opened/closed_no_write events: not a change.
                if event.is_directory or event.event_type not in ("created", "modified", "moved", "closed"):
                    return
                for attr in ("dest_path", "src_path"):
                    p = getattr(event, attr, None)
                    if p:
                        watcher.notice(Path(p))

        observer = PollingObserver(timeout=opts.poll) if opts.poll else Observer()
        observer.schedule(Handler(), str(opts.folder), recursive=True)
        observer.start()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self.stop)
        how = _("polling every {seconds:g}s").format(seconds=opts.poll) if opts.poll else _("filesystem events")
        waiting = self.scan()
        self.log(_("{now} watching {folder} ({how}; settle {settle:g}s); {waiting} "
            "file(s) already there; Ctrl+C to stop").format(
            now=_now(), folder=opts.folder, how=how, settle=opts.settle, waiting=waiting))
        try:
            while not self._stopping:
                for path in self._settled():
                    if self._stopping:
                        break
                    try:
                        self.process(path)
                    except Stopped:
                        self.log(_("{now} stopped during {name}; it will be filed on the next start").format(
                            now=_now(), name=path.name))
                        break
                time.sleep(opts.tick)
        finally:
            # watchdog's stop can block on its inotify reader; never let that keep us from exiting
            # (its threads are daemons, so the process ends once this returns).
            stopper = threading.Thread(target=lambda: (observer.stop(), observer.join(timeout=5)), daemon=True)
            stopper.start()
            stopper.join(timeout=6)
        self.log(_("{now} stopped").format(now=_now()))


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def _free_name(target: Path) -> Path:
    """Never overwrite: add (2), (3)... before the extension."""
    if not target.exists():
        return target
    for n in range(2, 10_000):
        candidate = target.with_name(f"{target.stem} ({n}){target.suffix}")
        if not candidate.exists():
            return candidate
    raise RuntimeError(_("too many files named like {target}").format(target=target))


def _describe(result: IngestResult) -> str:
    from collections import Counter

    from .. import recordings
    from ..categories import label
    from ..reports.render_terminal import TIME_SOURCES

    rec = recordings.find(str(result.recording_id))
    when = rec.call_start.strftime("%Y-%m-%d %H:%M:%S") if rec.call_start else _("unknown time")
    counts = Counter(f.category for f in rec.flags)
    flags = ", ".join(f"{label(k)} {v}" for k, v in sorted(counts.items())) or _("none")
    source = _(TIME_SOURCES[rec.time_source]) if rec.time_source in TIME_SOURCES else rec.time_source
    return _("caller {caller}, {when} ({source}), {seconds:.0f}s, flags: {flags}").format(
        caller=rec.caller or _("unknown"), when=when, source=source, seconds=rec.duration or 0, flags=flags)
