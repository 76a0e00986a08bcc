"""issue 11 (round fifteen): each recording's second hearing (Whisper run again with other
decoding options), kept beside the transcript

Revision ID: 0007_second_hearing
Revises: 0006_report
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_second_hearing"
down_revision = "0006_report"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "second_hearings",
        sa.Column("recording_id", sa.Integer,
                  sa.ForeignKey("recordings.id", ondelete="CASCADE",
                                name="fk_second_hearings_recording_id_recordings"),
                  nullable=False),
        sa.Column("options", sa.Text, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("recording_id", name="pk_second_hearings"),
    )


def downgrade() -> None:
    op.drop_table("second_hearings")
