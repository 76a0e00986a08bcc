"""The database schema as SQLAlchemy 2.0 typed models. Changes go through Alembic revisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Recording(Base):
    __tablename__ = "recordings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    original_name: Mapped[str] = mapped_column(Text)
    original_path: Mapped[str] = mapped_column(Text)
    stored_path: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(40))
    codec: Mapped[str | None] = mapped_column(String(40))
    duration: Mapped[float | None] = mapped_column(Float)
    caller: Mapped[str | None] = mapped_column(String(32), index=True)
    contact: Mapped[str | None] = mapped_column(Text)
    call_start: Mapped[dt.datetime | None] = mapped_column(index=True)
    time_source: Mapped[str | None] = mapped_column(String(20))
    ingested_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(10))  # done | failed
    error: Mapped[str | None] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(Text)
    speaker_method: Mapped[str | None] = mapped_column(String(10))  # profile | cues | single | user
    voices: Mapped[str | None] = mapped_column(Text)  # JSON: the two voices' mean embeddings

    segments: Mapped[list[Segment]] = relationship(
        back_populates="recording", cascade="all, delete-orphan", order_by="Segment.idx"
    )
    flags: Mapped[list[Flag]] = relationship(
        back_populates="recording", cascade="all, delete-orphan", order_by="Flag.start"
    )
    second_hearing: Mapped[SecondHearing | None] = relationship(cascade="all, delete-orphan", uselist=False,
                                                                lazy="selectin")

    @property
    def flag_count(self) -> int:
        """Flags on the collector's words: the debtor's own words are context, not violations."""
        return sum(f.speaker != "debtor" for f in self.flags)


class Segment(Base):
    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int]
    start: Mapped[float]
    end: Mapped[float]
    text: Mapped[str] = mapped_column(Text)
    # What the recogniser wrote, kept when a person corrects `text` (`evidence correct`); else None.
    machine_text: Mapped[str | None] = mapped_column(Text, default=None)
    avg_logprob: Mapped[float]
    no_speech_prob: Mapped[float]
    speaker: Mapped[str] = mapped_column(String(10), default="unknown")  # collector | debtor | unknown
    voice: Mapped[int | None]  # 0 or 1: which of the call's two voices

    recording: Mapped[Recording] = relationship(back_populates="segments")
    words: Mapped[list[Word]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="Word.idx"
    )


class Word(Base):
    __tablename__ = "words"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int]
    start: Mapped[float]
    end: Mapped[float]
    text: Mapped[str] = mapped_column(Text)
    probability: Mapped[float]

    segment: Mapped[Segment] = relationship(back_populates="words")


class Flag(Base):
    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int | None] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(20), index=True)
    rule_id: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))  # phrase | cooccur | qa | manual (a person's)
    match: Mapped[str] = mapped_column(String(10))  # exact | sound | manual
    text: Mapped[str] = mapped_column(Text)  # as transcribed
    normalized: Mapped[str] = mapped_column(Text)
    start: Mapped[float]
    end: Mapped[float]
    confidence: Mapped[float]
    severity: Mapped[int]
    legal_basis: Mapped[str | None] = mapped_column(Text)
    lexicon_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    speaker: Mapped[str] = mapped_column(String(10), default="unknown")  # the debtor's: not a violation

    recording: Mapped[Recording] = relationship(back_populates="flags")


class LogEntry(Base):
    """One link of the append-only, hash-chained log (see chain.py)."""

    __tablename__ = "log_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    at: Mapped[dt.datetime]
    action: Mapped[str] = mapped_column(String(20))  # ingest | reflag | review | export | forget
    subject: Mapped[str | None] = mapped_column(String(64), index=True)  # a recording's SHA-256
    content: Mapped[str] = mapped_column(Text)  # canonical JSON: hashes and decisions, no personal data
    content_sha256: Mapped[str] = mapped_column(String(64))
    prev_sha256: Mapped[str] = mapped_column(String(64))
    entry_sha256: Mapped[str] = mapped_column(String(64))


class Review(Base):
    """A person's decision on a flag, kept across reflags by the flag's fingerprint."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recording_sha256: Mapped[str] = mapped_column(String(64), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    decision: Mapped[str] = mapped_column(String(10))  # confirmed | dismissed
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime]


class SupersededTranscript(Base):
    """A transcript replaced by `evidence retranscribe`, kept whole (its hash is in the log)."""

    __tablename__ = "superseded_transcripts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"), index=True)
    model: Mapped[str | None] = mapped_column(Text)
    replaced_at: Mapped[dt.datetime]
    content: Mapped[str] = mapped_column(Text)  # canonical JSON of the segments and words
    content_sha256: Mapped[str] = mapped_column(String(64))


class SecondHearing(Base):
    """Whisper's second hearing of a recording (asr/second_hearing.py): flags it alone finds are
    marked as such; the transcript is never changed by it."""

    __tablename__ = "second_hearings"

    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"), primary_key=True)
    options: Mapped[str] = mapped_column(Text)  # the decoding options, as JSON
    content: Mapped[str] = mapped_column(Text)  # canonical JSON of the segments and words
    content_sha256: Mapped[str] = mapped_column(String(64))


class CaseDetails(Base):
    """The complainant's own details for complaint forms (one row; stays on this machine)."""

    __tablename__ = "case_details"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(Text)
    lender: Mapped[str | None] = mapped_column(Text)
    platform: Mapped[str | None] = mapped_column(Text)
    collector_company: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime]


class NumberInstitution(Base):
    """The institution a person says a calling number belongs to (`evidence number N --institution`)."""

    __tablename__ = "number_institutions"

    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    institution: Mapped[str] = mapped_column(Text)
    assigned_at: Mapped[dt.datetime]


class VoiceProfile(Base):
    """The user's (the debtor's) voice: a running mean embedding over their calls."""

    __tablename__ = "voice_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    embedding: Mapped[str] = mapped_column(Text)  # JSON list of 256 floats
    n_calls: Mapped[int]
    confirmed: Mapped[bool]
    updated_at: Mapped[dt.datetime]
