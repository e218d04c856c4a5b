"""Password hashing parameters, verification and the password policy."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher, Type

from lakip.services.passwords import (
    MIN_LENGTH,
    check_password_policy,
    hash_password,
    needs_rehash,
    verify_password,
)

PHC = re.compile(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$")


def test_hash_uses_owasp_argon2id_parameters() -> None:
    hashed = hash_password("Rahasia-Kuat-2025")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    match = PHC.match(hashed)
    assert match is not None
    memory_kib, iterations, parallelism = (int(g) for g in match.groups())
    assert (memory_kib, iterations, parallelism) == (19 * 1024, 2, 1)


def test_hash_is_salted_and_never_contains_the_password() -> None:
    first, second = hash_password("Rahasia-Kuat-2025"), hash_password("Rahasia-Kuat-2025")
    assert first != second
    assert "Rahasia" not in first


def test_verify_accepts_the_right_password_only() -> None:
    hashed = hash_password("Rahasia-Kuat-2025")
    assert verify_password(hashed, "Rahasia-Kuat-2025")
    assert not verify_password(hashed, "rahasia-kuat-2025")
    assert not verify_password(hashed, "")


@pytest.mark.parametrize("bad", ["", "bukan-hash", "$argon2id$v=19$m=19456,t=2,p=1$rusak"])
def test_verify_returns_false_on_an_invalid_hash(bad: str) -> None:
    assert verify_password(bad, "apa saja") is False


def test_needs_rehash_only_for_other_parameters_or_unreadable_hashes() -> None:
    assert not needs_rehash(hash_password("Rahasia-Kuat-2025"))
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID)
    assert needs_rehash(weak.hash("Rahasia-Kuat-2025"))
    assert needs_rehash("bukan-hash")


def test_a_good_password_passes_the_policy() -> None:
    assert check_password_policy("Sungai-Balangan-7", "budi") == []


def test_exactly_the_minimum_length_passes_and_one_less_fails() -> None:
    assert check_password_policy("x" * (MIN_LENGTH - 1) + "A", "budi") == []
    problems = check_password_policy("Abcdefgh9", "budi")
    assert problems == ["Kata sandi minimal 10 karakter; yang diisi baru 9 karakter."]


def test_password_equal_to_username_is_refused_whatever_the_case() -> None:
    assert check_password_policy("BudiSantoso", "budisantoso") == [
        "Kata sandi tidak boleh sama dengan nama pengguna."
    ]


def test_password_containing_username_is_refused() -> None:
    problems = check_password_policy("xx-Budi.Santoso-99", "budi.santoso")
    assert problems == ["Kata sandi tidak boleh memuat nama pengguna ('budi.santoso')."]


def test_all_digit_password_is_refused() -> None:
    problems = check_password_policy("19750812200501", "budi")
    assert problems == ["Kata sandi tidak boleh hanya berisi angka; tambahkan huruf atau simbol."]


@pytest.mark.parametrize("common", ["password123", "Admin12345", "BALANGAN123"])
def test_common_passwords_are_refused_case_insensitively(common: str) -> None:
    problems = check_password_policy(common, "budi")
    assert "Kata sandi terlalu umum dan mudah ditebak; pilih kata sandi lain." in problems


def test_every_problem_is_listed_at_once() -> None:
    problems = check_password_policy("12345", "12345")
    assert problems == [
        "Kata sandi minimal 10 karakter; yang diisi baru 5 karakter.",
        "Kata sandi tidak boleh sama dengan nama pengguna.",
        "Kata sandi tidak boleh hanya berisi angka; tambahkan huruf atau simbol.",
    ]


def test_admin_username_inside_common_password_reports_both() -> None:
    problems = check_password_policy("admin12345", "admin")
    assert problems == [
        "Kata sandi tidak boleh memuat nama pengguna ('admin').",
        "Kata sandi terlalu umum dan mudah ditebak; pilih kata sandi lain.",
    ]


def test_blank_password_is_refused() -> None:
    problems = check_password_policy(" " * 12, "budi")
    assert problems == ["Kata sandi tidak boleh hanya berisi spasi."]
