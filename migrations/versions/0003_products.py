"""products, reviews, verified owners, purchase codes, review alerts; threads.product_id FK

Revision ID: 0003_products
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_products"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("short_description", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_html", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("image_path", sa.String(length=80), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("rating_count", sa.Integer(), nullable=False),
        sa.Column("rating_sum", sa.Integer(), nullable=False),
        sa.Column("rating_1", sa.Integer(), nullable=False),
        sa.Column("rating_2", sa.Integer(), nullable=False),
        sa.Column("rating_3", sa.Integer(), nullable=False),
        sa.Column("rating_4", sa.Integer(), nullable=False),
        sa.Column("rating_5", sa.Integer(), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], name=op.f("fk_products_category_id_categories"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("slug", name=op.f("uq_products_slug")),
    )
    op.create_table(
        "product_owners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["granted_by_id"], ["users.id"], name=op.f("fk_product_owners_granted_by_id_users")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_product_owners_product_id_products"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_product_owners_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_owners")),
        sa.UniqueConstraint("product_id", "user_id", name="uq_product_owners_product_user"),
    )
    with op.batch_alter_table("product_owners") as batch_op:
        batch_op.create_index(batch_op.f("ix_product_owners_user_id"), ["user_id"], unique=False)
    op.create_table(
        "purchase_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("redeemed_by_id", sa.Integer(), nullable=True),
        sa.Column("redeemed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_purchase_codes_created_by_id_users")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_purchase_codes_product_id_products"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["redeemed_by_id"], ["users.id"], name=op.f("fk_purchase_codes_redeemed_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_codes")),
        sa.UniqueConstraint("code", name=op.f("uq_purchase_codes_code")),
    )
    with op.batch_alter_table("purchase_codes") as batch_op:
        batch_op.create_index(batch_op.f("ix_purchase_codes_product_id"), ["product_id"], unique=False)
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("pros", sa.Text(), nullable=False),
        sa.Column("cons", sa.Text(), nullable=False),
        sa.Column("verified_owner", sa.Boolean(), nullable=False),
        sa.Column("helpful_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=True),
        sa.Column("edit_count", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by_id", sa.Integer(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("hidden_reason", sa.String(length=32), nullable=True),
        sa.Column("response_body", sa.Text(), nullable=True),
        sa.Column("response_html", sa.Text(), nullable=True),
        sa.Column("response_by_id", sa.Integer(), nullable=True),
        sa.Column("response_at", sa.DateTime(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_reviews_author_id_users")),
        sa.ForeignKeyConstraint(["deleted_by_id"], ["users.id"], name=op.f("fk_reviews_deleted_by_id_users")),
        sa.ForeignKeyConstraint(["hidden_by_id"], ["users.id"], name=op.f("fk_reviews_hidden_by_id_users")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_reviews_product_id_products"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["response_by_id"], ["users.id"], name=op.f("fk_reviews_response_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("product_id", "author_id", name="uq_reviews_product_author"),
    )
    with op.batch_alter_table("reviews") as batch_op:
        batch_op.create_index(batch_op.f("ix_reviews_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_reviews_product_helpful", ["product_id", "helpful_count", "id"], unique=False)
        batch_op.create_index("ix_reviews_product_created", ["product_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_reviews_product_rating", ["product_id", "rating", "id"], unique=False)
    op.create_table(
        "review_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("pros", sa.Text(), nullable=False),
        sa.Column("cons", sa.Text(), nullable=False),
        sa.Column("editor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["editor_id"], ["users.id"], name=op.f("fk_review_revisions_editor_id_users")),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_review_revisions_review_id_reviews"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_revisions")),
        sa.UniqueConstraint("review_id", "number", name="uq_review_revisions_review_number"),
    )
    op.create_table(
        "review_helpful",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["review_id"], ["reviews.id"], name=op.f("fk_review_helpful_review_id_reviews"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_review_helpful_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_helpful")),
        sa.UniqueConstraint("review_id", "user_id", name="uq_review_helpful_review_user"),
    )
    with op.batch_alter_table("review_helpful") as batch_op:
        batch_op.create_index(batch_op.f("ix_review_helpful_user_id"), ["user_id"], unique=False)
    op.create_table(
        "review_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("window_end", sa.DateTime(), nullable=False),
        sa.Column("review_ids", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_review_alerts_product_id_products"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["resolved_by_id"], ["users.id"], name=op.f("fk_review_alerts_resolved_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_alerts")),
    )
    with op.batch_alter_table("review_alerts") as batch_op:
        batch_op.create_index(batch_op.f("ix_review_alerts_product_id"), ["product_id"], unique=False)
    with op.batch_alter_table("threads") as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_threads_product_id_products"), "products", ["product_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    with op.batch_alter_table("threads") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_threads_product_id_products"), type_="foreignkey")
    op.drop_table("review_alerts")
    op.drop_table("review_helpful")
    op.drop_table("review_revisions")
    op.drop_table("reviews")
    op.drop_table("purchase_codes")
    op.drop_table("product_owners")
    op.drop_table("products")
