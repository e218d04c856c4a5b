"""Two uploads for the same unit and quarter at the same moment: both are kept, as versions
1 and 2, on SQLite and on PostgreSQL. No upload is lost or overwritten."""

from __future__ import annotations

import threading

from lakip.services.access import SISTEM
from lakip.services.history import list_versions
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.submissions import HasilUnggah, submit_quarter
from lakip.services.templates import template_for
from tests.fixtures.plans import small_plan
from tests.integration.helpers import fill_template


def test_simultaneous_uploads_become_consecutive_versions(any_rt: Runtime) -> None:
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    _n, template = template_for(any_rt, SISTEM, "BID-A", 2025, 1)
    files = [fill_template(template, {"IKU-01": value}) for value in (111, 222)]
    barrier = threading.Barrier(2)
    results: list[HasilUnggah] = []
    errors: list[BaseException] = []

    def upload(data: bytes) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(submit_quarter(any_rt, SISTEM, data, "laporan.xlsx"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(r.nomor for r in results) == [1, 2]
    versions = list_versions(any_rt, SISTEM, "BID-A", 2025, 1)
    assert [v.nomor for v in versions] == [2, 1]
    assert {v.berkas_sha256 for v in versions} == {r.berkas_sha256 for r in results}
    assert all(any_rt.files.exists(v.berkas_sha256) for v in versions)
