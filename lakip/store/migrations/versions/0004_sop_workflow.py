"""sop workflow

The SOP runs as a state machine (lakip.domain.workflow): rounds, a unit's submission in a
round and report versions hold their state under CHECK constraints naming the machine's
states; a review decision concerns a round's data or a report version (exactly one);
reopenings and notices are rows of their own.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 02:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lakip.store.types

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Frozen copies of the states at this revision (the machine may grow; this file must not move).
ROUND_STATES = ('draf', 'dibuka', 'ditutup', 'dikembalikan', 'diterima')
SUBMISSION_STATES = ('belum', 'masuk', 'terlambat', 'dikembalikan', 'diperbaiki', 'diterima')
REPORT_STATES = ('draf', 'diajukan', 'dikembalikan', 'diterima', 'disetujui', 'diterbitkan')
REPORT_KINDS = ('triwulan', 'semester', 'tahunan')


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    with op.batch_alter_table('putaran_pengumpulan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dibuat_pada', lakip.store.types.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column('ditutup_oleh_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('dibuka_ulang_sampai', sa.Date(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_putaran_pengumpulan_ditutup_oleh_id_pengguna'),
            'pengguna', ['ditutup_oleh_id'], ['id'],
        )
        batch_op.create_check_constraint('status', _in('status', ROUND_STATES))

    op.create_table(
        'pembukaan_ulang',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('putaran_id', sa.Integer(), nullable=False),
        sa.Column('alasan', sa.Text(), nullable=False),
        sa.Column('sampai', sa.Date(), nullable=False),
        sa.Column('oleh_id', sa.Integer(), nullable=True),
        sa.Column('pada', lakip.store.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['oleh_id'], ['pengguna.id'], name=op.f('fk_pembukaan_ulang_oleh_id_pengguna')),
        sa.ForeignKeyConstraint(['putaran_id'], ['putaran_pengumpulan.id'], name=op.f('fk_pembukaan_ulang_putaran_id_putaran_pengumpulan')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pembukaan_ulang')),
    )
    with op.batch_alter_table('pembukaan_ulang', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pembukaan_ulang_putaran_id'), ['putaran_id'], unique=False)

    with op.batch_alter_table('pengiriman', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('status', sa.String(length=20), nullable=False, server_default='masuk')
        )
        batch_op.create_check_constraint('status', _in('status', SUBMISSION_STATES))

    with op.batch_alter_table('laporan', schema=None) as batch_op:
        batch_op.create_check_constraint('jenis', _in('jenis', REPORT_KINDS))
    with op.batch_alter_table('laporan_versi', schema=None) as batch_op:
        batch_op.create_check_constraint('status', _in('status', REPORT_STATES))

    with op.batch_alter_table('keputusan_reviu', schema=None) as batch_op:
        batch_op.alter_column('laporan_versi_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('putaran_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('versi_direviu', sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f('ix_keputusan_reviu_putaran_id'), ['putaran_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_keputusan_reviu_putaran_id_putaran_pengumpulan'),
            'putaran_pengumpulan', ['putaran_id'], ['id'],
        )
        batch_op.create_check_constraint('keputusan', "keputusan IN ('YA', 'TIDAK')")
        batch_op.create_check_constraint(
            'satu_objek', '(putaran_id IS NULL) <> (laporan_versi_id IS NULL)'
        )
    op.execute("UPDATE keputusan_reviu SET versi_direviu = '[]' WHERE versi_direviu IS NULL")
    with op.batch_alter_table('keputusan_reviu', schema=None) as batch_op:
        batch_op.alter_column('versi_direviu', existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table('koreksi', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pengiriman_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_koreksi_pengiriman_id'), ['pengiriman_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_koreksi_pengiriman_id_pengiriman'), 'pengiriman', ['pengiriman_id'], ['id']
        )

    op.create_table(
        'pemberitahuan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pengguna_id', sa.Integer(), nullable=False),
        sa.Column('kunci', sa.String(length=120), nullable=False),
        sa.Column('jenis', sa.String(length=40), nullable=False),
        sa.Column('judul', sa.String(length=300), nullable=False),
        sa.Column('isi', sa.Text(), nullable=False),
        sa.Column('dibuat', lakip.store.types.UtcDateTime(), nullable=False),
        sa.Column('dibaca_pada', lakip.store.types.UtcDateTime(), nullable=True),
        sa.Column('email_status', sa.String(length=12), nullable=True),
        sa.Column('email_dikirim_pada', lakip.store.types.UtcDateTime(), nullable=True),
        sa.Column('email_galat', sa.Text(), nullable=True),
        sa.Column('email_percobaan', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['pengguna_id'], ['pengguna.id'], name=op.f('fk_pemberitahuan_pengguna_id_pengguna')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pemberitahuan')),
        sa.UniqueConstraint('pengguna_id', 'kunci', name=op.f('uq_pemberitahuan_pengguna_id')),
    )
    with op.batch_alter_table('pemberitahuan', schema=None) as batch_op:
        batch_op.create_index('ix_pemberitahuan_email', ['email_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_pemberitahuan_pengguna_id'), ['pengguna_id'], unique=False)

    with op.batch_alter_table('langkah_sop', schema=None) as batch_op:
        batch_op.create_index('ix_langkah_sop_putaran', ['putaran_id', 'nomor'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('langkah_sop', schema=None) as batch_op:
        batch_op.drop_index('ix_langkah_sop_putaran')
    op.drop_table('pemberitahuan')
    with op.batch_alter_table('koreksi', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_koreksi_pengiriman_id_pengiriman'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_koreksi_pengiriman_id'))
        batch_op.drop_column('pengiriman_id')
    op.execute('DELETE FROM koreksi WHERE keputusan_id IN (SELECT id FROM keputusan_reviu WHERE laporan_versi_id IS NULL)')
    op.execute('DELETE FROM keputusan_reviu WHERE laporan_versi_id IS NULL')
    with op.batch_alter_table('keputusan_reviu', schema=None) as batch_op:
        batch_op.drop_constraint('satu_objek', type_='check')
        batch_op.drop_constraint('keputusan', type_='check')
        batch_op.drop_constraint(batch_op.f('fk_keputusan_reviu_putaran_id_putaran_pengumpulan'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_keputusan_reviu_putaran_id'))
        batch_op.drop_column('versi_direviu')
        batch_op.drop_column('putaran_id')
        batch_op.alter_column('laporan_versi_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('laporan_versi', schema=None) as batch_op:
        batch_op.drop_constraint('status', type_='check')
    with op.batch_alter_table('laporan', schema=None) as batch_op:
        batch_op.drop_constraint('jenis', type_='check')
    with op.batch_alter_table('pengiriman', schema=None) as batch_op:
        batch_op.drop_constraint('status', type_='check')
        batch_op.drop_column('status')
    op.drop_table('pembukaan_ulang')
    with op.batch_alter_table('putaran_pengumpulan', schema=None) as batch_op:
        batch_op.drop_constraint('status', type_='check')
        batch_op.drop_constraint(batch_op.f('fk_putaran_pengumpulan_ditutup_oleh_id_pengguna'), type_='foreignkey')
        batch_op.drop_column('dibuka_ulang_sampai')
        batch_op.drop_column('ditutup_oleh_id')
        batch_op.drop_column('dibuat_pada')
