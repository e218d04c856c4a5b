"""What an account's fields must look like: username, full name, NIP, position, e-mail.

Pure checks that return every problem at once, in Indonesian, for the Admin's form.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "EMAIL_PATTERN",
    "NIP_PATTERN",
    "USERNAME_PATTERN",
    "clean_optional",
    "normalize_username",
    "profile_problems",
    "username_problems",
]

USERNAME_PATTERN: Final = re.compile(r"[a-z0-9._-]{3,40}")
NIP_PATTERN: Final = re.compile(r"[0-9]{18}")
EMAIL_PATTERN: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalize_username(username: str) -> str:
    """A username as stored and compared: trimmed, lower case."""
    return username.strip().lower()


def username_problems(name: str) -> list[str]:
    """Every problem with a (normalised) username, in Indonesian; empty when it is valid."""
    if USERNAME_PATTERN.fullmatch(name):
        return []
    if not name:
        return ["Nama pengguna wajib diisi."]
    problems: list[str] = []
    if not 3 <= len(name) <= 40:
        problems.append(f"Nama pengguna harus 3–40 karakter; yang diisi {len(name)} karakter.")
    bad = sorted({ch for ch in name if not re.fullmatch(r"[a-z0-9._-]", ch)})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        problems.append(
            "Nama pengguna hanya boleh berisi huruf kecil a–z, angka 0–9, titik (.), "
            f"garis bawah (_) dan tanda hubung (-); tidak boleh: {shown}."
        )
    return problems


def clean_optional(value: str | None) -> str | None:
    """An optional text field with its whitespace collapsed; None when nothing is left."""
    if value is None:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def profile_problems(
    nama: str, nip: str | None, jabatan: str | None, email: str | None
) -> tuple[list[str], str | None]:
    """Every problem with the descriptive fields, and the NIP without spaces (None if empty)."""
    problems: list[str] = []
    if not nama:
        problems.append("Nama lengkap wajib diisi.")
    elif len(nama) > 200:
        problems.append(f"Nama lengkap maksimal 200 karakter; yang diisi {len(nama)} karakter.")
    nip_digits = None if nip is None else re.sub(r"\s", "", nip)
    if nip_digits and not NIP_PATTERN.fullmatch(nip_digits):
        problems.append(f"NIP harus 18 digit angka; yang diisi '{nip}'.")
    if jabatan and len(jabatan) > 200:
        problems.append(f"Jabatan maksimal 200 karakter; yang diisi {len(jabatan)} karakter.")
    if email and (len(email) > 200 or not EMAIL_PATTERN.fullmatch(email)):
        problems.append(f"Alamat email '{email}' tidak valid (contoh: nama@balangankab.go.id).")
    return problems, nip_digits or None
