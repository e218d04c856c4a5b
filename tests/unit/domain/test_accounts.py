"""The account fields' checks: username, full name, NIP, position, e-mail."""

from __future__ import annotations

from lakip.domain.accounts import (
    clean_optional,
    normalize_username,
    profile_problems,
    username_problems,
)


def test_a_username_is_compared_trimmed_and_lowercased() -> None:
    assert normalize_username("  Budi.Santoso ") == "budi.santoso"


def test_a_valid_username_has_no_problems() -> None:
    assert username_problems("budi.santoso_2-x") == []


def test_an_empty_username_says_only_that_it_is_required() -> None:
    assert username_problems("") == ["Nama pengguna wajib diisi."]


def test_a_username_lists_its_length_and_every_forbidden_character() -> None:
    problems = username_problems("b!")
    assert len(problems) == 2
    assert "3–40 karakter" in problems[0]
    assert "'!'" in problems[1]


def test_optional_text_is_collapsed_and_empty_becomes_none() -> None:
    assert clean_optional(None) is None
    assert clean_optional("   ") is None
    assert clean_optional("  Kepala   Bidang ") == "Kepala Bidang"


def test_a_nip_is_eighteen_digits_spaces_aside() -> None:
    assert profile_problems("Budi", "19800101 200501 1 001", None, None) == (
        [],
        "198001012005011001",
    )
    problems, _ = profile_problems("Budi", "12345", None, None)
    assert problems == ["NIP harus 18 digit angka; yang diisi '12345'."]


def test_every_profile_problem_is_listed_at_once() -> None:
    problems, nip = profile_problems("", "", "x" * 201, "bukan-email")
    assert nip is None
    assert problems == [
        "Nama lengkap wajib diisi.",
        "Jabatan maksimal 200 karakter; yang diisi 201 karakter.",
        "Alamat email 'bukan-email' tidak valid (contoh: nama@balangankab.go.id).",
    ]
