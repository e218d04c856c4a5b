"""E-mail delivery when the SMTP server fails, and a wrong LAKIP_SMTP_URL."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest
from sqlalchemy import select

from lakip.config import parse_smtp_url
from lakip.domain.roles import Peran
from lakip.services import notifications, users
from lakip.services._notices import notify
from lakip.services.access import SISTEM
from lakip.store.models import Pemberitahuan


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once the socket is closed


def test_an_unreachable_server_is_tried_again_and_gives_up_after_five_runs(
    tmp_path: Path,
) -> None:
    from tests.conftest import make_runtime

    base = make_runtime(tmp_path / "data")
    rt = dataclasses.replace(
        base,
        settings=dataclasses.replace(base.settings, smtp_url=f"smtp://127.0.0.1:{_closed_port()}"),
    )
    user = users.create_user(
        rt, SISTEM, username="kadis", nama="Kadis", peran=Peran.KEPALA_DINAS,
        password="Sandi-Uji-Panjang-1", email="kadis@balangan.test", skip_password_policy=True,
    )  # fmt: skip
    with rt.uow() as s:
        notify(s, [user.id], "uji:1", "uji", "Uji", "Isi.", rt.clock(), email=True)
        s.commit()

    def row() -> tuple[str | None, int, str | None]:
        with rt.uow() as s:
            n = s.scalar(select(Pemberitahuan))
            assert n is not None
            return n.email_status, n.email_percobaan, n.email_galat

    for attempt in range(1, notifications.EMAIL_ATTEMPTS):
        assert notifications.deliver_emails(rt) == 0
        status, tries, galat = row()
        assert (status, tries) == ("menunggu", attempt)
        assert galat is not None and galat.startswith("Server SMTP:")
    assert notifications.deliver_emails(rt) == 0
    assert row()[:2] == ("gagal", notifications.EMAIL_ATTEMPTS)
    assert notifications.deliver_emails(rt) == 0  # nothing waits any more
    assert row()[1] == notifications.EMAIL_ATTEMPTS


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "mail.example:25"])
def test_a_wrong_smtp_url_is_named_in_indonesian(url: str) -> None:
    with pytest.raises(ValueError, match="LAKIP_SMTP_URL tidak sah"):
        parse_smtp_url(url)


def test_smtp_url_parts() -> None:
    server = parse_smtp_url("smtps://pengguna%40dinas:s%2Fandi@mail.example")
    assert (server.host, server.port, server.tls, server.username, server.password) == (
        "mail.example",
        465,
        True,
        "pengguna@dinas",
        "s/andi",
    )
    assert parse_smtp_url("smtp://mail.example:587?starttls=1").starttls


def test_a_refused_login_is_counted_not_raised(tmp_path: Path) -> None:
    """A server that will not log us in (here: one without AUTH) fails the run, not the task:
    the notice waits for the next run with the attempt counted."""
    from aiosmtpd.controller import Controller

    from tests.conftest import make_runtime
    from tests.integration.test_sop_walk import Inbox, _free_port

    port = _free_port()
    controller = Controller(Inbox(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        base = make_runtime(tmp_path / "data")
        url = f"smtp://pengguna:sandi@127.0.0.1:{port}"
        rt = dataclasses.replace(base, settings=dataclasses.replace(base.settings, smtp_url=url))
        user = users.create_user(
            rt, SISTEM, username="irban", nama="Irban", peran=Peran.IRBAN_WIL,
            password="Sandi-Uji-Panjang-1", email="irban@balangan.test", skip_password_policy=True,
        )  # fmt: skip
        with rt.uow() as s:
            notify(s, [user.id], "uji:2", "uji", "Uji", "Isi.", rt.clock(), email=True)
            s.commit()
        assert notifications.deliver_emails(rt) == 0
        with rt.uow() as s:
            n = s.scalar(select(Pemberitahuan))
            assert n is not None
            assert (n.email_status, n.email_percobaan) == ("menunggu", 1)
            assert n.email_galat is not None and "AUTH" in n.email_galat
    finally:
        controller.stop()
