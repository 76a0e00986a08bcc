"""who said it: speaker on segments and flags, the user's voice profile

Revision ID: 0004_speakers
Revises: 0003
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_speakers"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Recordings filed before this revision keep "unknown": their words are still shown and flagged.
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("speaker", sa.String(10), nullable=False, server_default="unknown"))
        batch.add_column(sa.Column("voice", sa.Integer))
    with op.batch_alter_table("flags") as batch:
        batch.add_column(sa.Column("speaker", sa.String(10), nullable=False, server_default="unknown"))
    with op.batch_alter_table("recordings") as batch:
        batch.add_column(sa.Column("speaker_method", sa.String(10)))
        batch.add_column(sa.Column("voices", sa.Text))
    op.create_table(
        "voice_profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("embedding", sa.Text, nullable=False),
        sa.Column("n_calls", sa.Integer, nullable=False),
        sa.Column("confirmed", sa.Boolean, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_voice_profiles"),
    )


def downgrade() -> None:
    op.drop_table("voice_profiles")
    with op.batch_alter_table("recordings") as batch:
        batch.drop_column("voices")
        batch.drop_column("speaker_method")
    with op.batch_alter_table("flags") as batch:
        batch.drop_column("speaker")
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("voice")
        batch.drop_column("speaker")
