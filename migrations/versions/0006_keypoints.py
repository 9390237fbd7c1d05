"""key points: brand key points, mentions, corrections, alerts

Revision ID: 0006_keypoints
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_keypoints"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "keypoints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=False),
        sa.Column("synonyms", sa.JSON(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], name=op.f("fk_keypoints_category_id_categories"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_keypoints_created_by_id_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keypoints")),
    )
    with op.batch_alter_table("keypoints") as batch_op:
        batch_op.create_index(batch_op.f("ix_keypoints_product_id"), ["product_id"], unique=False)

    op.create_table(
        "keypoint_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_type", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("keypoint_id", sa.Integer(), nullable=True),
        sa.Column("aspect", sa.String(length=120), nullable=False),
        sa.Column("aspect_key", sa.String(length=120), nullable=False),
        sa.Column("polarity", sa.String(length=10), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("tagged_at", sa.DateTime(), nullable=False),
        sa.Column("corrected", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_keypoint_mentions_author_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["keypoint_id"], ["keypoints.id"], name=op.f("fk_keypoint_mentions_keypoint_id_keypoints"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keypoint_mentions")),
    )
    with op.batch_alter_table("keypoint_mentions") as batch_op:
        batch_op.create_index("ix_keypoint_mentions_source", ["source_type", "source_id"], unique=False)
        batch_op.create_index("ix_keypoint_mentions_keypoint_created", ["keypoint_id", "created_at"], unique=False)
        batch_op.create_index("ix_keypoint_mentions_product_created", ["product_id", "created_at"], unique=False)
        batch_op.create_index("ix_keypoint_mentions_aspect_key", ["aspect_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_keypoint_mentions_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "keypoint_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=True),
        sa.Column("source_type", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("aspect", sa.String(length=120), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("polarity", sa.String(length=10), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("original_aspect", sa.String(length=120), nullable=False),
        sa.Column("original_polarity", sa.String(length=10), nullable=False),
        sa.Column("corrected_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["corrected_by_id"], ["users.id"], name=op.f("fk_keypoint_corrections_corrected_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["mention_id"], ["keypoint_mentions.id"], name=op.f("fk_keypoint_corrections_mention_id_keypoint_mentions"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keypoint_corrections")),
    )
    with op.batch_alter_table("keypoint_corrections") as batch_op:
        batch_op.create_index("ix_keypoint_corrections_source", ["source_type", "source_id"], unique=False)

    op.create_table(
        "keypoint_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("keypoint_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("product_key", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.DateTime(), nullable=False),
        sa.Column("negative", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("negative_share", sa.Float(), nullable=False),
        sa.Column("baseline_negative", sa.Integer(), nullable=False),
        sa.Column("baseline_total", sa.Integer(), nullable=False),
        sa.Column("baseline_share", sa.Float(), nullable=False),
        sa.Column("z", sa.Float(), nullable=False),
        sa.Column("p_value", sa.Float(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["acknowledged_by_id"], ["users.id"], name=op.f("fk_keypoint_alerts_acknowledged_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["keypoint_id"], ["keypoints.id"], name=op.f("fk_keypoint_alerts_keypoint_id_keypoints"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keypoint_alerts")),
        sa.UniqueConstraint("keypoint_id", "product_key", "week_start", name="uq_keypoint_alerts_week"),
    )


def downgrade():
    op.drop_table("keypoint_alerts")
    op.drop_table("keypoint_corrections")
    with op.batch_alter_table("keypoint_mentions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_keypoint_mentions_thread_id"))
        batch_op.drop_index("ix_keypoint_mentions_aspect_key")
        batch_op.drop_index("ix_keypoint_mentions_product_created")
        batch_op.drop_index("ix_keypoint_mentions_keypoint_created")
        batch_op.drop_index("ix_keypoint_mentions_source")
    op.drop_table("keypoint_mentions")
    with op.batch_alter_table("keypoints") as batch_op:
        batch_op.drop_index(batch_op.f("ix_keypoints_product_id"))
    op.drop_table("keypoints")
