"""monthly snapshots; when the portfolio last changed

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 07:02:15.834000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('monthlysnapshot',
    sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('frozen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('frozen_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('exact', sa.Boolean(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.PrimaryKeyConstraint('month')
    )
    with op.batch_alter_table('portfoliostate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('portfoliostate', schema=None) as batch_op:
        batch_op.drop_column('changed_at')

    op.drop_table('monthlysnapshot')
