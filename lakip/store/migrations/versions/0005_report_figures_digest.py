"""report figures digest

A report version records the SHA-256 of its figures (lakip.reports.report_model.figures_digest):
two builds from the same submission versions carry the same digest; and what an annual report
still lacked when it was built (lakip.reports.analysis.what_is_missing), shown before review.
One version per build job.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 07:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('laporan_versi', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sha256_angka', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('kekurangan', sa.JSON(), nullable=True))
        batch_op.create_unique_constraint('uq_laporan_versi_job_id', ['job_id'])


def downgrade() -> None:
    with op.batch_alter_table('laporan_versi', schema=None) as batch_op:
        batch_op.drop_constraint('uq_laporan_versi_job_id', type_='unique')
        batch_op.drop_column('kekurangan')
        batch_op.drop_column('sha256_angka')
