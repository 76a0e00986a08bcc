"""recordings, segments and words: the ingest spine

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recordings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("original_name", sa.Text, nullable=False),
        sa.Column("original_path", sa.Text, nullable=False),
        sa.Column("stored_path", sa.Text),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("format", sa.String(40)),
        sa.Column("codec", sa.String(40)),
        sa.Column("duration", sa.Float),
        sa.Column("caller", sa.String(32)),
        sa.Column("contact", sa.Text),
        sa.Column("call_start", sa.DateTime),
        sa.Column("time_source", sa.String(20)),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("model", sa.Text),
        sa.PrimaryKeyConstraint("id", name="pk_recordings"),
        sa.UniqueConstraint("sha256", name="uq_recordings_sha256"),
    )
    op.create_index("ix_recordings_sha256", "recordings", ["sha256"])
    op.create_index("ix_recordings_caller", "recordings", ["caller"])
    op.create_index("ix_recordings_call_start", "recordings", ["call_start"])
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("recording_id", sa.Integer,
                  sa.ForeignKey("recordings.id", ondelete="CASCADE",
                                name="fk_segments_recording_id_recordings"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Float, nullable=False),
        sa.Column("end", sa.Float, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("avg_logprob", sa.Float, nullable=False),
        sa.Column("no_speech_prob", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_segments"),
    )
    op.create_index("ix_segments_recording_id", "segments", ["recording_id"])
    op.create_table(
        "words",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Integer,
                  sa.ForeignKey("segments.id", ondelete="CASCADE",
                                name="fk_words_segment_id_segments"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("start", sa.Float, nullable=False),
        sa.Column("end", sa.Float, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("probability", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_words"),
    )
    op.create_index("ix_words_segment_id", "words", ["segment_id"])


def downgrade() -> None:
    op.drop_table("words")
    op.drop_table("segments")
    op.drop_table("recordings")
