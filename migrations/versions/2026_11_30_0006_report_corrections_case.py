"""issue 13 (report): corrected transcript lines keep the machine text; superseded transcripts;
the complainant's case details; institutions assigned to numbers

Revision ID: 0006_report
Revises: 0005_relative_paths
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_report"
down_revision = "0005_relative_paths"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("machine_text", sa.Text, nullable=True))
    op.create_table(
        "superseded_transcripts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("recording_id", sa.Integer,
                  sa.ForeignKey("recordings.id", ondelete="CASCADE",
                                name="fk_superseded_transcripts_recording_id_recordings"),
                  nullable=False),
        sa.Column("model", sa.Text),
        sa.Column("replaced_at", sa.DateTime, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_superseded_transcripts"),
    )
    op.create_index("ix_superseded_transcripts_recording_id", "superseded_transcripts", ["recording_id"])
    op.create_table(
        "case_details",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("phone", sa.Text),
        sa.Column("lender", sa.Text),
        sa.Column("platform", sa.Text),
        sa.Column("collector_company", sa.Text),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_details"),
    )
    op.create_table(
        "number_institutions",
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("institution", sa.Text, nullable=False),
        sa.Column("assigned_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("number", name="pk_number_institutions"),
    )


def downgrade() -> None:
    op.drop_table("number_institutions")
    op.drop_table("case_details")
    op.drop_table("superseded_transcripts")
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("machine_text")
