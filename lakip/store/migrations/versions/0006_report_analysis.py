"""report analysis edited by people

The text people wrote for a paragraph of an annual report's analysis, replacing its draft in
every later build (lakip.services.report_analysis). Append-only: each edit is a row.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 10:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lakip.store.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'analisis_laporan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('laporan_id', sa.Integer(), nullable=False),
        sa.Column('kunci', sa.String(length=80), nullable=False),
        sa.Column('teks', sa.Text(), nullable=False),
        sa.Column('diubah_oleh_id', sa.Integer(), nullable=True),
        sa.Column('diubah_pada', lakip.store.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['diubah_oleh_id'], ['pengguna.id'],
                                name=op.f('fk_analisis_laporan_diubah_oleh_id_pengguna')),
        sa.ForeignKeyConstraint(['laporan_id'], ['laporan.id'],
                                name=op.f('fk_analisis_laporan_laporan_id_laporan')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_analisis_laporan')),
    )  # fmt: skip
    op.create_index('ix_analisis_laporan_kunci', 'analisis_laporan', ['laporan_id', 'kunci'])


def downgrade() -> None:
    op.drop_index('ix_analisis_laporan_kunci', table_name='analisis_laporan')
    op.drop_table('analisis_laporan')
