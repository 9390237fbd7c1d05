"""Notifications about things that are not posts (a key point alert): subject_type and subject_id,
unique per user and kind so a replayed event adds no second row.

Revision ID: 0011_kpdesk_notification_subject
Revises: 0010_merge_features
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_kpdesk_notification_subject"
down_revision = "0010_merge_features"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject_type", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            "uq_notifications_subject", ["user_id", "kind", "subject_type", "subject_id"], unique=True
        )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("uq_notifications_subject")
        batch_op.drop_column("subject_id")
        batch_op.drop_column("subject_type")
