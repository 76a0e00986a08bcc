"""Errors a user can cause. The CLI prints their message on one line and exits non-zero."""


class EvidenceError(Exception):
    """Base class for user-facing errors: the message says what happened and what to do."""


class BadAudio(EvidenceError):
    """A file that cannot be read as a call recording."""


class ModelUnavailable(EvidenceError):
    """The requested Whisper model is not on this machine."""


class LexiconError(EvidenceError):
    """A lexicon file or entry that cannot be used."""


class NotFound(EvidenceError):
    """A recording, flag or other stored item that does not exist."""


class BadArgument(EvidenceError):
    """An option value that cannot be understood (a month, a date, a phone number)."""


class StorageError(EvidenceError):
    """The database or the disk cannot be used: damaged, busy in another process, or full."""


def one_line(text: str) -> str:
    """A message that stays on one line even when a file name holds a line break."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


def storage_error(exc: BaseException, database: str) -> StorageError | None:
    """The user-facing error for a database or disk failure, or None when exc is something else (a bug)."""
    import errno
    import sqlite3

    from .i18n import _

    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the sqlite3 error
    text = str(cause).lower()
    if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(_("the disk is full ({where}); free some space and run the command again — "
                              "nothing was half-written").format(where=getattr(cause, "filename", None) or database))
    if not isinstance(cause, sqlite3.DatabaseError):
        return None
    if "locked" in text or "busy" in text:
        return StorageError(_("the database {db} is in use by another evidence command (a running `evidence watch` "
                              "or ingest); try again when it has finished").format(db=database))
    if "full" in text:
        return StorageError(_("the disk holding {db} is full; free some space and run the command again — "
                              "nothing was half-written").format(db=database))
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(_("the database {db} is damaged ({why}); restore it from a backup of the data folder, "
                              "or move it aside to start a new one (the stored originals stay in store/)").format(
                                  db=database, why=str(cause)))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageError(_("the database {db} cannot be written or opened ({why}); check the folder's "
                              "permissions").format(db=database, why=str(cause)))
    return None
