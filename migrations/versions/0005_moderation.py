"""moderation: flags, review queue, notices and appeals, staff notes, spam settings and decisions

Revision ID: 0005_moderation
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_moderation"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_moderation_flags_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_flags")),
        sa.UniqueConstraint(
            "target_type", "target_id", "user_id", name="uq_moderation_flags_target_user"
        ),
    )
    with op.batch_alter_table("moderation_flags") as batch_op:
        batch_op.create_index(
            "ix_moderation_flags_target", ["target_type", "target_id"], unique=False
        )

    op.create_table(
        "moderation_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("spam_score", sa.Float(), nullable=True),
        sa.Column("spam_reasons", sa.JSON(), nullable=False),
        sa.Column("held_text", sa.Text(), nullable=True),
        sa.Column("flag_weight", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolution_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_moderation_queue_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_queue_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_queue")),
        sa.UniqueConstraint("target_type", "target_id", name="uq_moderation_queue_target"),
    )
    with op.batch_alter_table("moderation_queue") as batch_op:
        batch_op.create_index("ix_moderation_queue_status", ["status", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_moderation_queue_author_id"), ["author_id"], unique=False
        )

    op.create_table(
        "moderation_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("appeal_text", sa.Text(), nullable=True),
        sa.Column("appealed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_moderation_notices_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_notices")),
    )
    with op.batch_alter_table("moderation_notices") as batch_op:
        batch_op.create_index(
            "ix_moderation_notices_target", ["target_type", "target_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_notices_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "moderation_staff_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_moderation_staff_notes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_moderation_staff_notes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_staff_notes")),
    )
    with op.batch_alter_table("moderation_staff_notes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_moderation_staff_notes_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "moderation_watched_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pattern", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("replacement", sa.String(length=100), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_watched_words_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_watched_words")),
        sa.UniqueConstraint("pattern", name=op.f("uq_moderation_watched_words_pattern")),
    )
    op.create_table(
        "moderation_spam_domains",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_spam_domains_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_spam_domains")),
        sa.UniqueConstraint("domain", name=op.f("uq_moderation_spam_domains_domain")),
    )
    op.create_table(
        "moderation_spam_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("spam", sa.Boolean(), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["users.id"],
            name=op.f("fk_moderation_spam_decisions_moderator_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_spam_decisions")),
    )


def downgrade():
    op.drop_table("moderation_spam_decisions")
    op.drop_table("moderation_spam_domains")
    op.drop_table("moderation_watched_words")
    with op.batch_alter_table("moderation_staff_notes") as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_staff_notes_user_id"))
    op.drop_table("moderation_staff_notes")
    with op.batch_alter_table("moderation_notices") as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_notices_user_id"))
        batch_op.drop_index("ix_moderation_notices_target")
    op.drop_table("moderation_notices")
    with op.batch_alter_table("moderation_queue") as batch_op:
        batch_op.drop_index(batch_op.f("ix_moderation_queue_author_id"))
        batch_op.drop_index("ix_moderation_queue_status")
    op.drop_table("moderation_queue")
    with op.batch_alter_table("moderation_flags") as batch_op:
        batch_op.drop_index("ix_moderation_flags_target")
    op.drop_table("moderation_flags")
