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
