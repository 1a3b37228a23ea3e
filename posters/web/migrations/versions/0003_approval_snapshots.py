"""Approval snapshots as the library writes them (bytes the audit entry's hash covers), for the database store.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'approval_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('release_hash', sa.String(length=64), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('approval_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_snapshots_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('approval_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_snapshots_case_id'))
    op.drop_table('approval_snapshots')
