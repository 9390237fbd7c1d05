"""Join the capability branches (each branched off the core) into one head.

Revision ID: 0010_merge_features
Revises: 0002_qa, 0003_products, 0004_search, 0005_moderation, 0006_keypoints, 0007_ops
"""

revision = "0010_merge_features"
down_revision = ("0002_qa", "0003_products", "0004_search", "0005_moderation", "0006_keypoints", "0007_ops")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
