"""search documents (PostgreSQL full-text backend)

Revision ID: 0004_search
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0004_search'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade():
    is_pg = op.get_bind().dialect.name == 'postgresql'
    op.create_table('search_documents',
    sa.Column('doc_id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('obj_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('heading', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=True),
    sa.Column('solved', sa.Boolean(), nullable=True),
    sa.Column('accepted', sa.Boolean(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('author', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=True),
    sa.Column('staff_only', sa.Boolean(), nullable=False),
    sa.Column('boost', sa.Float(), nullable=False),
    sa.Column('tokens', sa.Text(), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('tsv', postgresql.TSVECTOR() if is_pg else sa.Text(), nullable=True),
    sa.Column('indexed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('doc_id', name=op.f('pk_search_documents'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_search_documents_type', ['type'], unique=False)
    # GIN on PostgreSQL; on SQLite (Whoosh backend) the column stays empty and the index is inert.
    op.create_index('ix_search_documents_tsv', 'search_documents', ['tsv'], unique=False,
                    postgresql_using='gin')


def downgrade():
    op.drop_table('search_documents')
