"""flags: what the lexicon matched, placed on the words, with the lexicon version

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("recording_id", sa.Integer,
                  sa.ForeignKey("recordings.id", ondelete="CASCADE",
                                name="fk_flags_recording_id_recordings"), nullable=False),
        sa.Column("segment_id", sa.Integer,
                  sa.ForeignKey("segments.id", ondelete="CASCADE",
                                name="fk_flags_segment_id_segments")),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("rule_id", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("match", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("normalized", sa.Text, nullable=False),
        sa.Column("start", sa.Float, nullable=False),
        sa.Column("end", sa.Float, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("legal_basis", sa.Text),
        sa.Column("lexicon_version", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_flags"),
    )
    op.create_index("ix_flags_recording_id", "flags", ["recording_id"])
    op.create_index("ix_flags_category", "flags", ["category"])


def downgrade() -> None:
    op.drop_table("flags")
