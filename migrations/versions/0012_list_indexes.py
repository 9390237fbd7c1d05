"""Indexes for thread lists at scale.

Threads of a product in activity order: (product_id, last_posted_at, id) replaces the plain
product_id index, so a product page's newest questions and experiences come from the index
instead of a sort of all the product's threads (72 ms -> 25 ms for the page at 1M posts).

A partial index of the opening posts that are not visible, which every thread list excludes with
NOT EXISTS (PostgreSQL scanned all posts for it: home page 38 -> 13 ms at 100k posts).

Revision ID: 0012_list_indexes
Revises: 0011_kpdesk_notification_subject
"""

import sqlalchemy as sa
from alembic import op

HIDDEN_OPENER_SQL = "number = 1 AND (status <> 'visible' OR hidden_at IS NOT NULL)"

revision = "0012_list_indexes"
down_revision = "0011_kpdesk_notification_subject"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.create_index("ix_threads_product_activity", ["product_id", "last_posted_at", "id"], unique=False)
        batch_op.drop_index("ix_threads_product_id")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_posts_hidden_openers",
            ["thread_id"],
            unique=False,
            postgresql_where=sa.text(HIDDEN_OPENER_SQL),
            sqlite_where=sa.text(HIDDEN_OPENER_SQL),
        )


def downgrade():
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_hidden_openers")
    with op.batch_alter_table("threads", schema=None) as batch_op:
        batch_op.create_index("ix_threads_product_id", ["product_id"], unique=False)
        batch_op.drop_index("ix_threads_product_activity")
