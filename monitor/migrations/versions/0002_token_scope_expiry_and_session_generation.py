"""API token scope, expiry, last use and revocation; user session generation, token cut-off and
forced password change

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 02:24:48.353591
"""
import datetime as dt

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# tokens issued before this revision had no expiry: they get the default 90 days from the upgrade
EXISTING_TOKEN_DAYS = 90


def upgrade() -> None:
    with op.batch_alter_table('apitoken', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=16), nullable=False, server_default='read'))
        batch_op.add_column(sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('tokens_valid_after', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()))

    apitoken = sa.table('apitoken', sa.column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime()))
    expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=EXISTING_TOKEN_DAYS)
    op.execute(apitoken.update().where(apitoken.c.expires_at.is_(None)).values(expires_at=expires))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('tokens_valid_after')
        batch_op.drop_column('session_generation')

    with op.batch_alter_table('apitoken', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('last_used_at')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('scope')
