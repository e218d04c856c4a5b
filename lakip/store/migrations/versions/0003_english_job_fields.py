"""english job fields

The job tables are infrastructure, so their fields are English (DESIGN.md, names). Columns
are renamed in place, keeping their data; the foreign keys whose names embed a renamed column
take the name the naming convention gives them now. The other names (pk_job,
ix_job_state_heartbeat, ix_job_output_job_id, uq_job_output_job_id, fk_job_output_job_id_job)
name only columns that keep theirs.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 09:00:00.000000
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import op
from sqlalchemy import text

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

JOB = (
    ('jenis', 'kind'),
    ('parameter', 'parameters'),
    ('pesan', 'message'),
    ('hasil', 'result'),
    ('dibuat_oleh_id', 'created_by_id'),
    ('dibuat_pada', 'created_at'),
    ('dikirim_pada', 'sent_at'),
    ('mulai_pada', 'started_at'),
    ('selesai_pada', 'finished_at'),
)
JOB_OUTPUT = (
    ('nama', 'name'),
    ('berkas_sha256', 'file_sha256'),
)


@contextmanager
def _foreign_keys_off() -> Iterator[None]:
    """On SQLite, suspend foreign key enforcement around the batch copies.

    SQLite's batch mode copies ``job`` to a new table and drops the old one; rows of
    laporan_versi and job_output refer to it, so with foreign keys enforced the drop fails as
    soon as any job has one. The pragma is ignored inside a transaction, hence the autocommit
    blocks; the copies are checked before enforcement comes back.
    """
    if op.get_bind().dialect.name != 'sqlite':
        yield
        return
    with op.get_context().autocommit_block():
        op.execute('PRAGMA foreign_keys=OFF')
    try:
        yield
        broken = op.get_bind().execute(text('PRAGMA foreign_key_check')).all()
        if broken:
            raise RuntimeError(f'foreign keys broken by migration 0003: {broken}')
    finally:
        with op.get_context().autocommit_block():
            op.execute('PRAGMA foreign_keys=ON')


# Each foreign key is added in a batch of its own: SQLite's batch copy silently leaves out a
# constraint on a column renamed in the same batch.


def upgrade() -> None:
    with _foreign_keys_off():
        with op.batch_alter_table('job', schema=None) as batch_op:
            batch_op.drop_constraint('fk_job_dibuat_oleh_id_pengguna', type_='foreignkey')
            for old, new in JOB:
                batch_op.alter_column(old, new_column_name=new)
        with op.batch_alter_table('job', schema=None) as batch_op:
            batch_op.create_foreign_key(
                'fk_job_created_by_id_pengguna', 'pengguna', ['created_by_id'], ['id']
            )

        with op.batch_alter_table('job_output', schema=None) as batch_op:
            batch_op.drop_constraint('fk_job_output_berkas_sha256_berkas', type_='foreignkey')
            for old, new in JOB_OUTPUT:
                batch_op.alter_column(old, new_column_name=new)
        with op.batch_alter_table('job_output', schema=None) as batch_op:
            batch_op.create_foreign_key(
                'fk_job_output_file_sha256_berkas', 'berkas', ['file_sha256'], ['sha256']
            )


def downgrade() -> None:
    with _foreign_keys_off():
        with op.batch_alter_table('job_output', schema=None) as batch_op:
            batch_op.drop_constraint('fk_job_output_file_sha256_berkas', type_='foreignkey')
            for old, new in JOB_OUTPUT:
                batch_op.alter_column(new, new_column_name=old)
        with op.batch_alter_table('job_output', schema=None) as batch_op:
            batch_op.create_foreign_key(
                'fk_job_output_berkas_sha256_berkas', 'berkas', ['berkas_sha256'], ['sha256']
            )

        with op.batch_alter_table('job', schema=None) as batch_op:
            batch_op.drop_constraint('fk_job_created_by_id_pengguna', type_='foreignkey')
            for old, new in JOB:
                batch_op.alter_column(new, new_column_name=old)
        with op.batch_alter_table('job', schema=None) as batch_op:
            batch_op.create_foreign_key(
                'fk_job_dibuat_oleh_id_pengguna', 'pengguna', ['dibuat_oleh_id'], ['id']
            )
