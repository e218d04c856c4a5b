"""A use case is one transaction: one that raises half-way leaves the database exactly as it
was, on SQLite and on PostgreSQL (the record is compared table by table, not assumed)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from lakip.services.access import SISTEM
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from tests.fixtures.plans import small_plan
from tests.integration.helpers import fill_template, snapshot


class Halfway(Exception):
    """Raised from inside a use case after it has written rows."""


def _fail_on_flush_after(session_cls: type[Session], writes: int) -> Any:
    """A ``Session.flush`` that raises once ``writes`` flushes have gone to the database."""
    original = session_cls.flush
    count = {"n": 0}

    def flush(self: Session, objects: Any = None) -> None:
        original(self, objects)
        count["n"] += 1
        if count["n"] >= writes:
            raise Halfway("gagal di tengah jalan")

    return flush


def test_a_plan_import_failing_half_way_changes_nothing(
    any_rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(any_rt)
    # The units and objectives are flushed before the indicators: fail after the second flush.
    monkeypatch.setattr(Session, "flush", _fail_on_flush_after(Session, 2))
    with pytest.raises(Halfway):
        import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    monkeypatch.undo()
    assert snapshot(any_rt) == before
    # The same import without the fault stores the plan: the fault, not the data, stopped it.
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    assert snapshot(any_rt) != before


def test_an_upload_failing_half_way_stores_no_version(
    any_rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lakip.services import submissions, templates

    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    _name, template = templates.template_for(any_rt, SISTEM, "BID-A", 2025, 1)
    filled = fill_template(template, {"IKU-01": 200, "IKU-02": 80})
    before = snapshot(any_rt)
    files_before = sorted(p.name for p in any_rt.files.root.rglob("*") if p.is_file())
    # The version row is flushed before its realizations: fail after the realizations' flush.
    monkeypatch.setattr(Session, "flush", _fail_on_flush_after(Session, 3))
    with pytest.raises(Halfway):
        submissions.submit_quarter(any_rt, SISTEM, filled, "laporan.xlsx")
    monkeypatch.undo()
    assert snapshot(any_rt) == before
    files_after = sorted(p.name for p in any_rt.files.root.rglob("*") if p.is_file())
    # A stored file with no row pointing at it is harmless (content-addressed, deduplicated),
    # but the record itself must not have changed.
    assert set(files_before) <= set(files_after)
    result = submissions.submit_quarter(any_rt, SISTEM, filled, "laporan.xlsx")
    assert result.nomor == 1
