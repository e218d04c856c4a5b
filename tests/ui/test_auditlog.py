"""lakip.services.auditlog: reading the audit log needs LIHAT_AUDIT; filters and limits."""

from __future__ import annotations

import pytest

from lakip.domain.roles import Izin, Peran, allowed
from lakip.services.access import SISTEM
from lakip.services.auditlog import MAX_LIMIT, audit_actions, list_audit
from lakip.services.errors import Ditolak
from lakip.services.runtime import Runtime
from lakip.services.signin import LoginGagal, login
from tests.ui.conftest import aktor_of
from tests.ui.seed import BY_PERAN


@pytest.mark.parametrize("peran", [p for p in Peran if not allowed(p, Izin.LIHAT_AUDIT)])
def test_roles_without_the_permission_are_refused_and_the_refusal_is_logged(
    rt: Runtime, peran: Peran
) -> None:
    aktor = aktor_of(rt, BY_PERAN[peran].username)
    with pytest.raises(Ditolak, match="Akses ditolak"):
        list_audit(rt, aktor)
    with pytest.raises(Ditolak):
        audit_actions(rt, aktor)
    rows = list_audit(rt, SISTEM, aksi="audit.lihat", username=aktor.username)
    assert [r.hasil for r in rows] == ["ditolak", "ditolak"]


def test_newest_first_with_filters_and_limit(rt: Runtime) -> None:
    irban = aktor_of(rt, "irban")
    with pytest.raises(LoginGagal):
        login(rt, "stafa", "salah-sekali-123")
    rows = list_audit(rt, irban)
    assert [r.waktu for r in rows] == sorted((r.waktu for r in rows), reverse=True)
    assert rows[0].aksi == "login" and rows[0].username == "stafa" and rows[0].hasil == "gagal"
    assert {r.aksi for r in list_audit(rt, irban, aksi="pengguna.")} == {"pengguna.buat"}
    assert {r.username for r in list_audit(rt, irban, username="  STAFA ")} == {"stafa"}
    assert len(list_audit(rt, irban, limit=2)) == 2
    assert len(list_audit(rt, irban, limit=0)) == 1
    assert len(list_audit(rt, irban, limit=10**9)) <= MAX_LIMIT
    # "%" and "_" in a filter are literal, not LIKE wildcards.
    assert list_audit(rt, irban, aksi="%") == []
    assert {"login", "pengguna.buat", "perencanaan.impor"} <= set(audit_actions(rt, irban))
